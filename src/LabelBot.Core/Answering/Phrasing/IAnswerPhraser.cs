using LabelBot.Core.Labels;

namespace LabelBot.Core.Answering.Phrasing;

/// <summary>A retrieved passage as shown to a phrasing model: numbered so the model can cite it as [N].</summary>
public sealed record NumberedPassage(int N, Passage Passage, string LabelName);

/// <summary>Text written by a phrasing model, citing passages as [N]; still unverified.</summary>
public sealed record PhrasedAnswer(string Text);

/// <summary>
/// Optional LLM phrasing of an answer from retrieved passages. Returning null means "not available right now"
/// (not configured, timeout, 429, 5xx, malformed reply): the engine then answers extractively.
/// Whatever comes back is verified sentence by sentence against the cited passages before anyone sees it.
/// </summary>
public interface IAnswerPhraser
{
    Task<PhrasedAnswer?> PhraseAsync(string question, IReadOnlyList<NumberedPassage> passages, CancellationToken cancellationToken = default);
}
