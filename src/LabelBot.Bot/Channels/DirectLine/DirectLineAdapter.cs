using System.Globalization;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Channels.DirectLine;

/// <summary>The web chat conversation a reply was meant for no longer exists (expired and deleted).</summary>
public sealed class DirectLineConversationGoneException() : Exception("The web chat conversation no longer exists.");

/// <summary>
/// Runs web chat (Direct Line) turns through the same middleware and bot as /api/messages, and writes the bot's replies
/// straight into the conversation's <see cref="IDirectLineStore"/>: the activity never left this process, so there is
/// no token to check and no connector to call.
/// </summary>
public sealed class DirectLineAdapter(IDirectLineStore store, DirectLineActivityFeed feed, BotIdentity bot, TimeProvider clock) : BotAdapter
{
    /// <summary>Runs one turn of an activity the page posted (or the welcome).</summary>
    public Task ProcessDirectLineActivityAsync(Activity activity, BotCallbackHandler callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return RunTurnAsync(activity, callback, cancellationToken);
    }

    /// <summary>
    /// A proactive turn in a web chat conversation of this host (a pharmacist's reply): the same middleware as a user's
    /// turn, so what <paramref name="callback"/> sends lands in the same store. Overridden because the base class
    /// disposes the turn context before an asynchronous pipeline has finished.
    /// </summary>
    public override Task ContinueConversationAsync(string botId, ConversationReference reference, BotCallbackHandler callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return RunTurnAsync(reference.GetContinuationActivity(), callback, cancellationToken);
    }

    public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var responses = new ResourceResponse[activities.Length];
        for (var i = 0; i < activities.Length; i++)
        {
            var activity = activities[i];
            string? id = null;
            if (activity.Type == ActivityTypesEx.Delay)
            {
                var delayMs = Convert.ToInt32(activity.Value, CultureInfo.InvariantCulture);
                await Task.Delay(TimeSpan.FromMilliseconds(delayMs), clock, cancellationToken);
            }
            else if (activity.Type is not (ActivityTypesEx.InvokeResponse or ActivityTypes.Trace))
            {
                // Invoke responses answer the caller and traces are for the Emulator: neither belongs in the transcript.
                id = await store.AppendAsync(activity.Conversation.Id, Snapshot(activity), cancellationToken)
                    ?? throw new DirectLineConversationGoneException();
                feed.Appended(activity.Conversation.Id);
            }
            responses[i] = new ResourceResponse(id ?? string.Empty);
        }
        return responses;
    }

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Web chat activities are never edited.");

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Web chat activities are never deleted.");

    private async Task RunTurnAsync(Activity activity, BotCallbackHandler callback, CancellationToken cancellationToken)
    {
        using var context = new TurnContext(this, activity);
        await RunPipelineAsync(context, callback, cancellationToken);
    }

    /// <summary>What the page sees: always this bot, in this conversation, on this channel, whatever the activity claims.</summary>
    private JObject Snapshot(Activity activity)
    {
        var json = ActivityJson.ToJObject(activity);
        json["from"] = new JObject { ["id"] = bot.Id, ["name"] = bot.Name, ["role"] = RoleTypes.Bot };
        json["conversation"] = new JObject { ["id"] = activity.Conversation.Id };
        json["channelId"] = "directline";
        json.Remove("serviceUrl");
        return json;
    }
}
