using LabelBot.Bot.Conversations;
using LabelBot.Bot.Escalation;
using LabelBot.Postgres;
using Npgsql;

namespace LabelBot.Bot.Storage.Postgres;

/// <summary>
/// Transcripts in the table <c>bot_transcripts</c> of the shared PostgreSQL database, keeping the last
/// <see cref="EscalationOptions.TranscriptTurns"/> turns per conversation even when several processes append at once.
/// </summary>
public sealed class PostgresConversationTranscriptStore(PostgresDatabase database, EscalationOptions options) : IConversationTranscriptStore
{
    // First half of the two-part advisory lock key: "LBTR". The second half is a hash of the conversation key.
    private const int TranscriptLockSpace = 0x4C425452;

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS bot_transcripts (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            conversation_key TEXT NOT NULL,
            at_utc TIMESTAMPTZ NOT NULL,
            role TEXT NOT NULL,
            kind TEXT NULL,
            answer_id TEXT NULL,
            author TEXT NULL,
            text TEXT NOT NULL,
            citations_json TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_transcripts_conversation ON bot_transcripts (conversation_key, id);
        CREATE INDEX IF NOT EXISTS ix_bot_transcripts_at ON bot_transcripts (at_utc);
        """,
    ];

    private readonly PostgresStoreTables _tables = new(database, "bot_transcripts", Migrations);

    public async Task AppendAsync(string conversationKey, IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var serialise = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@space, hashtext(@key))", connection, transaction))
        {
            // One appender per conversation at a time (across processes): turns keep their order and the trim below
            // sees every committed turn, so the bound holds exactly.
            serialise.Parameters.AddWithValue("space", TranscriptLockSpace);
            serialise.Parameters.AddText("key", conversationKey);
            await serialise.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var entry in entries)
        {
            var insert = new NpgsqlBatchCommand("""
                INSERT INTO bot_transcripts (conversation_key, at_utc, role, kind, answer_id, author, text, citations_json)
                VALUES (@key, @at, @role, @kind, @answer, @author, @text, @citations)
                """);
            insert.Parameters.AddText("key", conversationKey);
            insert.Parameters.AddTime("at", entry.AtUtc);
            insert.Parameters.AddText("role", entry.Role.ToString());
            insert.Parameters.AddText("kind", entry.Kind);
            insert.Parameters.AddText("answer", entry.AnswerId);
            insert.Parameters.AddText("author", entry.Author);
            insert.Parameters.AddText("text", entry.Text);
            insert.Parameters.AddText("citations", TranscriptJson.SerializeCitations(entry.Citations));
            batch.BatchCommands.Add(insert);
        }
        var trim = new NpgsqlBatchCommand("""
            DELETE FROM bot_transcripts WHERE conversation_key = @key AND id <=
                (SELECT id FROM bot_transcripts WHERE conversation_key = @key ORDER BY id DESC OFFSET @keep LIMIT 1)
            """);
        trim.Parameters.AddText("key", conversationKey);
        trim.Parameters.AddWithValue("keep", (long)Math.Max(1, options.TranscriptTurns));
        batch.BatchCommands.Add(trim);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TranscriptEntry>> GetAsync(string conversationKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT {TranscriptRows.Columns} FROM bot_transcripts
            WHERE conversation_key = @key ORDER BY id
            """, connection);
        command.Parameters.AddText("key", conversationKey);
        var entries = new List<TranscriptEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(TranscriptRows.Read(reader));
        }
        return entries;
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoffUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM bot_transcripts WHERE at_utc < @cutoff", connection);
        command.Parameters.AddTime("cutoff", cutoffUtc);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
