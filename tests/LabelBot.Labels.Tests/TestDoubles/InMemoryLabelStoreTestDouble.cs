using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;

namespace LabelBot.Labels.Tests.TestDoubles;

/// <summary>
/// TEST DOUBLE for the LabelIngestor pipeline tests only (batch behaviour: bad files skipped, zips, re-ingest).
/// It keeps versions in a dictionary with the ILabelStore versioning rules; the real store is SqliteLabelStore
/// in LabelBot.Search. Do not use outside tests.
/// </summary>
internal sealed class InMemoryLabelStoreTestDouble : ILabelStore
{
    private readonly Dictionary<string, SortedList<int, (LabelDocument Label, IReadOnlyList<Passage> Passages)>> _labels = new(StringComparer.Ordinal);

    public int SaveCalls { get; private set; }

    /// <summary>When set, SaveAsync throws for this set id (to test that one failure does not stop the batch).</summary>
    public string? FailOnSetId { get; set; }

    public Task<IngestOutcome> SaveAsync(LabelDocument label, IReadOnlyList<Passage> passages, IReadOnlyList<float[]> embeddings, CancellationToken cancellationToken = default)
    {
        SaveCalls++;
        if (label.SetId == FailOnSetId)
        {
            throw new InvalidOperationException("disk full (simulated)");
        }
        if (embeddings.Count != passages.Count)
        {
            throw new ArgumentException("one embedding per passage expected", nameof(embeddings));
        }
        if (!_labels.TryGetValue(label.SetId, out var versions))
        {
            versions = [];
            _labels[label.SetId] = versions;
        }
        if (versions.Count > 0 && versions.Keys[^1] >= label.Version)
        {
            return Task.FromResult(new IngestOutcome(label.SetId, label.Version, IngestStatus.Unchanged));
        }
        var status = versions.Count == 0 ? IngestStatus.Added : IngestStatus.Superseded;
        versions[label.Version] = (label, passages);
        return Task.FromResult(new IngestOutcome(label.SetId, label.Version, status));
    }

    public Task<bool> HasVersionAsync(string setId, int version, CancellationToken cancellationToken = default) =>
        Task.FromResult(_labels.TryGetValue(setId, out var versions) && versions.Count > 0 && versions.Keys[^1] >= version);

    public Task<IReadOnlyList<LabelVersionInfo>> ListLabelsAsync(bool includeHistory = false, CancellationToken cancellationToken = default)
    {
        var infos = new List<LabelVersionInfo>();
        foreach (var versions in _labels.Values)
        {
            var current = versions.Keys[^1];
            foreach (var (version, (label, passages)) in versions)
            {
                if (includeHistory || version == current)
                {
                    infos.Add(new LabelVersionInfo(label.SetId, version, label.EffectiveDate, label.Title, label.DisplayName, label.Format,
                        version == current, passages.Count, label.Products, label.Labeler));
                }
            }
        }
        return Task.FromResult<IReadOnlyList<LabelVersionInfo>>(infos);
    }

    public Task<IReadOnlyList<Passage>> GetPassagesAsync(string setId, IReadOnlyCollection<string>? topSectionCodes = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<Passage> passages = _labels.TryGetValue(setId, out var versions)
            ? versions.Values[^1].Passages.Where(p => topSectionCodes is null || topSectionCodes.Contains(p.TopSectionCode)).ToList()
            : [];
        return Task.FromResult(passages);
    }

    public Task<Passage?> GetPassageAsync(string passageId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_labels.Values.SelectMany(v => v.Values).SelectMany(v => v.Passages).FirstOrDefault(p => p.Id == passageId));
}
