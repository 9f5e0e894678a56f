using System.Data.Common;
using System.Globalization;
using LabelBot.Bot.Conversations;
using LabelBot.Bot.Storage;

namespace LabelBot.Bot.Handoff;

/// <summary>
/// The provider-neutral half of the escalation queue: row → record mapping for cases, list rows and audit entries,
/// plus the checks and audit wording both the SQLite and the PostgreSQL queue apply. SQL stays with each provider.
/// </summary>
internal static class EscalationRows
{
    /// <summary>The columns <see cref="ReadCase"/> expects, in this order.</summary>
    public const string CaseColumns = """
        id, created_utc, updated_utc, channel_id, conversation_key, route, conversation_reference, reason, urgency, adverse_event,
        status, claimed_by, claimed_utc, closed_utc, closed_by, transcript_json
        """;

    /// <summary>The columns <see cref="ReadSummary"/> expects, in this order.</summary>
    public const string SummaryColumns = "id, created_utc, updated_utc, channel_id, reason, urgency, adverse_event, status, claimed_by, last_message_role";

    /// <summary>The columns <see cref="ReadAudit"/> expects, in this order.</summary>
    public const string AuditColumns = "case_id, at_utc, actor, action, detail";

    public static EscalationCase ReadCase(DbDataReader reader, IReadOnlyList<TranscriptEntry> messages) => new(
        reader.GetString(0),
        reader.GetUtcTime(1),
        reader.GetUtcTime(2),
        reader.GetString(3),
        reader.GetString(4),
        Enum.Parse<DeliveryRoute>(reader.GetString(5)),
        reader.GetString(6),
        EscalationNames.ParseReason(reader.GetString(7)),
        reader.GetInt32(8),
        reader.GetFlag(9),
        EscalationNames.ParseStatus(reader.GetString(10)),
        reader.GetNullableString(11),
        reader.GetNullableUtcTime(12),
        reader.GetNullableUtcTime(13),
        reader.GetNullableString(14),
        TranscriptJson.DeserializeEntries(reader.GetString(15)),
        messages);

    public static EscalationCaseSummary ReadSummary(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetUtcTime(1),
        reader.GetUtcTime(2),
        reader.GetString(3),
        EscalationNames.ParseReason(reader.GetString(4)),
        reader.GetInt32(5),
        reader.GetFlag(6),
        EscalationNames.ParseStatus(reader.GetString(7)),
        reader.GetNullableString(8),
        reader.IsDBNull(9) ? null : Enum.Parse<TranscriptRole>(reader.GetString(9)));

    public static CaseAuditEntry ReadAudit(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetUtcTime(1), reader.GetString(2), reader.GetString(3), reader.GetNullableString(4));

    /// <summary>The "filed" audit row: counts and codes only, never message text.</summary>
    public static CaseAuditEntry Filed(string caseId, DateTimeOffset now, NewEscalationCase draft) =>
        new(caseId, now, EscalationNames.UserActor, "filed", string.Create(CultureInfo.InvariantCulture,
            $"reason={draft.Reason.ToWire()}; channel={draft.ChannelId}; adverse_event={draft.AdverseEventReport}; transcript_turns={draft.Transcript.Count}"));

    /// <summary>Only a named pharmacist may answer: the claim check compares the author with the case's claimant.</summary>
    public static void RequireAuthorOfPharmacistMessage(TranscriptEntry message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Role == TranscriptRole.Pharmacist && string.IsNullOrWhiteSpace(message.Author))
        {
            throw new ArgumentException("A pharmacist's message names its author.", nameof(message));
        }
    }

    /// <summary>The audit row for a message added to a case: who spoke and how long it was, never what was said.</summary>
    public static CaseAuditEntry MessageAdded(string caseId, DateTimeOffset now, TranscriptEntry message)
    {
        var (actor, action) = message.Role switch
        {
            TranscriptRole.Pharmacist => (EscalationNames.PharmacistActor(message.Author!), "pharmacist_replied"),
            TranscriptRole.User => (EscalationNames.UserActor, "user_message"),
            _ => (EscalationNames.SystemActor, "bot_answer"),
        };
        return new CaseAuditEntry(caseId, now, actor, action, string.Create(CultureInfo.InvariantCulture, $"chars={message.Text.Length}"));
    }
}
