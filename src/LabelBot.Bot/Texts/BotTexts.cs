using LabelBot.Core.Answering.Prompts;

namespace LabelBot.Bot.Texts;

/// <summary>
/// Names of the host's fixed user-facing texts (prompts/bot/*.md, prompts/viewer/*.md), read from the one
/// <see cref="PromptCatalog"/> that holds every text under prompts/.
/// </summary>
public static class BotTexts
{
    public const string Welcome = "conversation-welcome";
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

    /// <summary>The text called <paramref name="name"/>; it has no placeholders (the catalog throws if it has).</summary>
    public static string Get(string name) => PromptCatalog.Default.Render(name);

    /// <summary>The text with each {{placeholder}} filled in one pass, so a value is never re-expanded.</summary>
    public static string Render(string name, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return PromptCatalog.Default.Render(name, values);
    }
}
