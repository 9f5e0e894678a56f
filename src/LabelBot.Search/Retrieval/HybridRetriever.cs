using System.Collections.Concurrent;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.Core.Storage;
using LabelBot.Search.Embedding;

namespace LabelBot.Search.Retrieval;

/// <summary>
/// Finds the current-label passages that best answer a question: BM25 candidates from the full-text index and
/// nearest passages by stored MiniLM vectors, fused by reciprocal rank, then weighted by the sections the question
/// is about (<see cref="SectionIntent"/>), with Highlights ranked below the full sections they summarise.
/// </summary>
/// <remarks>
/// Passage vectors are computed at ingest and read from the store once per label (lazily), then kept in memory until
/// the store's generation changes. Only the question is embedded per search.
/// </remarks>
public sealed class HybridRetriever : IPassageRetriever
{
    /// <summary>Medication Guide, Patient Package Insert, Instructions for Use, Patient Medication Information, Patient Counseling.</summary>
    private static readonly HashSet<string> PatientLeafletCodes = new(StringComparer.Ordinal)
    {
        SectionCodes.MedicationGuide, SectionCodes.PatientPackageInsert, "59845-8", "68498-5", SectionCodes.PatientCounseling,
    };

    private readonly IRetrievalIndex _index;
    private readonly ILabelStore _store;
    private readonly ITextEmbedder _embedder;
    private readonly RetrievalOptions _options;
    private readonly SemaphoreSlim _catalogGate = new(1, 1);
    private volatile Catalog? _catalog;

    public HybridRetriever(ILabelStore store, IRetrievalIndex index, ITextEmbedder embedder, RetrievalOptions? options = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _index = index ?? throw new ArgumentNullException(nameof(index));
        _embedder = embedder ?? throw new ArgumentNullException(nameof(embedder));
        _options = options ?? new RetrievalOptions();
    }

    /// <summary>For a store that is its own index (SQLite).</summary>
    public static HybridRetriever Create<TStore>(TStore store, ITextEmbedder embedder, RetrievalOptions? options = null)
        where TStore : ILabelStore, IRetrievalIndex =>
        new(store, store, embedder, options);

    public RetrievalOptions Options => _options;

