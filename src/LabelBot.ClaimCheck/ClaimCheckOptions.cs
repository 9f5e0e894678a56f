namespace LabelBot.ClaimCheck;

/// <summary>Thresholds of the extractive claim checker; the defaults are the ones measured by the claim data set tests.</summary>
public sealed record ClaimCheckOptions
{
    public static ClaimCheckOptions Default { get; } = new();

    /// <summary>Passages retrieved per claim from the claim's label(s).</summary>
    public int PassagesPerClaim { get; init; } = 10;

    /// <summary>Share of a claim's (weighted) content words that one piece of label text must contain to support it.</summary>
    public double SupportOverlap { get; init; } = 0.6;

    /// <summary>The same share when at least two of the claim's numbers, with units, appear in that text.</summary>
    public double SupportOverlapWithNumbers { get; init; } = 0.45;

    /// <summary>
    /// How spread out a claim's words may be in a supporting sentence: the shortest stretch holding them all, per word.
    /// Keeps "hypertension … LIPITOR is indicated" from supporting "indicated for hypertension".
    /// </summary>
    public double MaxDispersion { get; init; } = 3.0;

    /// <summary>The same limit when four or more of the claim's words match (long label sentences interleave more).</summary>
    public double MaxDispersionManyWords { get; init; } = 5.0;

    /// <summary>Claims with at most this much word weight are short: every strong word must appear in the support.</summary>
    public double ShortClaimWeight { get; init; } = 3.5;

    /// <summary>The share when at least three of the claim's numbers appear there (a dosing table row).</summary>
    public double SupportOverlapWithManyNumbers { get; init; } = 0.25;

    /// <summary>Support at least this close outweighs a population or contraindication restriction found elsewhere.</summary>
    public double StrongSupportOverlap { get; init; } = 0.8;

    /// <summary>Within a supporting sentence, a clause this close with the opposite negation rules the sentence out.</summary>
    public double SupportNegationOverlap { get; init; } = 0.4;

    /// <summary>Share of content words a label sentence must share with a claim before its different number contradicts it.</summary>
    public double NumberContradictionOverlap { get; init; } = 0.5;

    /// <summary>The same share for claims that report a study result: an invented study is "not in label", not a contradiction.</summary>
    public double StudyContradictionOverlap { get; init; } = 0.7;

    /// <summary>Share of a claim clause's content words a label clause must share before opposite negation contradicts it.</summary>
    public double NegationOverlap { get; init; } = 0.6;

    /// <summary>Product matches kept per claim: those within this confidence of the best (brand and its generics).</summary>
    public double ProductConfidenceMargin { get; init; } = 0.15;

    /// <summary>Supporting label sentences compared by embedding per claim, when an embedder is available.</summary>
    public int UnitsEmbeddedPerClaim { get; init; } = 6;

    /// <summary>Weight of embedding similarity when choosing among supporting sentences.</summary>
    public double SimilarityWeight { get; init; } = 0.3;
}
