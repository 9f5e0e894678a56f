using System.Data.Common;
using LabelBot.Bot.Conversations;
using LabelBot.Bot.Storage;

namespace LabelBot.Bot.Handoff;

/// <summary>
/// The pharmacist case state machine, written once for both backends (tables <c>bot_escalation_*</c>; only the DDL and
/// the <see cref="BotTables"/> differ: <see cref="SqliteEscalationQueue"/>, <see cref="Storage.Postgres.PostgresEscalationQueue"/>).
/// Every state change is one conditional UPDATE, so of two pharmacists racing for a case only one finds it still
/// waiting (SQLite: the file's single writer; PostgreSQL: the row lock, after which the loser re-checks the status);
/// a partial unique index keeps one open case per conversation; each change and its audit row commit together.
/// </summary>
public abstract class EscalationQueue : IEscalationQueue
{
    // An insert finds no row only when the conversation's open case exists (then it is returned) or, in a narrow race,
    // that case was closed before it could be read, or the random id collided; each retry uses a fresh id.
    private const int FileAttempts = 5;

    private readonly BotTables _tables;
    private readonly TimeProvider _clock;

    private protected EscalationQueue(BotTables tables, TimeProvider clock)
    {
        _tables = tables;
        _clock = clock;
    }

    /// <summary>The component name the tables are migrated under.</summary>
    protected const string Component = "bot_escalation";

