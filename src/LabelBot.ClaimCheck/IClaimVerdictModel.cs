using LabelBot.Core.Answering.Phrasing;

namespace LabelBot.ClaimCheck;

/// <summary>
/// A model's verdict on one claim, citing the numbered passages it was shown. <see cref="Quotes"/> are verbatim label
/// text from the cited passages (optional: when empty, the checker picks the quote).
/// </summary>
public sealed record ModelClaimVerdict(ClaimVerdict Verdict, IReadOnlyList<int> Cited, IReadOnlyList<string> Quotes, string Rationale);

/// <summary>
/// Optional LLM judgement of a claim against retrieved passages. Returning null means "not available right now"
/// (not configured, timeout, malformed reply): the checker keeps its extractive verdict. Whatever comes back is
/// verified like a phrased answer (<see cref="PhrasedAnswerVerifier"/>) before it replaces anything.
/// </summary>
public interface IClaimVerdictModel
{
    Task<ModelClaimVerdict?> JudgeAsync(string claim, IReadOnlyList<NumberedPassage> passages, CancellationToken cancellationToken = default);
}
