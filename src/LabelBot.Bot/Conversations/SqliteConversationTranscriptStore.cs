using LabelBot.Bot.Escalation;
using LabelBot.Bot.Storage;
using Microsoft.Data.Sqlite;

namespace LabelBot.Bot.Conversations;

/// <summary>Transcripts in the table <c>bot_transcripts</c>, keeping the last <see cref="EscalationOptions.TranscriptTurns"/> turns per conversation.</summary>
public sealed class SqliteConversationTranscriptStore(BotDatabase database, EscalationOptions options) : IConversationTranscriptStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS bot_transcripts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation_key TEXT NOT NULL,
            at_utc TEXT NOT NULL,
            role TEXT NOT NULL,
            kind TEXT NULL,
            answer_id TEXT NULL,
            author TEXT NULL,
            text TEXT NOT NULL,
            citations_json TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_transcripts_conversation ON bot_transcripts (conversation_key, id);
        CREATE INDEX IF NOT EXISTS ix_bot_transcripts_at ON bot_transcripts (at_utc);
        """;

    public async Task AppendAsync(string conversationKey, IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var entry in entries)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO bot_transcripts (conversation_key, at_utc, role, kind, answer_id, author, text, citations_json)
                VALUES ($key, $at, $role, $kind, $answer, $author, $text, $citations)
                """;
            insert.Parameters.AddWithValue("$key", conversationKey);
            insert.Parameters.AddWithValue("$at", BotDatabase.FormatTime(entry.AtUtc));
            insert.Parameters.AddWithValue("$role", entry.Role.ToString());
            insert.Parameters.AddWithValue("$kind", BotDatabase.DbValue(entry.Kind));
            insert.Parameters.AddWithValue("$answer", BotDatabase.DbValue(entry.AnswerId));
            insert.Parameters.AddWithValue("$author", BotDatabase.DbValue(entry.Author));
            insert.Parameters.AddWithValue("$text", entry.Text);
            insert.Parameters.AddWithValue("$citations", BotDatabase.DbValue(TranscriptJson.SerializeCitations(entry.Citations)));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var trim = connection.CreateCommand())
        {
            trim.Transaction = transaction;
            trim.CommandText = """
                DELETE FROM bot_transcripts WHERE conversation_key = $key AND id NOT IN
                    (SELECT id FROM bot_transcripts WHERE conversation_key = $key ORDER BY id DESC LIMIT $keep)
                """;
            trim.Parameters.AddWithValue("$key", conversationKey);
            trim.Parameters.AddWithValue("$keep", options.TranscriptTurns);
            await trim.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TranscriptEntry>> GetAsync(string conversationKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {TranscriptRows.Columns} FROM bot_transcripts
            WHERE conversation_key = $key ORDER BY id
            """;
        command.Parameters.AddWithValue("$key", conversationKey);
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
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM bot_transcripts WHERE at_utc < $cutoff";
        command.Parameters.AddWithValue("$cutoff", BotDatabase.FormatTime(cutoffUtc));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => database.OpenAsync("bot_transcripts", Schema, cancellationToken);
}
