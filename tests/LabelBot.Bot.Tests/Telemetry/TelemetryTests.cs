using System.Diagnostics;
using System.Net;
using System.Text;
using LabelBot.Bot.Rendering;
using LabelBot.Bot.Telemetry;
using LabelBot.Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LabelBot.Bot.Tests.Telemetry;

/// <summary>The turn span and metrics of a host, seen in-process and through a real OTLP exporter: right tags, no text, no ids.</summary>
[Collection(BotHostCollection.Name)]
public sealed class TelemetryTests(BotHostFixture fixture)
{
    private const string Question = "What are the warnings for ciprofloxacin?";
    private const string SecondQuestion = "Is ciprofloxacin safe during pregnancy?";

    [Fact]
    public async Task Each_turn_has_a_span_and_metrics_by_channel_and_route_without_text_or_ids()
    {
        // An hour-long window: no permit comes back while the test runs, however slow the machine.
        var settings = new Dictionary<string, string> { ["LabelBot:RateLimit:MessagesPerConversation"] = "3", ["LabelBot:RateLimit:ConversationWindowSeconds"] = "3600" };
        await using var host = await GuardedBotHost.StartAsync(fixture, settings);
        await using var teams = await FakeChannelServer.StartAsync();
        using var recorder = new TelemetryRecorder(host.Host.Service<BotTelemetry>());

        var client = new DirectLineTestClient(host.Http);
        await client.StartAsync();
        await client.WaitForBotMessageAsync(_ => true);
        var questionId = await client.PostTextAsync(Question);
        var answer = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == questionId);
        var citations = answer["entities"]!.First(e => (string?)e["type"] == WebChatCitations.EntityType)["citation"]!.Count();
        Assert.True(citations > 0);
        await client.PostTextAsync(Question);        // a resend: duplicate
        await client.PostTextAsync("");              // 2nd permit
        await client.PostTextAsync("");              // 3rd permit
        await client.PostTextAsync(SecondQuestion);  // over the conversation's limit
        var teamsUser = new TeamsActivities(teams.ServiceUrl);
        using (var response = await TeamsActivities.PostAsync(host.Http, teamsUser.Message(Question)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // One span per turn, each the root of its own trace.
        var spans = recorder.Spans.Where(s => s.OperationName == BotTelemetry.TurnSpanName).ToList();
        Assert.All(spans, s => Assert.Equal(ActivityKind.Server, s.Kind));
        Assert.All(spans, s => Assert.Null(s.ParentId));
        var directLineRoutes = spans.Where(s => Tag(s, "labelbot.channel") == "directline").Select(s => Tag(s, "labelbot.route")).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "answer", "duplicate", "empty", "empty", "rate_limited", "welcome" }, directLineRoutes);
        var answered = spans.Single(s => Tag(s, "labelbot.channel") == "directline" && Tag(s, "labelbot.route") == "answer");
        Assert.Equal(citations.ToString(System.Globalization.CultureInfo.InvariantCulture), Tag(answered, "labelbot.citations"));
        Assert.Equal("message", Tag(answered, "labelbot.activity_type"));
        Assert.Contains(spans, s => Tag(s, "labelbot.channel") == "msteams" && Tag(s, "labelbot.route") == "answer");

        Assert.Equal(1, Sum(recorder, BotTelemetry.TurnsMetric, ("channel", "directline"), ("route", "answer")));
        Assert.Equal(1, Sum(recorder, BotTelemetry.TurnsMetric, ("channel", "msteams"), ("route", "answer")));
        Assert.Equal(2, Sum(recorder, BotTelemetry.TurnsMetric, ("channel", "directline"), ("route", "empty")));
        Assert.Contains(recorder.Of(BotTelemetry.TurnDurationMetric), m => m.Tags["route"] == "answer" && m.Value > 0);
        Assert.Equal(citations, Assert.Single(recorder.Of(BotTelemetry.RetrievalHitsMetric), m => m.Tags["channel"] == "directline").Value);
        Assert.Equal(1, Sum(recorder, BotTelemetry.RateLimitedMetric, ("scope", "conversation"), ("channel", "directline"), ("action", "slow_down_reply")));
        Assert.Equal(1, Sum(recorder, BotTelemetry.DuplicatesMetric, ("reason", "same_text"), ("channel", "directline")));

        var values = recorder.AllTagValues().ToList();
        Assert.NotEmpty(values);
        foreach (var secret in Secrets(client, teamsUser))
        {
            Assert.DoesNotContain(values, v => v.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Otlp_export_is_off_without_the_endpoint_variable_and_carries_no_text_or_ids_with_it()
    {
        await using (var plain = await GuardedBotHost.StartAsync(fixture))
        {
            Assert.Null(plain.Host.App.Services.GetService<TracerProvider>());
            Assert.Null(plain.Host.App.Services.GetService<MeterProvider>());
        }

        await using var collector = await FakeOtlpCollector.StartAsync();
        var settings = new Dictionary<string, string>
        {
            [TelemetryServiceCollectionExtensions.OtlpEndpointSetting] = collector.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        };
        var host = await GuardedBotHost.StartAsync(fixture, settings);
        DirectLineTestClient client;
        await using var teams = await FakeChannelServer.StartAsync();
        var teamsUser = new TeamsActivities(teams.ServiceUrl);
        try
        {
            Assert.NotNull(host.Host.App.Services.GetService<TracerProvider>());
            client = new DirectLineTestClient(host.Http);
            await client.StartAsync();
            var id = await client.PostTextAsync(Question);
            await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == id);
        }
        finally
        {
            // Stopping the host flushes the batched spans and the last metric collection.
            await host.DisposeAsync();
        }

        var traces = collector.Received("/v1/traces");
        var metrics = collector.Received("/v1/metrics");
        Assert.True(Contains(traces, BotTelemetry.TurnSpanName), "no turn span exported");
        Assert.True(Contains(traces, "labelbot.route"));
        Assert.True(Contains(metrics, BotTelemetry.TurnsMetric), "no turn metric exported");
        Assert.True(Contains(metrics, BotTelemetry.TurnDurationMetric));
        foreach (var secret in Secrets(client, teamsUser))
        {
            Assert.False(Contains(traces, secret), "exported spans contain " + secret);
            Assert.False(Contains(metrics, secret), "exported metrics contain " + secret);
        }
    }

    private static IEnumerable<string> Secrets(DirectLineTestClient client, TeamsActivities teamsUser) =>
    [
        Question, SecondQuestion, "ciprofloxacin", "pregnancy",
        client.ConversationId, client.UserId, client.Token,
        IdHasher.Hash("directline|" + client.ConversationId), IdHasher.Hash(client.ConversationId),
        teamsUser.ConversationId, teamsUser.UserId, teamsUser.UserAadObjectId, IdHasher.Hash("msteams|" + teamsUser.ConversationId),
    ];

    private static string? Tag(Activity span, string name) =>
        Convert.ToString(span.GetTagItem(name), System.Globalization.CultureInfo.InvariantCulture);

    private static double Sum(TelemetryRecorder recorder, string instrument, params (string Key, string Value)[] tags) =>
        recorder.Of(instrument).Where(m => tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && v == t.Value)).Sum(m => m.Value);

    private static bool Contains(byte[] haystack, string text) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
