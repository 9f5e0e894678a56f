using LabelBot.Core.Labels;

namespace LabelBot.Core.Answering;

/// <summary>State of one turn while it is answered: the passages its citations may point at (for validation).</summary>
internal sealed class AnswerTurn(string question, string? conversationId)
{
    private readonly Dictionary<string, Passage> _passages = new(StringComparer.Ordinal);

    public string Question { get; } = question;

    public string? ConversationId { get; } = conversationId;

    public void Remember(IEnumerable<Passage> passages)
    {
        foreach (var passage in passages)
        {
            _passages.TryAdd(passage.Id, passage);
        }
    }

    public Passage? FindPassage(string id) => _passages.GetValueOrDefault(id);
}

/// <summary>Replies that are a prompt text and its citations, nothing composed.</summary>
internal static class Replies
{
    public static AnswerResult Reply(AnswerKind kind, string text, IReadOnlyList<Citation>? citations = null, bool pharmacist = false) =>
        new(kind, text, citations ?? [], [], pharmacist ? [SuggestedActions.TalkToPharmacist] : [], 0);

    public static string JoinNames(IReadOnlyList<string> names) => string.Join(", ", names);
}
