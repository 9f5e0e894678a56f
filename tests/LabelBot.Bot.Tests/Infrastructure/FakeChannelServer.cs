using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Infrastructure;

/// <summary>
/// Plays the channel's Bot Connector service (Teams' serviceUrl): a small Kestrel app on 127.0.0.1 that records every
/// activity the bot sends (POST /v3/conversations/{id}/activities[/{replyToId}]) and acknowledges it like Teams does.
/// </summary>
internal sealed class FakeChannelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedActivity> _received = new();
    private int _nextId;

    private FakeChannelServer(WebApplication app) => _app = app;

    public Uri ServiceUrl { get; private set; } = null!;

    /// <param name="Id">The id this server gave the activity (Teams answers with the message id).</param>
    public sealed record ReceivedActivity(string ConversationId, string? ReplyToId, string? Authorization, JObject Activity, string Id);

    public static async Task<FakeChannelServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new FakeChannelServer(app);
        app.MapPost("/v3/conversations/{conversationId}/activities", (string conversationId, HttpRequest request) => server.RecordAsync(conversationId, null, request));
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, HttpRequest request) => server.RecordAsync(conversationId, activityId, request));
        await app.StartAsync();
        server.ServiceUrl = new Uri(app.Urls.Single() + "/");
        return server;
    }

    /// <summary>Activities the bot sent to this conversation, in order.</summary>
    public IReadOnlyList<ReceivedActivity> For(string conversationId) => _received.Where(r => r.ConversationId == conversationId).ToList();

    private async Task<IResult> RecordAsync(string conversationId, string? replyToId, HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var activity = JObject.Parse(await reader.ReadToEndAsync());
        var id = "reply-" + Interlocked.Increment(ref _nextId);
        _received.Enqueue(new ReceivedActivity(conversationId, replyToId, request.Headers.Authorization.ToString(), activity, id));
        return Results.Json(new { id });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