    public async Task<FiledCase> FileAsync(NewEscalationCase draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var connection = await _tables.OpenAsync(cancellationToken);
        for (var attempt = 0; attempt < FileAttempts; attempt++)
        {
            var now = _clock.GetUtcNow();
            var id = EscalationCaseIds.New();
            await using var transaction = await _tables.BeginWriteAsync(connection, cancellationToken);
            await using (var insert = connection.Command("""
                INSERT INTO bot_escalation_cases (id, created_utc, updated_utc, channel_id, conversation_key, route, conversation_reference,
                    reason, urgency, adverse_event, status, transcript_json)
                VALUES (@id, @now, @now, @channel, @key, @route, @reference, @reason, @urgency, @adverse, 'waiting', @transcript)
                ON CONFLICT DO NOTHING
                """, transaction))
            {
                // A concurrent filing for the same conversation (any process) waits for the first to commit, then does
                // nothing: exactly one filing creates the case.
                insert.With("id", id).With("now", _tables.Time(now)).With("channel", draft.ChannelId).With("key", draft.ConversationKey)
                    .With("route", draft.Route.ToString()).With("reference", draft.ConversationReferenceJson).With("reason", draft.Reason.ToWire())
                    .With("urgency", draft.Reason.Urgency()).With("adverse", _tables.Flag(draft.AdverseEventReport))
                    .With("transcript", TranscriptJson.Serialize(draft.Transcript));
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
                {
                    await InsertAuditAsync(connection, transaction, EscalationRows.Filed(id, now, draft), cancellationToken);
                    var created = await GetAsync(connection, transaction, id, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    return new FiledCase(created!, Created: true);
                }
            }
            // PostgreSQL READ COMMITTED: this new statement sees the case whose commit made the insert do nothing.
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
        await using var transaction = await _tables.BeginSnapshotAsync(connection, cancellationToken);
        return await GetAsync(connection, transaction, caseId, cancellationToken);
    }

    public async Task<EscalationCase?> FindOpenAsync(string conversationKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var transaction = await _tables.BeginSnapshotAsync(connection, cancellationToken);
        return await FindOpenAsync(connection, transaction, conversationKey, cancellationToken);
    }

    public async Task<IReadOnlyList<EscalationCaseSummary>> ListAsync(IReadOnlyCollection<EscalationStatus> statuses, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        if (statuses.Count == 0)
        {
            return [];
        }
        var wanted = statuses.Distinct().ToList();
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var command = connection.Command($"""
            SELECT {EscalationRows.SummaryColumns}
            FROM bot_escalation_cases WHERE status IN ({string.Join(", ", wanted.Select((_, i) => "@s" + i))})
            ORDER BY urgency, created_utc, id LIMIT @limit
            """);
        for (var i = 0; i < wanted.Count; i++)
        {
            command.With("s" + i, wanted[i].ToWire());
        }
        command.With("limit", Math.Clamp(limit, 1, 1_000));
        return await command.ReadAllAsync(EscalationRows.ReadSummary, cancellationToken);
    }

    public async Task<int> QueuePositionAsync(string caseId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        // The same order as ListAsync (urgency, age, then id to break exact ties), so position and list agree.
        await using var command = connection.Command("""
            SELECT CASE WHEN c.status = 'waiting' THEN
                (SELECT COUNT(*) FROM bot_escalation_cases w WHERE w.status = 'waiting'
                    AND (w.urgency, w.created_utc, w.id) <= (c.urgency, c.created_utc, c.id))
                ELSE 0 END
            FROM bot_escalation_cases c WHERE c.id = @id
            """).With("id", caseId);
        return await command.ExecuteScalarAsync(cancellationToken) is long position ? (int)position : 0;
    }

    public async Task<bool> TryClaimAsync(string caseId, string pharmacist, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pharmacist);
        var now = _clock.GetUtcNow();
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var transaction = await _tables.BeginWriteAsync(connection, cancellationToken);
        bool won;
        await using (var claim = connection.Command("""
            UPDATE bot_escalation_cases SET status = 'claimed', claimed_by = @pharmacist, claimed_utc = @now, updated_utc = @now
            WHERE id = @id AND status = 'waiting'
            """, transaction))
        {
            // The whole race is decided here: only the update that still finds the case waiting changes a row.
            claim.With("id", caseId).With("pharmacist", pharmacist).With("now", _tables.Time(now));
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
        var now = _clock.GetUtcNow();
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var transaction = await _tables.BeginWriteAsync(connection, cancellationToken);
        bool changed;
        await using (var update = connection.Command("""
            UPDATE bot_escalation_cases SET adverse_event = @flag, updated_utc = @now,
                urgency = CASE WHEN urgency > @urgency THEN @urgency ELSE urgency END,
                reason = CASE WHEN urgency > @urgency THEN 'adverse_event' ELSE reason END
            WHERE id = @id AND status <> 'closed'
            """, transaction))
        {
            update.With("id", caseId).With("now", _tables.Time(now)).With("flag", _tables.Flag(true))
                .With("urgency", EscalationReason.AdverseEvent.Urgency());
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
        var now = _clock.GetUtcNow();
        var fromPharmacist = message.Role == TranscriptRole.Pharmacist;
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var transaction = await _tables.BeginWriteAsync(connection, cancellationToken);
        await using (var update = connection.Command(fromPharmacist
            ? """
              UPDATE bot_escalation_cases SET status = 'answered', updated_utc = @now, last_message_role = @role
              WHERE id = @id AND claimed_by = @author AND status IN ('claimed', 'answered')
              """
            : """
              UPDATE bot_escalation_cases SET updated_utc = @now, last_message_role = @role
              WHERE id = @id AND status <> 'closed'
              """, transaction))
        {
            update.With("id", caseId).With("now", _tables.Time(now)).With("role", message.Role.ToString());
            if (fromPharmacist)
            {
                update.With("author", message.Author);
            }
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return false;
            }
        }
        await using (var insert = connection.Command("""
            INSERT INTO bot_escalation_messages (case_id, at_utc, role, author, kind, answer_id, text, citations_json)
            VALUES (@id, @at, @role, @author, @kind, @answer, @text, @citations)
            """, transaction))
        {
            insert.With("id", caseId).With("at", _tables.Time(message.AtUtc)).With("role", message.Role.ToString()).With("author", message.Author)
                .With("kind", message.Kind).With("answer", message.AnswerId).With("text", message.Text)
                .With("citations", TranscriptJson.SerializeCitations(message.Citations));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await InsertAuditAsync(connection, transaction, EscalationRows.MessageAdded(caseId, now, message), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> CloseAsync(string caseId, string actor, string action, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var transaction = await _tables.BeginWriteAsync(connection, cancellationToken);
        bool closed;
        await using (var update = connection.Command("""
            UPDATE bot_escalation_cases SET status = 'closed', closed_utc = @now, closed_by = @actor, updated_utc = @now
            WHERE id = @id AND status <> 'closed'
            """, transaction))
        {
            update.With("id", caseId).With("actor", actor).With("now", _tables.Time(now));
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
        await using var command = connection.Command($"SELECT {EscalationRows.AuditColumns} FROM bot_escalation_audit WHERE case_id = @id ORDER BY id").With("id", caseId);
        return await command.ReadAllAsync(EscalationRows.ReadAudit, cancellationToken);
    }

    private static async Task<EscalationCase?> FindOpenAsync(DbConnection connection, DbTransaction transaction, string conversationKey, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT id FROM bot_escalation_cases WHERE conversation_key = @key AND status <> 'closed'", transaction)
            .With("key", conversationKey);
        return await command.ExecuteScalarAsync(cancellationToken) is string id
            ? await GetAsync(connection, transaction, id, cancellationToken)
            : null;
    }

    private static async Task<EscalationCase?> GetAsync(DbConnection connection, DbTransaction transaction, string caseId, CancellationToken cancellationToken)
    {
        List<TranscriptEntry> messages;
        await using (var command = connection.Command($"SELECT {TranscriptRows.Columns} FROM bot_escalation_messages WHERE case_id = @id ORDER BY id", transaction))
        {
            messages = await command.With("id", caseId).ReadAllAsync(TranscriptRows.Read, cancellationToken);
        }
        await using var select = connection.Command($"SELECT {EscalationRows.CaseColumns} FROM bot_escalation_cases WHERE id = @id", transaction).With("id", caseId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? EscalationRows.ReadCase(reader, messages) : null;
    }

    private static async Task<bool> ExistsAsync(DbConnection connection, DbTransaction transaction, string caseId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT 1 FROM bot_escalation_cases WHERE id = @id", transaction).With("id", caseId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private async Task InsertAuditAsync(DbConnection connection, DbTransaction? transaction, CaseAuditEntry entry, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "INSERT INTO bot_escalation_audit (case_id, at_utc, actor, action, detail) VALUES (@id, @at, @actor, @action, @detail)", transaction);
        command.With("id", entry.CaseId).With("at", _tables.Time(entry.AtUtc)).With("actor", entry.Actor).With("action", entry.Action).With("detail", entry.Detail);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
