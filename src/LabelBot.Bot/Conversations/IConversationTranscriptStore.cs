namespace LabelBot.Bot.Conversations;

/// <summary>
/// The recent turns of each conversation (bounded), keyed by the one-way conversation hash, so an escalation can
/// hand the pharmacist what was asked and answered. SQLite by default; survives a restart.
/// </summary>
public interface IConversationTranscriptStore
{
    /// <summary>Appends turns in order and drops the oldest beyond the configured bound.</summary>
    Task AppendAsync(string conversationKey, IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>The kept turns, oldest first.</summary>
    Task<IReadOnlyList<TranscriptEntry>> GetAsync(string conversationKey, CancellationToken cancellationToken = default);

    /// <summary>Deletes turns older than <paramref name="cutoffUtc"/>; returns how many.</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoffUtc, CancellationToken cancellationToken = default);
}
