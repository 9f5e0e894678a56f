using System.Security.Cryptography;
using System.Text;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;

namespace LabelBot.Labels.Ingestion;

/// <summary>
/// The embedding step of ingest and of the background fill: passages → vectors, with no duplicate work. Each
/// passage's embedding input is normalised and hashed; a hash the store already holds (another label, another
/// version, an earlier run) takes the stored vector, texts repeated within one call are embedded once, and only the
/// rest go to the model, in large calls the embedder sorts and batches by length.
/// </summary>
public sealed class PassageVectorizer(ITextEmbedder embedder, IPassageVectorStore? store = null)
{
    private readonly ITextEmbedder _embedder = embedder ?? throw new ArgumentNullException(nameof(embedder));
    private long _embedded;
    private long _reused;

    /// <summary>Texts this instance sent to the model.</summary>
    public long Embedded => Interlocked.Read(ref _embedded);

    /// <summary>Passages that took a vector already stored or computed for the same text.</summary>
    public long Reused => Interlocked.Read(ref _reused);

    /// <summary>The text handed to the model for a passage: <see cref="LabelIngestor.EmbeddingInput"/>, NFC, trimmed.</summary>
    public static string NormalizedInput(Passage passage) =>
        LabelIngestor.EmbeddingInput(passage).Normalize(NormalizationForm.FormC).Trim();

    /// <summary>SHA-256 (hex) of the normalised input, prefixed with the vector length so another model never matches.</summary>
    public string TextHash(string normalizedInput) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{_embedder.Dimensions}\n{normalizedInput}")));

    /// <summary>One vector per passage, in order.</summary>
    public async Task<IReadOnlyList<PassageVector>> VectorsForAsync(IReadOnlyList<Passage> passages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(passages);
        var inputs = new string[passages.Count];
        var hashes = new string[passages.Count];
        for (var i = 0; i < passages.Count; i++)
        {
            inputs[i] = NormalizedInput(passages[i]);
            hashes[i] = TextHash(inputs[i]);
        }
        var known = store is null
            ? new Dictionary<string, float[]>(StringComparer.Ordinal)
            : new Dictionary<string, float[]>(await store.FindTextVectorsAsync(hashes, cancellationToken), StringComparer.Ordinal);

        var missing = new List<(string Hash, string Text)>();
        var queued = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < passages.Count; i++)
        {
            if (!known.ContainsKey(hashes[i]) && queued.Add(hashes[i]))
            {
                missing.Add((hashes[i], inputs[i]));
            }
        }
        for (var start = 0; start < missing.Count; start += LabelIngestor.EmbeddingBatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = missing.GetRange(start, Math.Min(LabelIngestor.EmbeddingBatchSize, missing.Count - start));
            var embedded = _embedder.Embed(batch.Select(m => m.Text).ToList());
            if (embedded.Count != batch.Count)
            {
                throw new InvalidOperationException($"embedder returned {embedded.Count} vectors for {batch.Count} texts");
            }
            for (var j = 0; j < batch.Count; j++)
            {
                known[batch[j].Hash] = embedded[j];
            }
        }
        Interlocked.Add(ref _embedded, missing.Count);
        Interlocked.Add(ref _reused, passages.Count - missing.Count);

        var vectors = new PassageVector[passages.Count];
        for (var i = 0; i < passages.Count; i++)
        {
            vectors[i] = new PassageVector(passages[i].Id, hashes[i], known[hashes[i]]);
        }
        return vectors;
    }
}