    public async Task<IReadOnlyList<ScoredPassage>> SearchAsync(SearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrWhiteSpace(query.Text) || query.Limit <= 0)
        {
            return [];
        }
        var catalog = await GetCatalogAsync(cancellationToken);
        var setIds = query.SetIds is null
            ? catalog.Labels.Keys.ToList()
            : query.SetIds.Where(catalog.Labels.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
        if (setIds.Count == 0)
        {
            return [];
        }

        var intents = SectionIntent.Detect(query.Text);
        var fused = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        if (query.Mode is RetrievalMode.Hybrid or RetrievalMode.Lexical)
        {
            await AddLexicalAsync(catalog, query, intents, setIds, fused, cancellationToken);
        }
        if (query.Mode is RetrievalMode.Hybrid or RetrievalMode.Vector)
        {
            await AddVectorAsync(catalog, query, setIds, fused, cancellationToken);
        }

        var boosts = _options.UseSectionBoosts ? intents : [];
        return fused.Values
            .Select(c => (c.Entry, Score: c.Score * SectionIntent.BoostFor(c.Entry.Passage, boosts) * SectionKindFactor(c.Entry.Passage)))
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Entry.Passage.SetId, StringComparer.Ordinal)
            .ThenBy(x => x.Entry.Passage.Ordinal)
            .Take(query.Limit)
            .Select(x => new ScoredPassage(x.Entry.Passage, x.Entry.Label, x.Score))
            .ToList();
    }

    private async Task AddLexicalAsync(Catalog catalog, SearchQuery query, IReadOnlyList<QuestionIntent> intents, List<string> setIds, Dictionary<string, Candidate> fused, CancellationToken cancellationToken)
    {
        var words = QueryTerms.Extract(query.Text);
        if (words.Count == 0)
        {
            return;
        }
        // The label's own words for what was asked ("side effects" → "adverse reactions") find the sections
        // written in clinical vocabulary; section titles are indexed too.
        var terms = _options.UseQueryExpansion
            ? words.Concat(intents.SelectMany(i => i.SearchTerms)).Distinct(StringComparer.Ordinal).ToList()
            : words;
        var restrict = query.SetIds is null ? null : setIds;
        var hits = await _index.SearchLexicalAsync(terms, restrict, _options.LexicalCandidates, cancellationToken);
        var rank = 0;
        foreach (var hit in hits)
        {
            var label = await catalog.GetLabelAsync(hit.SetId, _index, cancellationToken);
            if (label is null || !label.ById.TryGetValue(hit.PassageId, out var position))
            {
                continue; // written after this catalog was built; the next search sees it
            }
            rank++;
            AddRank(fused, new Entry(label.Vectors.Passages[position], label.Vectors.Label), rank, 1.0);
        }
    }

    private async Task AddVectorAsync(Catalog catalog, SearchQuery query, List<string> setIds, Dictionary<string, Candidate> fused, CancellationToken cancellationToken)
    {
        var text = query.Text.Length <= _options.MaxQueryChars ? query.Text : query.Text[.._options.MaxQueryChars];
        var queryVector = _embedder.Embed([text])[0];
        var nearest = new PriorityQueue<Entry, float>(_options.VectorCandidates + 1);
        foreach (var setId in setIds)
        {
            var label = await catalog.GetLabelAsync(setId, _index, cancellationToken);
            if (label is null)
            {
                continue;
            }
            var vectors = label.Vectors;
            var dims = vectors.Dimensions;
            if (dims != queryVector.Length)
            {
                throw new InvalidOperationException($"Stored vectors have {dims} dimensions but the embedder makes {queryVector.Length}.");
            }
            for (var i = 0; i < vectors.Passages.Count; i++)
            {
                if (!label.HasVector[i])
                {
                    continue; // not embedded yet (filled in the background): this passage competes by BM25 alone
                }
                var similarity = VectorMath.Dot(queryVector, vectors.Vectors.AsSpan(i * dims, dims));
                // Min-heap of the best N so far: the root is the weakest kept candidate.
                if (nearest.Count < _options.VectorCandidates)
                {
                    nearest.Enqueue(new Entry(vectors.Passages[i], vectors.Label), similarity);
                }
                else if (nearest.TryPeek(out _, out var weakest) && similarity > weakest)
                {
                    nearest.DequeueEnqueue(new Entry(vectors.Passages[i], vectors.Label), similarity);
                }
            }
        }
        var ranked = new List<(Entry Entry, float Similarity)>(nearest.Count);
        while (nearest.TryDequeue(out var entry, out var similarity))
        {
            ranked.Add((entry, similarity));
        }
        ranked.Reverse();
        for (var i = 0; i < ranked.Count; i++)
        {
            AddRank(fused, ranked[i].Entry, i + 1, _options.VectorWeight);
        }
    }

    private void AddRank(Dictionary<string, Candidate> fused, Entry entry, int rank, double weight)
    {
        if (!fused.TryGetValue(entry.Passage.Id, out var candidate))
        {
            candidate = new Candidate(entry);
            fused[entry.Passage.Id] = candidate;
        }
        candidate.Score += weight / (_options.RrfK + rank);
    }

    /// <summary>
    /// Highlights summarise the full sections, and patient leaflets restate them in plain words: both rank below the
    /// prescribing-information section that says the same, which is the better citation.
    /// </summary>
    private double SectionKindFactor(Passage passage)
    {
        if (string.Equals(passage.TopSectionCode, SectionCodes.Highlights, StringComparison.Ordinal))
        {
            return _options.HighlightsFactor;
        }
        return PatientLeafletCodes.Contains(passage.TopSectionCode) ? _options.PatientLeafletFactor : 1.0;
    }

    private async Task<Catalog> GetCatalogAsync(CancellationToken cancellationToken)
    {
        var generation = await _index.GetGenerationAsync(cancellationToken);
        var catalog = _catalog;
        if (catalog is not null && catalog.Generation == generation)
        {
            return catalog;
        }
        await _catalogGate.WaitAsync(cancellationToken);
        try
        {
            catalog = _catalog;
            if (catalog is null || catalog.Generation != generation)
            {
                var labels = await _store.ListLabelsAsync(includeHistory: false, cancellationToken);
                catalog = new Catalog(generation, labels.ToDictionary(l => l.SetId, StringComparer.Ordinal));
                _catalog = catalog;
            }
            return catalog;
        }
        finally
        {
            _catalogGate.Release();
        }
    }

    private sealed record Entry(Passage Passage, LabelVersionInfo Label);

    private sealed class Candidate(Entry entry)
    {
        public Entry Entry { get; } = entry;
        public double Score { get; set; }
    }

    /// <summary>A label's passages and vectors; <see cref="HasVector"/> is false for a passage stored without one (zeros).</summary>
    private sealed record LoadedLabel(LabelVectors Vectors, IReadOnlyDictionary<string, int> ById, bool[] HasVector);

    /// <summary>The current labels of one store generation, with their passages and vectors loaded on first use.</summary>
    private sealed class Catalog(long generation, IReadOnlyDictionary<string, LabelVersionInfo> labels)
    {
        private readonly ConcurrentDictionary<string, Lazy<Task<LoadedLabel?>>> _loaded = new(StringComparer.Ordinal);

        public long Generation { get; } = generation;
        public IReadOnlyDictionary<string, LabelVersionInfo> Labels { get; } = labels;

        public async Task<LoadedLabel?> GetLabelAsync(string setId, IRetrievalIndex index, CancellationToken cancellationToken)
        {
            var load = _loaded.GetOrAdd(setId, id => new Lazy<Task<LoadedLabel?>>(() => LoadAsync(id, index)));
            try
            {
                return await load.Value.WaitAsync(cancellationToken);
            }
            catch (Exception) when (load.Value.IsFaulted)
            {
                // Do not cache a failed read (a locked or briefly unavailable file): the next search retries.
                _loaded.TryRemove(new KeyValuePair<string, Lazy<Task<LoadedLabel?>>>(setId, load));
                throw;
            }
        }

        private static async Task<LoadedLabel?> LoadAsync(string setId, IRetrievalIndex index)
        {
            // Not cancellable on purpose: the load is shared by every search that needs this label.
            var vectors = await index.LoadCurrentVectorsAsync(setId, CancellationToken.None);
            if (vectors is null)
            {
                return null;
            }
            var byId = new Dictionary<string, int>(vectors.Passages.Count, StringComparer.Ordinal);
            var hasVector = new bool[vectors.Passages.Count];
            for (var i = 0; i < vectors.Passages.Count; i++)
            {
                byId[vectors.Passages[i].Id] = i;
                hasVector[i] = vectors.Vectors.AsSpan(i * vectors.Dimensions, vectors.Dimensions).ContainsAnyExcept(0f);
            }
            return new LoadedLabel(vectors, byId, hasVector);
        }
    }
}
