using System.Text;
using LabelBot.Bot.Settings;
using LabelBot.Bot.Telemetry;
using LabelBot.Core.Text;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace LabelBot.Bot.Bots;

/// <summary>
/// Channels retry a delivery when our reply is slow: Teams re-sends the same activity id, and sometimes the same message
/// under a new id. A retried message is answered once:
/// <list type="bullet">
/// <item>same (channel, conversation, activity id) as one of the last 10,000 messages: a retry;</item>
/// <item>same text (and button value) as the conversation's previous message, within <see cref="TurnOptions.RetryWindow"/>
/// of it: a retry. Only the previous message counts, so "yes", another question, "yes" is answered three times; a repeat
/// after the window is answered again. Each repeat restarts the window (a channel retrying every 15 s is one message).
/// Short texts and button values follow the same rule: pressing the same button twice within the window gives one reply.
/// Text is compared after Unicode normalisation and whitespace collapsing, case-sensitively (a retry is a copy).</item>
/// </list>
/// Memory holds keyed hashes only (<see cref="TurnKeyHasher"/>), bounded in number; nothing about a retry is logged
/// beyond the channel and the conversation's one-way hash.
/// </summary>
public sealed partial class DuplicateActivityMiddleware(
    TurnKeyHasher hasher,
    LabelBotHostOptions options,
    TimeProvider clock,
    BotTelemetry telemetry,
    ILogger<DuplicateActivityMiddleware> logger) : Microsoft.Bot.Builder.IMiddleware
{
    private const int IdCapacity = 10_000;
    private const int ConversationCapacity = 100_000;

    // Set around a Direct Line turn whose retry decision was taken before its message was stored.
    private static readonly AsyncLocal<(bool Decided, string? Reason)> DecidedBeforeStoring = new();

    private readonly Lock _gate = new();
    private readonly HashSet<UInt128> _seenIds = [];
    private readonly Queue<UInt128> _idOrder = new();
    private readonly Dictionary<UInt128, PreviousMessage> _previous = [];
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    private readonly record struct PreviousMessage(UInt128 Content, DateTimeOffset At);

    /// <summary>Conversations whose previous message is remembered (tests check that memory is released).</summary>
    internal int TrackedConversations
    {
        get
        {
            lock (_gate)
            {
                return _previous.Count;
            }
        }
    }

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var activity = turnContext.Activity;
        var decided = DecidedBeforeStoring.Value;
        if (activity.Type == ActivityTypes.Message && (decided.Decided ? decided.Reason : RetryReason(activity)) is { } reason)
        {
            var channel = BotTelemetry.ChannelTag(activity.ChannelId);
            TurnOutcome.Of(turnContext).Route = TurnRoutes.Duplicate;
            telemetry.RecordDuplicate(channel, reason);
            LogDuplicate(logger, channel, IdHasher.Hash($"{activity.ChannelId}|{activity.Conversation?.Id}"), reason);
            return;
        }
        await next(cancellationToken);
    }

    /// <summary>
    /// Decides before a Direct Line message is stored whether it is a retry, so the bridge can skip its rate-limit permit;
    /// run the turn inside <see cref="RunDecidedTurnAsync"/> so the middleware does not decide twice.
    /// </summary>
    public string? CheckBeforeStoring(Activity activity) => RetryReason(activity);

    public static async Task<T> RunDecidedTurnAsync<T>(string? reason, Func<Task<T>> turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        DecidedBeforeStoring.Value = (true, reason);
        try
        {
            return await turn();
        }
        finally
        {
            DecidedBeforeStoring.Value = default;
        }
    }

    private string? RetryReason(Activity activity)
    {
        if (!string.IsNullOrEmpty(activity.Id) && !FirstDelivery(hasher.Hash("id", activity.ChannelId, activity.Conversation?.Id, activity.Id)))
        {
            return "activity_id";
        }
        if (options.Turns.RetryWindowSeconds <= 0)
        {
            return null;
        }
        var conversation = hasher.Hash("conversation", activity.ChannelId, activity.Conversation?.Id);
        // A message with neither text nor value (a file) still separates the messages around it.
        var content = ContentOf(activity) is { } text ? hasher.Hash("content", text) : (UInt128?)null;
        return RepeatsPrevious(conversation, content) ? "same_text" : null;
    }

    private bool FirstDelivery(UInt128 key)
    {
        lock (_gate)
        {
            if (!_seenIds.Add(key))
            {
                return false;
            }
            _idOrder.Enqueue(key);
            if (_idOrder.Count > IdCapacity)
            {
                _seenIds.Remove(_idOrder.Dequeue());
            }
            return true;
        }
    }

    private bool RepeatsPrevious(UInt128 conversation, UInt128? content)
    {
        var now = clock.GetUtcNow();
        var window = options.Turns.RetryWindow;
        lock (_gate)
        {
            if (now >= _nextSweep || _previous.Count >= ConversationCapacity)
            {
                Sweep(now, window);
            }
            if (content is not { } key)
            {
                _previous.Remove(conversation);
                return false;
            }
            var repeat = _previous.TryGetValue(conversation, out var previous) && previous.Content == key && now - previous.At < window;
            // Full (more conversations active within one window than the capacity): new ones are not tracked, so at worst
            // a retry of theirs is answered twice.
            if (_previous.Count < ConversationCapacity || _previous.ContainsKey(conversation))
            {
                _previous[conversation] = new PreviousMessage(key, now);
            }
            return repeat;
        }
    }

    private void Sweep(DateTimeOffset now, TimeSpan window)
    {
        foreach (var (key, previous) in _previous)
        {
            if (now - previous.At >= window)
            {
                _previous.Remove(key);
            }
        }
        _nextSweep = now + window;
    }

    /// <summary>What a retry repeats: the normalised text and the button value; null when the message has neither.</summary>
    private static string? ContentOf(Activity activity)
    {
        var text = NormaliseText(activity.Text);
        var value = activity.Value?.ToString();
        return text.Length == 0 && string.IsNullOrEmpty(value) ? null : text + "\u001f" + value;
    }

    private static string NormaliseText(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "" : Whitespace.Collapse(text.Normalize(NormalizationForm.FormC));

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored a retried message on {Channel} conversation {Conversation} ({Reason})")]
    private static partial void LogDuplicate(ILogger logger, string channel, string conversation, string reason);
}
