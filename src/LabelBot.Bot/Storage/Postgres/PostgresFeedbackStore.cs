using LabelBot.Bot.Feedback;
using LabelBot.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace LabelBot.Bot.Storage.Postgres;

/// <summary>Feedback in the table <c>bot_feedback</c> of the shared PostgreSQL database; the same rows as <see cref="SqliteFeedbackStore"/>.</summary>
public sealed class PostgresFeedbackStore(PostgresDatabase database) : IFeedbackStore
{
    // PRIVACY: the second migration replaces the typed reasons kept before reasons were codes by "other".
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS bot_feedback (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            created_utc TIMESTAMPTZ NOT NULL,
            channel_id TEXT NOT NULL,
            conversation_hash TEXT NOT NULL,
            answer_id TEXT NOT NULL,
            answer_kind TEXT NOT NULL,
            helpful BOOLEAN NOT NULL,
            reason TEXT NULL,
            passage_ids TEXT[] NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_feedback_created ON bot_feedback (created_utc);
        CREATE INDEX IF NOT EXISTS ix_bot_feedback_not_helpful ON bot_feedback (id) WHERE NOT helpful;
        """,
        FeedbackRows.RedactFreeTextReasonsSql,
    ];

    private readonly PostgresStoreTables _tables = new(database, "bot_feedback", Migrations);

    public async Task SaveAsync(FeedbackEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO bot_feedback (created_utc, channel_id, conversation_hash, answer_id, answer_kind, helpful, reason, passage_ids)
            VALUES (@created, @channel, @conversation, @answer, @kind, @helpful, @reason, @passages)
            """, connection);
        command.Parameters.AddTime("created", entry.CreatedUtc);
        command.Parameters.AddText("channel", entry.ChannelId);
        command.Parameters.AddText("conversation", entry.ConversationHash);
        command.Parameters.AddText("answer", entry.AnswerId);
        command.Parameters.AddText("kind", entry.AnswerKind);
        command.Parameters.AddWithValue("helpful", entry.Helpful);
        command.Parameters.AddText("reason", entry.Reason);
        command.Parameters.Add(new NpgsqlParameter<string[]>("passages", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. entry.PassageIds] });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<IReadOnlyList<FeedbackEntry>> ListRecentAsync(int limit, CancellationToken cancellationToken = default) =>
        ListAsync(helpfulOnly: null, limit, cancellationToken);

    public Task<IReadOnlyList<FeedbackEntry>> ListNotHelpfulAsync(int limit, CancellationToken cancellationToken = default) =>
        ListAsync(helpfulOnly: false, limit, cancellationToken);

    private async Task<IReadOnlyList<FeedbackEntry>> ListAsync(bool? helpfulOnly, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT {FeedbackRows.Columns}
            FROM bot_feedback {(helpfulOnly is null ? "" : "WHERE helpful = @helpful")} ORDER BY id DESC LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("limit", Math.Clamp(limit, 1, 10_000));
        if (helpfulOnly is { } helpful)
        {
            command.Parameters.AddWithValue("helpful", helpful);
        }
        var entries = new List<FeedbackEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(FeedbackRows.Read(reader));
        }
        return entries;
    }
}
