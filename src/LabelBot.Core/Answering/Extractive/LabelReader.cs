using System.Collections.Concurrent;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;

namespace LabelBot.Core.Answering.Extractive;

/// <summary>
/// One current label version read whole, in reading order, with each passage's stems: what answering needs beyond the
/// top retrieved passages — the sections a question is about, a list's items chunked into the next passage, and
/// evidence that the label never mentions something before saying so.
/// </summary>
public sealed class WholeLabel : IPassageNeighbours
{
    private readonly Dictionary<int, Passage> _byOrdinal;
    private readonly HashSet<string>[] _stems;
    private readonly Dictionary<string, int> _index;

    public WholeLabel(LabelVersionInfo label, IReadOnlyList<Passage> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        Label = label ?? throw new ArgumentNullException(nameof(label));
        Passages = passages.OrderBy(p => p.Ordinal).ToList();
        _byOrdinal = Passages.GroupBy(p => p.Ordinal).ToDictionary(g => g.Key, g => g.First());
        _stems = Passages.Select(p => TermStems.Of(p.Text)).ToArray();
        _index = Passages.Select((p, i) => (p.Id, i)).GroupBy(x => x.Id).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
    }

    public LabelVersionInfo Label { get; }

    public IReadOnlyList<Passage> Passages { get; }

    public Passage? Previous(Passage passage) => Neighbour(passage, -1);

    public Passage? Next(Passage passage) => Neighbour(passage, +1);

    /// <summary>True when some passage of the label is in one of the sections (own or top-level code).</summary>
    public bool HasSection(IReadOnlyCollection<string> codes) =>
        Passages.Any(p => codes.Contains(p.SectionCode) || codes.Contains(p.TopSectionCode));

    /// <summary>Passages in the given sections, in reading order.</summary>
    public IEnumerable<Passage> InSections(IReadOnlySet<string> codes) =>
        Passages.Where(p => codes.Contains(p.SectionCode) || codes.Contains(p.TopSectionCode));

    /// <summary>The stems of a passage of this label (computed once).</summary>
    public IReadOnlySet<string> StemsOf(Passage passage) =>
        _index.TryGetValue(passage.Id, out var i) ? _stems[i] : TermStems.Of(passage.Text);

    /// <summary>True when any passage of the label mentions the concept in its text.</summary>
    public bool Mentions(Concept concept) => _stems.Any(concept.IsMentionedIn);

    /// <summary>Passages that mention the most of the given concepts (at least one), best first, then in reading order.</summary>
    public IEnumerable<Passage> Mentioning(IReadOnlyList<Concept> concepts, int limit)
    {
        return Passages
            .Select((p, i) => (Passage: p, Count: concepts.Count(c => c.IsMentionedIn(_stems[i]))))
            .Where(x => x.Count > 0)
            .OrderByDescending(x => x.Count)
            .ThenBy(x => x.Passage.Ordinal)
            .Take(limit)
            .Select(x => x.Passage);
    }

    private Passage? Neighbour(Passage passage, int step) =>
        passage.SetId == Label.SetId && _byOrdinal.TryGetValue(passage.Ordinal + step, out var found) && found.SectionPath == passage.SectionPath
            ? found
            : null;
}

/// <summary>
/// Reads current labels whole through <see cref="ILabelStore"/> and keeps the most recent ones in memory: a label
/// version never changes, so its text and stems are computed once (a new version has a new key).
/// </summary>
public sealed class LabelReader(ILabelStore store, int capacity = 64)
{
    private readonly ConcurrentDictionary<(string SetId, int Version), Lazy<Task<WholeLabel>>> _cache = new();
    private readonly ConcurrentQueue<(string, int)> _order = new();

    public async Task<WholeLabel> ReadAsync(LabelVersionInfo label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(label);
        var key = (label.SetId, label.Version);
        var entry = _cache.GetOrAdd(key, _ =>
        {
            _order.Enqueue(key);
            return new Lazy<Task<WholeLabel>>(async () =>
                new WholeLabel(label, await store.GetPassagesAsync(label.SetId, null, CancellationToken.None)));
        });
        while (_cache.Count > capacity && _order.TryDequeue(out var oldest))
        {
            _cache.TryRemove(oldest, out _);
        }
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (entry.Value.IsFaulted)
        {
            _cache.TryRemove(key, out _); // a failed read (store busy, I/O) is tried again next time, not remembered
            throw;
        }
    }
}

/// <summary>Neighbours across the labels of one answer (a comparison reads several).</summary>
public sealed class WholeLabels(IEnumerable<WholeLabel> texts) : IPassageNeighbours
{
    private readonly Dictionary<string, WholeLabel> _bySet = texts.GroupBy(t => t.Label.SetId).ToDictionary(g => g.Key, g => g.First());

    public Passage? Previous(Passage passage) => _bySet.GetValueOrDefault(passage.SetId)?.Previous(passage);

    public Passage? Next(Passage passage) => _bySet.GetValueOrDefault(passage.SetId)?.Next(passage);
}
