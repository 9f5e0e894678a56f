using LabelBot.Bot.Storage;
using Microsoft.Data.Sqlite;

namespace LabelBot.Bot.Feedback;

/// <summary>Feedback in the table <c>bot_feedback</c> of the label database file (created on first use).</summary>
public sealed class SqliteFeedbackStore(BotDatabase database) : IFeedbackStore
{
    // PRIVACY: rows written before reasons were codes held typed text; it is replaced by "other" at the first open.
    private static readonly string Schema = """
        CREATE TABLE IF NOT EXISTS bot_feedback (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_utc TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            conversation_hash TEXT NOT NULL,
            answer_id TEXT NOT NULL,
            answer_kind TEXT NOT NULL,
            helpful INTEGER NOT NULL,
            reason TEXT NULL,
            passage_ids TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_feedback_created ON bot_feedback (created_utc);
        """ + FeedbackRows.RedactFreeTextReasonsSql + ";";

    public async Task SaveAsync(FeedbackEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO bot_feedback (created_utc, channel_id, conversation_hash, answer_id, answer_kind, helpful, reason, passage_ids)
            VALUES ($created, $channel, $conversation, $answer, $kind, $helpful, $reason, $passages)
            """;
        command.Parameters.AddWithValue("$created", BotDatabase.FormatTime(entry.CreatedUtc));
        command.Parameters.AddWithValue("$channel", entry.ChannelId);
        command.Parameters.AddWithValue("$conversation", entry.ConversationHash);
        command.Parameters.AddWithValue("$answer", entry.AnswerId);
        command.Parameters.AddWithValue("$kind", entry.AnswerKind);
        command.Parameters.AddWithValue("$helpful", entry.Helpful ? 1 : 0);
        command.Parameters.AddWithValue("$reason", BotDatabase.DbValue(entry.Reason));
        command.Parameters.AddWithValue("$passages", FeedbackRows.JoinPassageIds(entry.PassageIds));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<IReadOnlyList<FeedbackEntry>> ListRecentAsync(int limit, CancellationToken cancellationToken = default) =>
        ListAsync(helpfulOnly: null, limit, cancellationToken);

    public Task<IReadOnlyList<FeedbackEntry>> ListNotHelpfulAsync(int limit, CancellationToken cancellationToken = default) =>
        ListAsync(helpfulOnly: false, limit, cancellationToken);

    private async Task<IReadOnlyList<FeedbackEntry>> ListAsync(bool? helpfulOnly, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {FeedbackRows.Columns}
            FROM bot_feedback {(helpfulOnly is null ? "" : "WHERE helpful = $helpful")} ORDER BY id DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$limit", Math.Clamp(limit, 1, 10_000));
        if (helpfulOnly is { } helpful)
        {
            command.Parameters.AddWithValue("$helpful", helpful ? 1 : 0);
        }
        var entries = new List<FeedbackEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(FeedbackRows.Read(reader));
        }
        return entries;
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => database.OpenAsync("bot_feedback", Schema, cancellationToken);
}
