using System.Globalization;
using LabelBot.Bot.Conversations;
using LabelBot.Bot.Storage;
using Microsoft.Data.Sqlite;

namespace LabelBot.Bot.Escalation;

/// <summary>
/// The pharmacist queue in the host's SQLite file (tables <c>bot_escalation_*</c>). A partial unique index keeps one
/// open case per conversation; each state change and its audit row are written in one transaction.
/// </summary>
public sealed class SqliteEscalationQueue(BotDatabase database, TimeProvider clock) : IEscalationQueue
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS bot_escalation_cases (
            id TEXT PRIMARY KEY,
            created_utc TEXT NOT NULL,
            updated_utc TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            conversation_key TEXT NOT NULL,
            route TEXT NOT NULL,
            conversation_reference TEXT NOT NULL,
            reason TEXT NOT NULL,
            urgency INTEGER NOT NULL,
            adverse_event INTEGER NOT NULL,
            status TEXT NOT NULL,
            claimed_by TEXT NULL,
            claimed_utc TEXT NULL,
            closed_utc TEXT NULL,
            closed_by TEXT NULL,
            last_message_role TEXT NULL,
            transcript_json TEXT NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_bot_escalation_cases_open ON bot_escalation_cases (conversation_key) WHERE status <> 'closed';
        CREATE INDEX IF NOT EXISTS ix_bot_escalation_cases_queue ON bot_escalation_cases (status, urgency, created_utc);
        CREATE TABLE IF NOT EXISTS bot_escalation_messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id TEXT NOT NULL,
            at_utc TEXT NOT NULL,
            role TEXT NOT NULL,
            author TEXT NULL,
            kind TEXT NULL,
            answer_id TEXT NULL,
            text TEXT NOT NULL,
            citations_json TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_escalation_messages_case ON bot_escalation_messages (case_id, id);
        CREATE TABLE IF NOT EXISTS bot_escalation_audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id TEXT NOT NULL,
            at_utc TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_escalation_audit_case ON bot_escalation_audit (case_id, id);
        """;

    public async Task<FiledCase> FileAsync(NewEscalationCase draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var now = clock.GetUtcNow();
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        if (await FindOpenAsync(connection, transaction, draft.ConversationKey, cancellationToken) is { } existing)
        {
            return new FiledCase(existing, Created: false);
        }
        var id = EscalationCaseIds.New();
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO bot_escalation_cases (id, created_utc, updated_utc, channel_id, conversation_key, route, conversation_reference,
                    reason, urgency, adverse_event, status, transcript_json)
                VALUES ($id, $now, $now, $channel, $key, $route, $reference, $reason, $urgency, $adverse, 'waiting', $transcript)
                """;
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$now", BotDatabase.FormatTime(now));
            insert.Parameters.AddWithValue("$channel", draft.ChannelId);
            insert.Parameters.AddWithValue("$key", draft.ConversationKey);
            insert.Parameters.AddWithValue("$route", draft.Route.ToString());
            insert.Parameters.AddWithValue("$reference", draft.ConversationReferenceJson);
            insert.Parameters.AddWithValue("$reason", draft.Reason.ToWire());
            insert.Parameters.AddWithValue("$urgency", draft.Reason.Urgency());
            insert.Parameters.AddWithValue("$adverse", draft.AdverseEventReport ? 1 : 0);
            insert.Parameters.AddWithValue("$transcript", TranscriptJson.Serialize(draft.Transcript));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await InsertAuditAsync(connection, transaction, EscalationRows.Filed(id, now, draft), cancellationToken);
        var created = await GetAsync(connection, transaction, id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new FiledCase(created!, Created: true);
    }

    public async Task<EscalationCase?> GetAsync(string caseId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await GetAsync(connection, transaction, caseId, cancellationToken);
    }

    public async Task<EscalationCase?> FindOpenAsync(string conversationKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await FindOpenAsync(connection, transaction, conversationKey, cancellationToken);
    }

    public async Task<IReadOnlyList<EscalationCaseSummary>> ListAsync(IReadOnlyCollection<EscalationStatus> statuses, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        if (statuses.Count == 0)
        {
            return [];
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var names = statuses.Distinct().Select((s, i) => (Name: "$s" + i.ToString(CultureInfo.InvariantCulture), Status: s)).ToList();
        command.CommandText = $"""
            SELECT {EscalationRows.SummaryColumns}
            FROM bot_escalation_cases WHERE status IN ({string.Join(", ", names.Select(n => n.Name))})
            ORDER BY urgency, created_utc LIMIT $limit
            """;
        foreach (var (name, status) in names)
        {
            command.Parameters.AddWithValue(name, status.ToWire());
        }
        command.Parameters.AddWithValue("$limit", Math.Clamp(limit, 1, 1_000));
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
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT CASE WHEN c.status = 'waiting' THEN
                (SELECT COUNT(*) FROM bot_escalation_cases w WHERE w.status = 'waiting'
                    AND (w.urgency < c.urgency OR (w.urgency = c.urgency AND w.created_utc <= c.created_utc)))
                ELSE 0 END
            FROM bot_escalation_cases c WHERE c.id = $id
            """;
        command.Parameters.AddWithValue("$id", caseId);
        return await command.ExecuteScalarAsync(cancellationToken) is long position ? (int)position : 0;
    }

    public async Task<bool> TryClaimAsync(string caseId, string pharmacist, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pharmacist);
        var now = clock.GetUtcNow();
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var claim = connection.CreateCommand();
        claim.Transaction = transaction;
        // The whole race is decided here: only the update that still finds the case waiting changes a row.
        claim.CommandText = """
            UPDATE bot_escalation_cases SET status = 'claimed', claimed_by = $pharmacist, claimed_utc = $now, updated_utc = $now
            WHERE id = $id AND status = 'waiting'
            """;
        claim.Parameters.AddWithValue("$id", caseId);
        claim.Parameters.AddWithValue("$pharmacist", pharmacist);
        claim.Parameters.AddWithValue("$now", BotDatabase.FormatTime(now));
        var won = await claim.ExecuteNonQueryAsync(cancellationToken) == 1;
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
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = """
            UPDATE bot_escalation_cases SET adverse_event = 1, updated_utc = $now,
                urgency = MIN(urgency, $urgency), reason = CASE WHEN urgency > $urgency THEN 'adverse_event' ELSE reason END
            WHERE id = $id AND status <> 'closed'
            """;
        update.Parameters.AddWithValue("$id", caseId);
        update.Parameters.AddWithValue("$now", BotDatabase.FormatTime(now));
        update.Parameters.AddWithValue("$urgency", EscalationReason.AdverseEvent.Urgency());
        var changed = await update.ExecuteNonQueryAsync(cancellationToken) == 1;
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
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = fromPharmacist
                ? """
                  UPDATE bot_escalation_cases SET status = 'answered', updated_utc = $now, last_message_role = $role
                  WHERE id = $id AND claimed_by = $author AND status IN ('claimed', 'answered')
                  """
                : """
                  UPDATE bot_escalation_cases SET updated_utc = $now, last_message_role = $role
                  WHERE id = $id AND status <> 'closed'
                  """;
            update.Parameters.AddWithValue("$id", caseId);
            update.Parameters.AddWithValue("$now", BotDatabase.FormatTime(now));
            update.Parameters.AddWithValue("$role", message.Role.ToString());
            update.Parameters.AddWithValue("$author", BotDatabase.DbValue(message.Author));
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return false;
            }
        }
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO bot_escalation_messages (case_id, at_utc, role, author, kind, answer_id, text, citations_json)
                VALUES ($id, $at, $role, $author, $kind, $answer, $text, $citations)
                """;
            insert.Parameters.AddWithValue("$id", caseId);
            insert.Parameters.AddWithValue("$at", BotDatabase.FormatTime(message.AtUtc));
            insert.Parameters.AddWithValue("$role", message.Role.ToString());
            insert.Parameters.AddWithValue("$author", BotDatabase.DbValue(message.Author));
            insert.Parameters.AddWithValue("$kind", BotDatabase.DbValue(message.Kind));
            insert.Parameters.AddWithValue("$answer", BotDatabase.DbValue(message.AnswerId));
            insert.Parameters.AddWithValue("$text", message.Text);
            insert.Parameters.AddWithValue("$citations", BotDatabase.DbValue(TranscriptJson.SerializeCitations(message.Citations)));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await InsertAuditAsync(connection, transaction, EscalationRows.MessageAdded(caseId, now, message), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> CloseAsync(string caseId, string actor, string action, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = """
            UPDATE bot_escalation_cases SET status = 'closed', closed_utc = $now, closed_by = $actor, updated_utc = $now
            WHERE id = $id AND status <> 'closed'
            """;
        update.Parameters.AddWithValue("$id", caseId);
        update.Parameters.AddWithValue("$actor", actor);
        update.Parameters.AddWithValue("$now", BotDatabase.FormatTime(now));
        var closed = await update.ExecuteNonQueryAsync(cancellationToken) == 1;
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
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await InsertAuditAsync(connection, transaction, entry, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CaseAuditEntry>> ListAuditAsync(string caseId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {EscalationRows.AuditColumns} FROM bot_escalation_audit WHERE case_id = $id ORDER BY id";
        command.Parameters.AddWithValue("$id", caseId);
        var entries = new List<CaseAuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(EscalationRows.ReadAudit(reader));
        }
        return entries;
    }

    private static async Task<EscalationCase?> FindOpenAsync(SqliteConnection connection, SqliteTransaction transaction, string conversationKey, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id FROM bot_escalation_cases WHERE conversation_key = $key AND status <> 'closed'";
        command.Parameters.AddWithValue("$key", conversationKey);
        return await command.ExecuteScalarAsync(cancellationToken) is string id
            ? await GetAsync(connection, transaction, id, cancellationToken)
            : null;
    }

    private static async Task<EscalationCase?> GetAsync(SqliteConnection connection, SqliteTransaction transaction, string caseId, CancellationToken cancellationToken)
    {
        var messages = new List<TranscriptEntry>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT {TranscriptRows.Columns} FROM bot_escalation_messages WHERE case_id = $id ORDER BY id";
            command.Parameters.AddWithValue("$id", caseId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                messages.Add(TranscriptRows.Read(reader));
            }
        }
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT {EscalationRows.CaseColumns} FROM bot_escalation_cases WHERE id = $id";
            command.Parameters.AddWithValue("$id", caseId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            return EscalationRows.ReadCase(reader, messages);
        }
    }

    private static async Task<bool> ExistsAsync(SqliteConnection connection, SqliteTransaction transaction, string caseId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM bot_escalation_cases WHERE id = $id";
        command.Parameters.AddWithValue("$id", caseId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static async Task InsertAuditAsync(SqliteConnection connection, SqliteTransaction transaction, CaseAuditEntry entry, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO bot_escalation_audit (case_id, at_utc, actor, action, detail) VALUES ($id, $at, $actor, $action, $detail)";
        command.Parameters.AddWithValue("$id", entry.CaseId);
        command.Parameters.AddWithValue("$at", BotDatabase.FormatTime(entry.AtUtc));
        command.Parameters.AddWithValue("$actor", entry.Actor);
        command.Parameters.AddWithValue("$action", entry.Action);
        command.Parameters.AddWithValue("$detail", BotDatabase.DbValue(entry.Detail));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => database.OpenAsync("bot_escalation", Schema, cancellationToken);
}
