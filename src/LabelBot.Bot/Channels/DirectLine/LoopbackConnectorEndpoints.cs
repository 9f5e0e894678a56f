using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Channels.DirectLine;

/// <summary>
/// The slice of the Bot Connector API (/v3/conversations/{id}/activities[/{replyToId}]) that the bot calls to reply in a
/// Direct Line conversation. Only the bot itself (holding <see cref="LoopbackConnectorKey"/>) may call it.
/// </summary>
public static class LoopbackConnectorEndpoints
{
    public static IEndpointRouteBuilder MapLoopbackConnectorEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v3/conversations/{conversationId}/activities", (string conversationId, HttpRequest request, IDirectLineStore store, LoopbackConnectorKey key, BotIdentity bot, CancellationToken ct)
            => AppendAsync(conversationId, null, request, store, key, bot, ct));
        endpoints.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, HttpRequest request, IDirectLineStore store, LoopbackConnectorKey key, BotIdentity bot, CancellationToken ct)
            => AppendAsync(conversationId, activityId, request, store, key, bot, ct));
        return endpoints;
    }

    private static async Task<IResult> AppendAsync(string conversationId, string? replyToId, HttpRequest request, IDirectLineStore store, LoopbackConnectorKey key, BotIdentity bot, CancellationToken cancellationToken)
    {
        if (!key.Matches(request.Headers.Authorization.ToString()))
        {
            return ActivityJson.Error(StatusCodes.Status401Unauthorized, "Unauthorized", "Only this host's bot may post here.");
        }
        var (body, error) = await ActivityJson.ReadObjectAsync(request, ActivityJson.MaxActivityBytes, cancellationToken);
        if (body is null)
        {
            return ActivityJson.Error(error, "BadArgument", "The body must be one activity (JSON object).");
        }
        // What the page sees as the bot: always this bot, whatever the activity claims.
        body["from"] = new JObject { ["id"] = bot.Id, ["name"] = bot.Name, ["role"] = RoleTypes.Bot };
        body["conversation"] = new JObject { ["id"] = conversationId };
        body["channelId"] = "directline";
        body.Remove("serviceUrl");
        if (replyToId is not null)
        {
            body["replyToId"] = replyToId;
        }
        var id = await store.AppendAsync(conversationId, body, cancellationToken);
        return id is null
            ? ActivityJson.Error(StatusCodes.Status404NotFound, "BadArgument", "Conversation not found.")
            : ActivityJson.Json(new JObject { ["id"] = id });
    }
}
