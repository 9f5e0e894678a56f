using LabelBot.Core.Labels;

namespace LabelBot.Core.Retrieval;

/// <summary>One passage's vector and the hash of the text it was computed from (<see cref="IPassageVectorStore"/>).</summary>
public sealed record PassageVector(string PassageId, string TextHash, float[] Vector);

/// <summary>How many of a stored label version's passages have vectors.</summary>
public sealed record VectorCoverage(string SetId, int Version, int Passages, int WithVectors)
{
    public bool Complete => WithVectors >= Passages;
}

/// <summary>
/// A label store whose passage vectors can be written after the passages themselves: ingest stores passages and
/// full text first, vectors follow (at once or from a background fill), and a label is searched by BM25 alone until
/// they exist. Vectors are also kept by the hash of the embedded text, so a text seen before (another label, another
/// version) is never embedded again.
/// </summary>
public interface IPassageVectorStore
{
    /// <summary>Stored vectors of the texts whose hashes are given (unknown hashes are left out).</summary>
    Task<IReadOnlyDictionary<string, float[]>> FindTextVectorsAsync(IReadOnlyCollection<string> textHashes, CancellationToken cancellationToken = default);

    /// <summary>Writes passage vectors (a passage that already has one keeps it) and their text hashes, in one transaction.</summary>
    Task SaveVectorsAsync(IReadOnlyList<PassageVector> vectors, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> passages without a vector, in the order they were stored (so a fill resumes where it stopped).</summary>
    Task<IReadOnlyList<Passage>> GetPassagesWithoutVectorsAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Vector coverage of every stored label version.</summary>
    Task<IReadOnlyList<VectorCoverage>> GetVectorCoverageAsync(CancellationToken cancellationToken = default);
}
