namespace LabelBot.Core.Answering.Phrasing;

/// <summary>
/// A model's answer after <see cref="PhrasedAnswerVerifier"/>: only sentences supported by the passages they cite,
/// citations normalised to [n] form.
/// </summary>
/// <param name="Text">The kept sentences, joined; every sentence cites at least one passage as [n].</param>
/// <param name="UsedPassageNumbers">Distinct passage numbers cited by the kept sentences, ascending.</param>
/// <param name="Dropped">Sentences removed because they cited nothing, an unknown passage, or unsupported content.</param>
/// <param name="Kept">Sentences kept.</param>
public sealed record VerifiedPhrasing(string Text, IReadOnlyList<int> UsedPassageNumbers, int Dropped, int Kept);

/// <summary>Thresholds of <see cref="PhrasedAnswerVerifier"/>.</summary>
public sealed record VerifierOptions
{
    public static VerifierOptions Default { get; } = new();

    /// <summary>
    /// Share of a clause's content words (other than linking words, the label's name and the question's own terms) that
    /// must occur in the one cited sentence that supports it. 1: all of them; lower values exist only for experiments.
    /// </summary>
    public double MinimumSupport { get; init; } = 1.0;

    /// <summary>Share of the model's sentences that must survive; below it the whole answer is distrusted.</summary>
    public double MinimumKeptFraction { get; init; } = 0.5;

    /// <summary>
    /// Whether a phrased sentence may state a dose amount ("10 mg", "2 tablets") or tell the reader how much or how often
    /// to take something. A Public deployment sets false: amounts and schedules then reach users only as verbatim label
    /// quotes, never in a model's words.
    /// </summary>
    public bool AllowDosingStatements { get; init; } = true;
}
