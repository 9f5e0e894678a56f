using System.Collections.Concurrent;

namespace LabelBot.Bot.Texts;

/// <summary>The host's fixed user-facing texts, embedded Markdown files (front matter stripped), so the shipped wording is the tested wording.</summary>
public static partial class BotTexts
{
    public const string Welcome = "welcome";
    public const string EmptyMessage = "empty-message";
    public const string AttachmentsOnly = "attachments-only";
    public const string TooLong = "too-long";
    public const string StillLoading = "still-loading";
    public const string Unavailable = "unavailable";
    public const string FeedbackThanks = "feedback-thanks";
    public const string EscalationStarted = "escalation-started";
    public const string EscalationAlreadyQueued = "escalation-already-queued";
    public const string EscalationCancelled = "escalation-cancelled";
    public const string EscalationNothingToCancel = "escalation-nothing-to-cancel";
    public const string EscalationClaimed = "escalation-claimed";
    public const string EscalationClosed = "escalation-closed";
    public const string PharmacistReply = "pharmacist-reply";
    public const string AdverseEventFiled = "adverse-event-filed";
    public const string SlowDown = "slow-down";
    public const string StillWorking = "still-working";
    public const string AnswerTimedOut = "answer-timed-out";
    public const string AttachmentsIgnored = "attachments-ignored";
    public const string EscalationUnavailable = "escalation-unavailable";
    public const string AdverseEventUnavailable = "adverse-event-unavailable";
    public const string EscalationAfterHours = "escalation-after-hours";
    public const string PharmacistMessageReceived = "pharmacist-message-received";
    public const string FeedbackUnknownAnswer = "feedback-unknown-answer";

    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Get(string name) => Cache.GetOrAdd(name, Load);

    /// <summary>The text with each {placeholder} replaced; values are inserted as given (in one pass, so a value is never re-expanded).</summary>
    public static string Render(string name, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Placeholder().Replace(Get(name), m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);
    }

    private static string Load(string name)
    {
        var resource = $"LabelBot.Bot.Texts.{name}.md";
        using var stream = typeof(BotTexts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Missing embedded text {resource}.");
        using var reader = new StreamReader(stream);
        return StripFrontMatter(reader.ReadToEnd()).Trim();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();

    private static string StripFrontMatter(string text)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!normalized.StartsWith("---\n", StringComparison.Ordinal))
        {
            return normalized;
        }
        var end = normalized.IndexOf("\n---\n", 4, StringComparison.Ordinal);
        return end < 0 ? normalized : normalized[(end + 5)..];
    }
}
