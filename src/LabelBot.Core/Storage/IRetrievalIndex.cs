using LabelBot.Core.Labels;

namespace LabelBot.Core.Storage;

/// <summary>A lexical (BM25) hit on a current passage. Lower <see cref="Bm25"/> is better, as SQLite reports it.</summary>
public sealed record LexicalHit(string PassageId, string SetId, double Bm25);

/// <summary>All current passages of one label with their stored embeddings, row i of <see cref="Vectors"/> for passage i.</summary>
public sealed record LabelVectors(LabelVersionInfo Label, IReadOnlyList<Passage> Passages, float[] Vectors, int Dimensions);

/// <summary>
/// What the hybrid retriever needs from a store beyond <see cref="Core.Retrieval.ILabelStore"/>: full-text search
/// over current passages, the stored passage vectors, and a counter that changes whenever the current labels change
/// (so caches built from the store know when to reload). A PostgreSQL store can implement the same interface.
/// </summary>
public interface IRetrievalIndex
{
    /// <summary>Changes (increases) on every committed add or supersede, also when another process wrote.</summary>
    Task<long> GetGenerationAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// BM25 search for passages of current labels containing any of <paramref name="terms"/> (plain words, already
    /// sanitised), optionally restricted to <paramref name="setIds"/>. Best first.
    /// </summary>
    Task<IReadOnlyList<LexicalHit>> SearchLexicalAsync(IReadOnlyList<string> terms, IReadOnlyCollection<string>? setIds, int limit, CancellationToken cancellationToken = default);

    /// <summary>The current version's passages and stored vectors of one label, or null when the set id is unknown.</summary>
    Task<LabelVectors?> LoadCurrentVectorsAsync(string setId, CancellationToken cancellationToken = default);
}
