using LabelBot.Bot.Settings;
using LabelBot.Bot.Telemetry;
using LabelBot.Bot.Texts;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace LabelBot.Bot.Bots;

/// <summary>
/// After retries are dropped: a conversation sending messages faster than <see cref="RateLimitOptions.MessagesPerConversation"/>
/// per window, or a message whose request came from an address over its limit (<see cref="ClientRateLimiter"/>), gets a
/// friendly "slow down" reply instead of an answer, never an error. One token bucket per active conversation, keyed by
/// a keyed hash (<see cref="HashedTokenBuckets"/>).
/// </summary>
public sealed partial class ConversationRateLimitMiddleware : Microsoft.Bot.Builder.IMiddleware, IDisposable
{
    // Set around a turn whose permit was already decided before its message was stored (Direct Line): true admitted, false refused.
    private static readonly AsyncLocal<bool?> DecidedBeforeStoring = new();

    private readonly HashedTokenBuckets _buckets;
    private readonly TurnKeyHasher _hasher;
    private readonly BotTelemetry _telemetry;
    private readonly ILogger<ConversationRateLimitMiddleware> _logger;

    public ConversationRateLimitMiddleware(LabelBotHostOptions options, TurnKeyHasher hasher, BotTelemetry telemetry, ILogger<ConversationRateLimitMiddleware> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_hasher, _telemetry, _logger) = (hasher, telemetry, logger);
        _buckets = new HashedTokenBuckets(options.RateLimit.MessagesPerConversation, TimeSpan.FromSeconds(options.RateLimit.ConversationWindowSeconds));
    }

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var activity = turnContext.Activity;
        if (activity.Type == ActivityTypes.Message && LimitExceeded(activity) is { } scope)
        {
            var channel = BotTelemetry.ChannelTag(activity.ChannelId);
            TurnOutcome.Of(turnContext).Route = TurnRoutes.RateLimited;
            _telemetry.RecordRateLimited(scope, channel, "slow_down_reply");
            LogSlowedDown(_logger, channel, IdHasher.Hash($"{activity.ChannelId}|{activity.Conversation?.Id}"), scope);
            await turnContext.SendActivityAsync(MessageFactory.Text(BotTexts.Get(BotTexts.SlowDown)), cancellationToken);
            return;
        }
        await next(cancellationToken);
    }

    /// <summary>
    /// Takes the conversation's permit before its message is stored, so a message refused for "slow down" is never stored;
    /// run the turn inside <see cref="RunDecidedTurnAsync"/> so the middleware does not take a second one.
    /// </summary>
    public bool TryAdmit(string? channelId, string? conversationId) =>
        _buckets.TryTake(_hasher.Hash("conversation-rate", channelId, conversationId)).Allowed;

    public static async Task<T> RunDecidedTurnAsync<T>(bool admitted, Func<Task<T>> turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        DecidedBeforeStoring.Value = admitted;
        try
        {
            return await turn();
        }
        finally
        {
            DecidedBeforeStoring.Value = null;
        }
    }

    /// <summary>"ip" or "conversation" when the message is over a limit; null when it may be answered.</summary>
    private string? LimitExceeded(Activity activity)
    {
        // An address over its limit does not also spend its conversation's permits.
        if (ClientRateLimiter.IsCurrentTurnThrottled)
        {
            return "ip";
        }
        if (DecidedBeforeStoring.Value is { } admitted)
        {
            return admitted ? null : "conversation";
        }
        return _buckets.TryTake(_hasher.Hash("conversation-rate", activity.ChannelId, activity.Conversation?.Id)).Allowed ? null : "conversation";
    }

    public void Dispose() => _buckets.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Asked {Channel} conversation {Conversation} to slow down ({Scope} limit)")]
    private static partial void LogSlowedDown(ILogger logger, string channel, string conversation, string scope);
}
