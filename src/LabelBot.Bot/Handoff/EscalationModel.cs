using LabelBot.Bot.Conversations;

namespace LabelBot.Bot.Handoff;

/// <summary>Why a conversation reached the pharmacist queue.</summary>
public enum EscalationReason { UserRequest, Dosing, Personal, Emergency, AdverseEvent }

/// <summary>waiting → claimed (one pharmacist) → answered (replied at least once) → closed. A user's cancel closes too.</summary>
public enum EscalationStatus { Waiting, Claimed, Answered, Closed }

/// <summary>How replies reach the user: this host's own web chat (Direct Line store) or the Bot Framework connector (Teams, Azure).</summary>
public enum DeliveryRoute { BotFramework, LocalDirectLine }

/// <summary>What the bot knows when it files a case.</summary>
public sealed record NewEscalationCase(
    string ChannelId,
    string ConversationKey,
    DeliveryRoute Route,
    string ConversationReferenceJson,
    EscalationReason Reason,
    bool AdverseEventReport,
    IReadOnlyList<TranscriptEntry> Transcript);

/// <summary>A row of the queue list (no message text).</summary>
public sealed record EscalationCaseSummary(
    string Id,
    DateTimeOffset CreatedUtc,
    DateTimeOffset UpdatedUtc,
    string ChannelId,
    EscalationReason Reason,
    int Urgency,
    bool AdverseEventReport,
    EscalationStatus Status,
    string? ClaimedBy,
    TranscriptRole? LastMessageRole);

/// <summary>One case with its redacted transcript (before the hand-off) and its messages (after it).</summary>
public sealed record EscalationCase(
    string Id,
    DateTimeOffset CreatedUtc,
    DateTimeOffset UpdatedUtc,
    string ChannelId,
    string ConversationKey,
    DeliveryRoute Route,
    string ConversationReferenceJson,
    EscalationReason Reason,
    int Urgency,
    bool AdverseEventReport,
    EscalationStatus Status,
    string? ClaimedBy,
    DateTimeOffset? ClaimedUtc,
    DateTimeOffset? ClosedUtc,
    string? ClosedBy,
    IReadOnlyList<TranscriptEntry> Transcript,
    IReadOnlyList<TranscriptEntry> Messages)
{
    public bool IsOpen => Status != EscalationStatus.Closed;

    /// <summary>A pharmacist holds it: user messages go to the case, not the bot.</summary>
    public bool IsWithPharmacist => Status is EscalationStatus.Claimed or EscalationStatus.Answered;
}

/// <summary>The result of filing: the case, and whether it is new (false: the conversation already had an open one).</summary>
public sealed record FiledCase(EscalationCase Case, bool Created);

/// <summary>One audited action on a case: who, when, what. Never message text.</summary>
public sealed record CaseAuditEntry(string CaseId, DateTimeOffset AtUtc, string Actor, string Action, string? Detail);

public static class EscalationNames
{
    public const string UserActor = "user";
    public const string SystemActor = "system";

    public static string PharmacistActor(string name) => "pharmacist:" + name;

    public static string ToWire(this EscalationReason reason) => reason switch
    {
        EscalationReason.UserRequest => "user_request",
        EscalationReason.Dosing => "dosing",
        EscalationReason.Personal => "personal",
        EscalationReason.Emergency => "emergency",
        EscalationReason.AdverseEvent => "adverse_event",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    public static string ToWire(this EscalationStatus status) => status switch
    {
        EscalationStatus.Waiting => "waiting",
        EscalationStatus.Claimed => "claimed",
        EscalationStatus.Answered => "answered",
        EscalationStatus.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static EscalationReason ParseReason(string wire) =>
        Enum.GetValues<EscalationReason>().First(r => string.Equals(r.ToWire(), wire, StringComparison.Ordinal));

    public static EscalationStatus ParseStatus(string wire) =>
        Enum.GetValues<EscalationStatus>().First(s => string.Equals(s.ToWire(), wire, StringComparison.Ordinal));

    /// <summary>1 is most urgent. SAFETY: emergencies first, then reported side effects, then dosing/personal redirects, then plain requests.</summary>
    public static int Urgency(this EscalationReason reason) => reason switch
    {
        EscalationReason.Emergency => 1,
        EscalationReason.AdverseEvent => 2,
        EscalationReason.Dosing or EscalationReason.Personal => 3,
        _ => 4,
    };

    public static string Describe(this EscalationReason reason) => reason switch
    {
        EscalationReason.UserRequest => "User request",
        EscalationReason.Dosing => "Dosing question",
        EscalationReason.Personal => "Personal situation",
        EscalationReason.Emergency => "Emergency",
        EscalationReason.AdverseEvent => "Adverse event",
        _ => reason.ToString(),
    };
}
