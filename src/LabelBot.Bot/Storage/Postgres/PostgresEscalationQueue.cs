using System.Data;
using LabelBot.Bot.Conversations;
using LabelBot.Bot.Escalation;
using LabelBot.Postgres;
using Npgsql;

namespace LabelBot.Bot.Storage.Postgres;

/// <summary>
/// The pharmacist queue in the shared PostgreSQL database (tables <c>bot_escalation_*</c>), for several host processes
/// at once. Every state change is one conditional UPDATE (the row lock decides a race: the loser re-checks the status
/// and changes nothing); a partial unique index plus ON CONFLICT keeps one open case per conversation; each change and
/// its audit row commit together, so no case is lost or duplicated.
/// </summary>
public sealed class PostgresEscalationQueue(PostgresDatabase database, TimeProvider clock) : IEscalationQueue
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS bot_escalation_cases (
            id TEXT PRIMARY KEY,
            created_utc TIMESTAMPTZ NOT NULL,
            updated_utc TIMESTAMPTZ NOT NULL,
            channel_id TEXT NOT NULL,
            conversation_key TEXT NOT NULL,
            route TEXT NOT NULL,
            conversation_reference TEXT NOT NULL,
            reason TEXT NOT NULL,
            urgency INTEGER NOT NULL,
            adverse_event BOOLEAN NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('waiting', 'claimed', 'answered', 'closed')),
            claimed_by TEXT NULL,
            claimed_utc TIMESTAMPTZ NULL,
            closed_utc TIMESTAMPTZ NULL,
            closed_by TEXT NULL,
            last_message_role TEXT NULL,
            transcript_json TEXT NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_bot_escalation_cases_open ON bot_escalation_cases (conversation_key) WHERE status <> 'closed';
        CREATE INDEX IF NOT EXISTS ix_bot_escalation_cases_queue ON bot_escalation_cases (status, urgency, created_utc, id);
        CREATE TABLE IF NOT EXISTS bot_escalation_messages (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES bot_escalation_cases (id),
            at_utc TIMESTAMPTZ NOT NULL,
            role TEXT NOT NULL,
            author TEXT NULL,
            kind TEXT NULL,
            answer_id TEXT NULL,
            text TEXT NOT NULL,
            citations_json TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_escalation_messages_case ON bot_escalation_messages (case_id, id);
        CREATE TABLE IF NOT EXISTS bot_escalation_audit (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            case_id TEXT NOT NULL,
            at_utc TIMESTAMPTZ NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_escalation_audit_case ON bot_escalation_audit (case_id, id);
        """,
    ];

    // An insert finds no row only when the conversation's open case exists (then it is returned) or, in a narrow race,
    // that case was closed before it could be read, or the random id collided; each retry uses a fresh id.
    private const int FileAttempts = 5;

    private readonly PostgresStoreTables _tables = new(database, "bot_escalation", Migrations);

    public async Task<FiledCase> FileAsync(NewEscalationCase draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var connection = await _tables.OpenAsync(cancellationToken);
        for (var attempt = 0; attempt < FileAttempts; attempt++)
        {
            var now = clock.GetUtcNow();
            var id = EscalationCaseIds.New();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var insert = new NpgsqlCommand("""
                INSERT INTO bot_escalation_cases (id, created_utc, updated_utc, channel_id, conversation_key, route, conversation_reference,
                    reason, urgency, adverse_event, status, transcript_json)
                VALUES (@id, @now, @now, @channel, @key, @route, @reference, @reason, @urgency, @adverse, 'waiting', @transcript)
                ON CONFLICT DO NOTHING
                """, connection, transaction))
            {
                // A concurrent insert for the same conversation (any process) waits on the unique index until the first
                // commits, then does nothing: exactly one filing creates the case.
                insert.Parameters.AddText("id", id);
                insert.Parameters.AddTime("now", now);
                insert.Parameters.AddText("channel", draft.ChannelId);
                insert.Parameters.AddText("key", draft.ConversationKey);
                insert.Parameters.AddText("route", draft.Route.ToString());
                insert.Parameters.AddText("reference", draft.ConversationReferenceJson);
                insert.Parameters.AddText("reason", draft.Reason.ToWire());
                insert.Parameters.AddWithValue("urgency", draft.Reason.Urgency());
                insert.Parameters.AddWithValue("adverse", draft.AdverseEventReport);
                insert.Parameters.AddText("transcript", TranscriptJson.Serialize(draft.Transcript));
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
                {
                    await InsertAuditAsync(connection, transaction, EscalationRows.Filed(id, now, draft), cancellationToken);
                    var created = await GetAsync(connection, transaction, id, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    return new FiledCase(created!, Created: true);
                }
            }
            // READ COMMITTED: this new statement sees the case whose commit made the insert do nothing.
            var existing = await FindOpenAsync(connection, transaction, draft.ConversationKey, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (existing is not null)
            {
                return new FiledCase(existing, Created: false);
            }
        }
        throw new InvalidOperationException($"Could not file an escalation case after {FileAttempts} attempts.");
    }

    public async Task<EscalationCase?> GetAsync(string caseId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken);
        return await GetAsync(connection, transaction, caseId, cancellationToken);
    }

    public async Task<EscalationCase?> FindOpenAsync(string conversationKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken);
        return await FindOpenAsync(connection, transaction, conversationKey, cancellationToken);
    }

    public async Task<IReadOnlyList<EscalationCaseSummary>> ListAsync(IReadOnlyCollection<EscalationStatus> statuses, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        if (statuses.Count == 0)
        {
            return [];
        }
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT {EscalationRows.SummaryColumns}
            FROM bot_escalation_cases WHERE status = ANY(@statuses)
            ORDER BY urgency, created_utc, id LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("statuses", statuses.Distinct().Select(s => s.ToWire()).ToArray());
        command.Parameters.AddWithValue("limit", Math.Clamp(limit, 1, 1_000));
        var cases = new List<EscalationCaseSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            cases.Add(EscalationRows.ReadSummary(reader));
        }
        return cases;
    }

    public async Task<int> QueuePositionAsync(string caseId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        // The same order as ListAsync (urgency, age, then id to break exact ties), so position and list agree.
        await using var command = new NpgsqlCommand("""
            SELECT CASE WHEN c.status = 'waiting' THEN
                (SELECT COUNT(*) FROM bot_escalation_cases w WHERE w.status = 'waiting'
                    AND (w.urgency, w.created_utc, w.id) <= (c.urgency, c.created_utc, c.id))
                ELSE 0 END
            FROM bot_escalation_cases c WHERE c.id = @id
            """, connection);
        command.Parameters.AddText("id", caseId);
        return await command.ExecuteScalarAsync(cancellationToken) is long position ? (int)position : 0;
    }

    public async Task<bool> TryClaimAsync(string caseId, string pharmacist, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pharmacist);
        var now = clock.GetUtcNow();
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        bool won;
        await using (var claim = new NpgsqlCommand("""
            UPDATE bot_escalation_cases SET status = 'claimed', claimed_by = @pharmacist, claimed_utc = @now, updated_utc = @now
            WHERE id = @id AND status = 'waiting'
            """, connection, transaction))
        {
            // The whole race is decided here: racing updates queue on the row lock and re-check the status after the
            // winner commits, so only one still finds the case waiting.
            claim.Parameters.AddText("id", caseId);
            claim.Parameters.AddText("pharmacist", pharmacist);
            claim.Parameters.AddTime("now", now);
            won = await claim.ExecuteNonQueryAsync(cancellationToken) == 1;
        }
        if (won || await ExistsAsync(connection, transaction, caseId, cancellationToken))
        {
            await InsertAuditAsync(connection, transaction,
                new CaseAuditEntry(caseId, now, EscalationNames.PharmacistActor(pharmacist), won ? "claimed" : "claim_refused", null), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return won;
    }

    public async Task<bool> MarkAdverseEventReportAsync(string caseId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        bool changed;
        await using (var update = new NpgsqlCommand("""
            UPDATE bot_escalation_cases SET adverse_event = TRUE, updated_utc = @now,
                urgency = LEAST(urgency, @urgency), reason = CASE WHEN urgency > @urgency THEN 'adverse_event' ELSE reason END
            WHERE id = @id AND status <> 'closed'
            """, connection, transaction))
        {
            update.Parameters.AddText("id", caseId);
            update.Parameters.AddTime("now", now);
            update.Parameters.AddWithValue("urgency", EscalationReason.AdverseEvent.Urgency());
            changed = await update.ExecuteNonQueryAsync(cancellationToken) == 1;
        }
        if (changed)
        {
            await InsertAuditAsync(connection, transaction, new CaseAuditEntry(caseId, now, EscalationNames.UserActor, "adverse_event_consented", null), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    public async Task<bool> AddMessageAsync(string caseId, TranscriptEntry message, CancellationToken cancellationToken = default)
    {
        EscalationRows.RequireAuthorOfPharmacistMessage(message);
        var now = clock.GetUtcNow();
        var fromPharmacist = message.Role == TranscriptRole.Pharmacist;
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand(fromPharmacist
            ? """
              UPDATE bot_escalation_cases SET status = 'answered', updated_utc = @now, last_message_role = @role
              WHERE id = @id AND claimed_by = @author AND status IN ('claimed', 'answered')
              """
            : """
              UPDATE bot_escalation_cases SET updated_utc = @now, last_message_role = @role
              WHERE id = @id AND status <> 'closed'
              """, connection, transaction))
        {
            update.Parameters.AddText("id", caseId);
            update.Parameters.AddTime("now", now);
            update.Parameters.AddText("role", message.Role.ToString());
            if (fromPharmacist)
            {
                update.Parameters.AddText("author", message.Author);
            }
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return false;
            }
        }
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO bot_escalation_messages (case_id, at_utc, role, author, kind, answer_id, text, citations_json)
            VALUES (@id, @at, @role, @author, @kind, @answer, @text, @citations)
            """, connection, transaction))
        {
            insert.Parameters.AddText("id", caseId);
            insert.Parameters.AddTime("at", message.AtUtc);
            insert.Parameters.AddText("role", message.Role.ToString());
            insert.Parameters.AddText("author", message.Author);
            insert.Parameters.AddText("kind", message.Kind);
            insert.Parameters.AddText("answer", message.AnswerId);
            insert.Parameters.AddText("text", message.Text);
            insert.Parameters.AddText("citations", TranscriptJson.SerializeCitations(message.Citations));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await InsertAuditAsync(connection, transaction, EscalationRows.MessageAdded(caseId, now, message), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> CloseAsync(string caseId, string actor, string action, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        bool closed;
        await using (var update = new NpgsqlCommand("""
            UPDATE bot_escalation_cases SET status = 'closed', closed_utc = @now, closed_by = @actor, updated_utc = @now
            WHERE id = @id AND status <> 'closed'
            """, connection, transaction))
        {
            update.Parameters.AddText("id", caseId);
            update.Parameters.AddText("actor", actor);
            update.Parameters.AddTime("now", now);
            closed = await update.ExecuteNonQueryAsync(cancellationToken) == 1;
        }
        if (closed)
        {
            await InsertAuditAsync(connection, transaction, new CaseAuditEntry(caseId, now, actor, action, null), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return closed;
    }

    public async Task AuditAsync(CaseAuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await InsertAuditAsync(connection, transaction: null, entry, cancellationToken);
    }

    public async Task<IReadOnlyList<CaseAuditEntry>> ListAuditAsync(string caseId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {EscalationRows.AuditColumns} FROM bot_escalation_audit WHERE case_id = @id ORDER BY id", connection);
        command.Parameters.AddText("id", caseId);
        var entries = new List<CaseAuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(EscalationRows.ReadAudit(reader));
        }
        return entries;
    }

    /// <summary>A read-only snapshot: a case and its messages are read as of one moment.</summary>
    private static async Task<NpgsqlTransaction> BeginSnapshotAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction);
        await readOnly.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    private static async Task<EscalationCase?> FindOpenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string conversationKey, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT id FROM bot_escalation_cases WHERE conversation_key = @key AND status <> 'closed'", connection, transaction);
        command.Parameters.AddText("key", conversationKey);
        return await command.ExecuteScalarAsync(cancellationToken) is string id
            ? await GetAsync(connection, transaction, id, cancellationToken)
            : null;
    }

    private static async Task<EscalationCase?> GetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string caseId, CancellationToken cancellationToken)
    {
        var messages = new List<TranscriptEntry>();
        await using (var command = new NpgsqlCommand(
            $"SELECT {TranscriptRows.Columns} FROM bot_escalation_messages WHERE case_id = @id ORDER BY id", connection, transaction))
        {
            command.Parameters.AddText("id", caseId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                messages.Add(TranscriptRows.Read(reader));
            }
        }
        await using (var command = new NpgsqlCommand($"SELECT {EscalationRows.CaseColumns} FROM bot_escalation_cases WHERE id = @id", connection, transaction))
        {
            command.Parameters.AddText("id", caseId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            return EscalationRows.ReadCase(reader, messages);
        }
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string caseId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT 1 FROM bot_escalation_cases WHERE id = @id", connection, transaction);
        command.Parameters.AddText("id", caseId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static async Task InsertAuditAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CaseAuditEntry entry, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO bot_escalation_audit (case_id, at_utc, actor, action, detail) VALUES (@id, @at, @actor, @action, @detail)", connection, transaction);
        command.Parameters.AddText("id", entry.CaseId);
        command.Parameters.AddTime("at", entry.AtUtc);
        command.Parameters.AddText("actor", entry.Actor);
        command.Parameters.AddText("action", entry.Action);
        command.Parameters.AddText("detail", entry.Detail);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
