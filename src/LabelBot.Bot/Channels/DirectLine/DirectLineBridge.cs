using System.Text;
using LabelBot.Bot.Bots;
using LabelBot.Bot.Settings;
using LabelBot.Bot.Telemetry;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;

namespace LabelBot.Bot.Channels.DirectLine;

/// <summary>What became of a posted activity: its id (null when the conversation vanished), or refused as too large (nothing stored, no turn).</summary>
public sealed record DirectLinePostOutcome(string? Id, bool TooLarge = false);

/// <summary>
/// Feeds web chat activities into the bot: stores the user's activity in the conversation, then runs the bot turn through
/// <see cref="DirectLineAdapter"/>, which writes the bot's replies straight into the same store.
/// </summary>
public sealed partial class DirectLineBridge(
    IDirectLineStore store,
    DirectLineActivityFeed feed,
    DirectLineAdapter adapter,
    IBot bot,
    BotIdentity botIdentity,
    InFlightTurns inFlight,
    ConversationRateLimitMiddleware conversationLimits,
    DuplicateActivityMiddleware duplicates,
    LabelBotHostOptions options,
    IHostApplicationLifetime lifetime,
    ILogger<DirectLineBridge> logger)
{
    // A turn outlives a client that gave up waiting, but not a stuck engine.
    private static readonly TimeSpan TurnTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Says welcome the first time a client starts the conversation.</summary>
    public async Task StartAsync(DirectLineConversation conversation)
    {
        if (!await store.MarkStartedAsync(conversation.Id))
        {
            return;
        }
        var user = new ChannelAccount(conversation.UserId, role: RoleTypes.User);
        var update = NewIncoming(conversation, ActivityTypes.ConversationUpdate, user);
        update.Id = Guid.NewGuid().ToString("N");
        update.MembersAdded = [new ChannelAccount(botIdentity.Id, botIdentity.Name, RoleTypes.Bot), user];
        await RunTurnAsync(update);
    }

    /// <summary>
    /// Delivers an activity the client posted and returns its id. Stored only when it will be answered: a message over
    /// its address's or conversation's limit, or longer than a question may be, still gets its turn (which says "slow
    /// down" or "too long") but is not kept; one larger than <see cref="DirectLineOptions.MaxUserActivityBytes"/> is refused.
    /// </summary>
    public async Task<DirectLinePostOutcome> PostFromUserAsync(DirectLineConversation conversation, Activity posted, bool addressOverLimit)
    {
        ArgumentNullException.ThrowIfNull(posted);
        var user = new ChannelAccount(
            conversation.UserId,
            string.IsNullOrWhiteSpace(posted.From?.Name) ? null : posted.From.Name,
            RoleTypes.User);
        var incoming = NewIncoming(conversation, string.IsNullOrWhiteSpace(posted.Type) ? ActivityTypes.Message : posted.Type, user);
        incoming.Text = posted.Text;
        incoming.TextFormat = posted.TextFormat;
        incoming.Value = posted.Value;
        incoming.Name = posted.Name;
        incoming.Locale = posted.Locale;
        incoming.Attachments = posted.Attachments;
        incoming.ChannelData = posted.ChannelData;
        incoming.Entities = posted.Entities;

        var snapshot = ActivityJson.ToJObject(incoming);
        if (Encoding.UTF8.GetByteCount(snapshot.ToString(Newtonsoft.Json.Formatting.None)) > options.DirectLine.MaxUserActivityBytes)
        {
            return new DirectLinePostOutcome(null, TooLarge: true);
        }
        var isMessage = incoming.Type == ActivityTypes.Message;
        // Retry and conversation permit are decided before storing, in the middlewares' order: a retry spends no permit
        // (and is stored, so the page sees its echo), an address over its limit spends none either.
        var retry = isMessage ? duplicates.CheckBeforeStoring(incoming) : null;
        var admitted = !isMessage || addressOverLimit || retry is not null || conversationLimits.TryAdmit(incoming.ChannelId, conversation.Id);
        var stored = isMessage && !addressOverLimit && admitted && (posted.Text ?? "").Trim().Length <= options.MaxQuestionLength;
        if (!isMessage || stored)
        {
            var id = await store.AppendAsync(conversation.Id, snapshot);
            if (id is null)
            {
                return new DirectLinePostOutcome(null);
            }
            feed.Appended(conversation.Id);
            incoming.Id = id;
        }
        else
        {
            // Refused: answered, never stored. The id only links the reply to it.
            incoming.Id = $"{conversation.Id}|refused-{Guid.NewGuid():N}";
        }
        // The client gets the id once the turn ends or the acknowledgement time passes.
        Task<bool> Deliver() => inFlight.AwaitOrAcknowledgeAsync(RunTurnAsync(incoming));
        if (addressOverLimit)
        {
            await DuplicateActivityMiddleware.RunDecidedTurnAsync(retry, () => ClientRateLimiter.RunThrottledTurnAsync(Deliver));
        }
        else if (isMessage)
        {
            await DuplicateActivityMiddleware.RunDecidedTurnAsync(retry, () => ConversationRateLimitMiddleware.RunDecidedTurnAsync(admitted, Deliver));
        }
        else
        {
            await Deliver();
        }
        return new DirectLinePostOutcome(incoming.Id);
    }

    private Activity NewIncoming(DirectLineConversation conversation, string type, ChannelAccount from) => new()
    {
        Type = type,
        ChannelId = Microsoft.Bot.Connector.Channels.Directline,
        Conversation = new ConversationAccount(id: conversation.Id),
        From = from,
        Recipient = new ChannelAccount(botIdentity.Id, botIdentity.Name, RoleTypes.Bot),
        Timestamp = DateTimeOffset.UtcNow,
        LocalTimestamp = DateTimeOffset.UtcNow,
    };

    private async Task RunTurnAsync(Activity activity)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        timeout.CancelAfter(TurnTimeout);
        try
        {
            await adapter.ProcessDirectLineActivityAsync(activity, bot.OnTurnAsync, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            LogTimedOut(logger, IdHasher.Hash(activity.Conversation.Id));
        }
#pragma warning disable CA1031 // The user's activity is already stored: a failed delivery is logged, never a 500 to the page.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogDeliveryFailed(logger, ex, IdHasher.Hash(activity.Conversation.Id));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Direct Line turn timed out on conversation {Conversation}")]
    private static partial void LogTimedOut(ILogger logger, string conversation);

    [LoggerMessage(Level = LogLevel.Error, Message = "Direct Line turn failed on conversation {Conversation}")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string conversation);
}
