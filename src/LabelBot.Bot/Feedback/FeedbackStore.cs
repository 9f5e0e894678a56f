using LabelBot.Core.Storage;

namespace LabelBot.Bot.Feedback;

/// <summary>
/// Feedback in the table <c>bot_feedback</c>, written once for both backends (the DDL and <see cref="BotTables"/> live in
/// the backend projects); the passage id list is stored as the backend keeps lists (<see cref="BotTables.TextList"/>).
/// </summary>
public sealed class FeedbackStore : IFeedbackStore
{
    private readonly BotTables _tables;

    public FeedbackStore(IBotTableSource backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        _tables = backend.Tables(BotTableSet.Feedback);
    }

    public async Task SaveAsync(FeedbackEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO bot_feedback (created_utc, channel_id, conversation_hash, answer_id, answer_kind, helpful, reason, passage_ids)
            VALUES (@created, @channel, @conversation, @answer, @kind, @helpful, @reason, @passages)
            """);
        command.With("created", _tables.Time(entry.CreatedUtc)).With("channel", entry.ChannelId).With("conversation", entry.ConversationHash)
            .With("answer", entry.AnswerId).With("kind", entry.AnswerKind).With("helpful", _tables.Flag(entry.Helpful)).With("reason", entry.Reason)
            .With("passages", _tables.TextList(entry.PassageIds));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<IReadOnlyList<FeedbackEntry>> ListRecentAsync(int limit, CancellationToken cancellationToken = default) =>
        ListAsync(helpfulOnly: null, limit, cancellationToken);

    public Task<IReadOnlyList<FeedbackEntry>> ListNotHelpfulAsync(int limit, CancellationToken cancellationToken = default) =>
        ListAsync(helpfulOnly: false, limit, cancellationToken);

    private async Task<IReadOnlyList<FeedbackEntry>> ListAsync(bool? helpfulOnly, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var command = connection.Command($"""
            SELECT {FeedbackRows.Columns}
            FROM bot_feedback {(helpfulOnly is null ? "" : "WHERE helpful = @helpful")} ORDER BY id DESC LIMIT @limit
            """).With("limit", Math.Clamp(limit, 1, 10_000));
        if (helpfulOnly is { } helpful)
        {
            command.With("helpful", _tables.Flag(helpful));
        }
        return await command.ReadAllAsync(FeedbackRows.Read, cancellationToken);
    }
}
