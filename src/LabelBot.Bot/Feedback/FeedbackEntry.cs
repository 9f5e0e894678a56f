namespace LabelBot.Bot.Feedback;

/// <summary>
/// One helpful / not-helpful vote, stored for review. Holds no question text and no user identifier: the conversation
/// is a one-way hash, so votes on one conversation can be grouped without knowing who cast them.
/// </summary>
public sealed record FeedbackEntry(
    DateTimeOffset CreatedUtc,
    string ChannelId,
    string ConversationHash,
    string AnswerId,
    string AnswerKind,
    bool Helpful,
    string? Reason,
    IReadOnlyList<string> PassageIds);

/// <summary>Where feedback is kept for review (SQLite table in the label database by default).</summary>
public interface IFeedbackStore
{
    Task SaveAsync(FeedbackEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The newest entries first (for the review console and tests).</summary>
    Task<IReadOnlyList<FeedbackEntry>> ListRecentAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>The newest "not helpful" votes first, for the pharmacists' review list.</summary>
    Task<IReadOnlyList<FeedbackEntry>> ListNotHelpfulAsync(int limit, CancellationToken cancellationToken = default);
}
