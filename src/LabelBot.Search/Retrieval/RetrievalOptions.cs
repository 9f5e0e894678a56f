namespace LabelBot.Search.Retrieval;

/// <summary>Tuning of <see cref="HybridRetriever"/>; the defaults are the values measured with the dev question set.</summary>
public sealed record RetrievalOptions
{
    /// <summary>Reciprocal-rank-fusion constant: score = Σ 1 / (k + rank).</summary>
    public int RrfK { get; init; } = 60;

    /// <summary>BM25 candidates taken from the full-text index.</summary>
    public int LexicalCandidates { get; init; } = 60;

    /// <summary>Nearest passages taken from the vector side.</summary>
    public int VectorCandidates { get; init; } = 60;

    /// <summary>Weight of the vector ranking in the fusion (lexical has 1).</summary>
    public double VectorWeight { get; init; } = 1.0;

    /// <summary>
    /// Multiplier for Highlights passages: they summarise the full sections, which are the better citation.
    /// </summary>
    public double HighlightsFactor { get; init; } = 0.7;

    /// <summary>Multiplier for patient leaflets (Medication Guide, Patient Information, Instructions for Use, counseling).</summary>
    public double PatientLeafletFactor { get; init; } = 0.8;

    /// <summary>Whether the label's own words for the question's topic are added to the full-text query.</summary>
    public bool UseQueryExpansion { get; init; } = true;

    /// <summary>Whether question-topic section boosts (<see cref="SectionIntent"/>) apply.</summary>
    public bool UseSectionBoosts { get; init; } = true;

    /// <summary>Longest question text embedded; the rest is ignored (MiniLM reads ~256 tokens).</summary>
    public int MaxQueryChars { get; init; } = 1000;
}
