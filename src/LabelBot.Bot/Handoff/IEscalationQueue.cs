using LabelBot.Bot.Conversations;

namespace LabelBot.Bot.Handoff;

/// <summary>
/// The pharmacist queue: cases, their messages and an audit row for every change. SQLite by default (in the host's
/// database file); a PostgreSQL implementation can follow behind the same interface. Every state change is a single
/// conditional write, so two pharmacists racing for one case cannot both win.
/// </summary>
public interface IEscalationQueue
{
    /// <summary>Files a case (audited as filed by the user); when the conversation already has an open case, returns that one.</summary>
    Task<FiledCase> FileAsync(NewEscalationCase draft, CancellationToken cancellationToken = default);

    Task<EscalationCase?> GetAsync(string caseId, CancellationToken cancellationToken = default);

    /// <summary>The conversation's case that is not closed, if any.</summary>
    Task<EscalationCase?> FindOpenAsync(string conversationKey, CancellationToken cancellationToken = default);

    /// <summary>Cases in the given statuses, most urgent first, then oldest first.</summary>
    Task<IReadOnlyList<EscalationCaseSummary>> ListAsync(IReadOnlyCollection<EscalationStatus> statuses, int limit, CancellationToken cancellationToken = default);

    /// <summary>1-based place among waiting cases (urgency, then age); 0 when the case is not waiting.</summary>
    Task<int> QueuePositionAsync(string caseId, CancellationToken cancellationToken = default);

    /// <summary>waiting → claimed by <paramref name="pharmacist"/>; false when someone else got there first (or it is not waiting).</summary>
    Task<bool> TryClaimAsync(string caseId, string pharmacist, CancellationToken cancellationToken = default);

    /// <summary>Flags an open case as an adverse-event report the user consented to.</summary>
    Task<bool> MarkAdverseEventReportAsync(string caseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds a message to an open case. A pharmacist's message is accepted only from the pharmacist who claimed it and
    /// moves the case to answered; user and bot messages only while the case is open.
    /// </summary>
    Task<bool> AddMessageAsync(string caseId, TranscriptEntry message, CancellationToken cancellationToken = default);

    /// <summary>Closes an open case; false when it was already closed.</summary>
    Task<bool> CloseAsync(string caseId, string actor, string action, CancellationToken cancellationToken = default);

    /// <summary>Records an action that changes no state (e.g. a failed delivery).</summary>
    Task AuditAsync(CaseAuditEntry entry, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<CaseAuditEntry>> ListAuditAsync(string caseId, CancellationToken cancellationToken = default);
}
