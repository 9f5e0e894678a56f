using LabelBot.Bot.Handoff;
using LabelBot.Bot.Storage;

namespace LabelBot.Bot.Conversations;

/// <summary>
/// Transcripts in the table <c>bot_transcripts</c>, written once for both backends (<see cref="SqliteConversationTranscriptStore"/>,
/// <see cref="Storage.Postgres.PostgresConversationTranscriptStore"/>): the last <see cref="EscalationOptions.TranscriptTurns"/>
/// turns per conversation, even when several processes append at once.
/// </summary>
public abstract class ConversationTranscriptStore : IConversationTranscriptStore
{
    /// <summary>The component name the table is migrated under.</summary>
    protected const string Component = "bot_transcripts";

    // First half of the two-part advisory lock key: "LBTR". The second half is a hash of the conversation key.
    private const int TranscriptLockSpace = 0x4C425452;

    private readonly BotTables _tables;
    private readonly EscalationOptions _options;

    private protected ConversationTranscriptStore(BotTables tables, EscalationOptions options)
    {
        _tables = tables;
        _options = options;
    }

    public async Task AppendAsync(string conversationKey, IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var transaction = await _tables.BeginWriteAsync(connection, cancellationToken);
        // One appender per conversation at a time: turns keep their order and the trim below sees every committed
        // turn, so the bound holds exactly.
        await _tables.LockKeyAsync(connection, transaction, TranscriptLockSpace, conversationKey, cancellationToken);
        foreach (var entry in entries)
        {
            await using var insert = connection.Command("""
                INSERT INTO bot_transcripts (conversation_key, at_utc, role, kind, answer_id, author, text, citations_json)
                VALUES (@key, @at, @role, @kind, @answer, @author, @text, @citations)
                """, transaction);
            insert.With("key", conversationKey).With("at", _tables.Time(entry.AtUtc)).With("role", entry.Role.ToString()).With("kind", entry.Kind)
                .With("answer", entry.AnswerId).With("author", entry.Author).With("text", entry.Text)
                .With("citations", TranscriptJson.SerializeCitations(entry.Citations));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var trim = connection.Command("""
            DELETE FROM bot_transcripts WHERE conversation_key = @key AND id <=
                (SELECT id FROM bot_transcripts WHERE conversation_key = @key ORDER BY id DESC LIMIT 1 OFFSET @keep)
            """, transaction))
        {
            await trim.With("key", conversationKey).With("keep", (long)Math.Max(1, _options.TranscriptTurns)).ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TranscriptEntry>> GetAsync(string conversationKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var command = connection.Command($"""
            SELECT {TranscriptRows.Columns} FROM bot_transcripts
            WHERE conversation_key = @key ORDER BY id
            """).With("key", conversationKey);
        return await command.ReadAllAsync(TranscriptRows.Read, cancellationToken);
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoffUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var command = connection.Command("DELETE FROM bot_transcripts WHERE at_utc < @cutoff").With("cutoff", _tables.Time(cutoffUtc));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
