using LabelBot.Core.Labels;

namespace LabelBot.Core.Answering.Conversation;

/// <summary>
/// What a conversation is about after a turn: the labels its product resolved to (all candidates, so "and the generic
/// one?" can switch between them), the one answered from, and the previous question for follow-ups like
/// "what about in the elderly?". Kept in memory only; never logged.
/// </summary>
public sealed record ConversationFocus(IReadOnlyList<LabelVersionInfo> Candidates, string PrimarySetId, string? LastQuestion);

/// <summary>Remembers the <see cref="ConversationFocus"/> of each conversation id.</summary>
public interface IConversationContextStore
{
    ConversationFocus? Get(string conversationId);

    void Set(string conversationId, ConversationFocus focus);
}
