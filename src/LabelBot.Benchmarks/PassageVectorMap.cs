using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.Labels.Ingestion;
using LabelBot.Storage.Sqlite;

namespace LabelBot.Benchmarks;

/// <summary>
/// The stored MiniLM vector of every passage of a corpus, keyed by the exact text the ingestor embeds (section title
/// plus passage text, <see cref="LabelIngestor.EmbeddingInput"/>). Scaled copies keep both, so they take their vectors
/// from here: building a 100x corpus embeds nothing. Vectors come from seed SQLite stores that already hold the corpus;
/// only passages no seed has are embedded, once.
/// </summary>
public sealed class PassageVectorMap
{
    private readonly Dictionary<string, float[]> _vectors;

    private PassageVectorMap(Dictionary<string, float[]> vectors, int fromSeeds, int embedded, IReadOnlyList<string> seedsUsed)
    {
        _vectors = vectors;
        FromSeeds = fromSeeds;
        Embedded = embedded;
        SeedsUsed = seedsUsed;
    }

    /// <summary>Distinct embedding inputs taken from seed stores.</summary>
    public int FromSeeds { get; }

    /// <summary>Distinct embedding inputs no seed held, embedded while building the map.</summary>
    public int Embedded { get; }

    /// <summary>Seed database files that contributed vectors.</summary>
    public IReadOnlyList<string> SeedsUsed { get; }

    public int Count => _vectors.Count;

    /// <summary>
    /// Collects the vectors of <paramref name="passages"/> from the first seeds that have them (each seed file is copied
    /// to <paramref name="scratchFolder"/> and opened there, so a shared cache is never written), then embeds the rest.
    /// </summary>
    public static async Task<PassageVectorMap> BuildAsync(
        IEnumerable<Passage> passages,
        IEnumerable<string> seedDatabases,
        ITextEmbedder embedder,
        string scratchFolder,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(passages);
        ArgumentNullException.ThrowIfNull(seedDatabases);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentException.ThrowIfNullOrWhiteSpace(scratchFolder);

        var needed = new HashSet<string>(passages.Select(LabelIngestor.EmbeddingInput), StringComparer.Ordinal);
        var vectors = new Dictionary<string, float[]>(needed.Count, StringComparer.Ordinal);
        var seedsUsed = new List<string>();
        foreach (var seed in seedDatabases.Where(File.Exists).Distinct(StringComparer.Ordinal))
        {
            if (vectors.Count == needed.Count)
            {
                break;
            }
            var found = await CollectFromSeedAsync(seed, needed, vectors, embedder.Dimensions, scratchFolder, cancellationToken);
            if (found > 0)
            {
                seedsUsed.Add(seed);
            }
        }
        var fromSeeds = vectors.Count;

        var missing = needed.Where(text => !vectors.ContainsKey(text)).ToList();
        for (var start = 0; start < missing.Count; start += LabelIngestor.EmbeddingBatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = missing.GetRange(start, Math.Min(LabelIngestor.EmbeddingBatchSize, missing.Count - start));
            var embedded = embedder.Embed(batch);
            if (embedded.Count != batch.Count)
            {
                throw new InvalidOperationException($"The embedder returned {embedded.Count} vectors for {batch.Count} texts.");
            }
            for (var i = 0; i < batch.Count; i++)
            {
                vectors[batch[i]] = embedded[i];
            }
        }
        return new PassageVectorMap(vectors, fromSeeds, missing.Count, seedsUsed);
    }

    /// <summary>The vector of a passage whose section title and text occur in the corpus the map was built for.</summary>
    public float[] VectorFor(Passage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        return _vectors.TryGetValue(LabelIngestor.EmbeddingInput(passage), out var vector)
            ? vector
            : throw new InvalidOperationException($"Passage {passage.Id} ({passage.SectionDisplayTitle}) is not in the corpus this vector map was built for.");
    }

    /// <summary>The vectors of a label's passages, in order.</summary>
    public IReadOnlyList<float[]> VectorsFor(IReadOnlyList<Passage> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        return passages.Select(VectorFor).ToList();
    }

    private static async Task<int> CollectFromSeedAsync(string seed, HashSet<string> needed, Dictionary<string, float[]> vectors, int dimensions, string scratchFolder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(scratchFolder);
        var copy = Path.Combine(scratchFolder, $"seed-{Guid.NewGuid():N}.db");
        var found = 0;
        try
        {
            File.Copy(seed, copy);
            foreach (var sidecar in new[] { "-wal" }.Where(suffix => File.Exists(seed + suffix)))
            {
                File.Copy(seed + sidecar, copy + sidecar);
            }
            await using var store = SqliteLabelStore.Open(copy, dimensions);
            foreach (var label in await store.ListLabelsAsync(includeHistory: false, cancellationToken))
            {
                var stored = await store.LoadCurrentVectorsAsync(label.SetId, cancellationToken);
                if (stored is null || stored.Dimensions != dimensions)
                {
                    continue;
                }
                for (var i = 0; i < stored.Passages.Count; i++)
                {
                    var key = LabelIngestor.EmbeddingInput(stored.Passages[i]);
                    var vector = stored.Vectors.AsSpan(i * dimensions, dimensions);
                    // A passage stored without a vector reads back as zeros: not a usable seed.
                    if (needed.Contains(key) && !vectors.ContainsKey(key) && vector.ContainsAnyExcept(0f))
                    {
                        vectors[key] = vector.ToArray();
                        found++;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            // An unreadable or foreign seed is only a missed shortcut: its passages get embedded instead.
        }
        finally
        {
            foreach (var file in new[] { copy, copy + "-wal", copy + "-shm" }.Where(File.Exists))
            {
                File.Delete(file);
            }
        }
        return found;
    }
}
