using LabelBot.Core.Retrieval;
using LabelBot.DailyMed.Client;
using LabelBot.Labels.Ingestion;

namespace LabelBot.DailyMed.Fetching;

/// <summary>
/// `fetch --drug NAME` and `fetch --setid ID`: finds labels on DailyMed, downloads them (validated, saved under the
/// downloads folder) and ingests them. A label that fails to download is reported and never reaches the store; a
/// label already stored at that version is a no-op.
/// </summary>
public sealed class LabelFetcher
{
    private readonly DailyMedClient _client;
    private readonly LabelIngestor _ingestor;
    private readonly Func<CancellationToken, Task>? _onLabelsChanged;

    /// <param name="onLabelsChanged">Called after new label versions were stored (e.g. to reload product resolution).</param>
    public LabelFetcher(DailyMedClient client, LabelIngestor ingestor, Func<CancellationToken, Task>? onLabelsChanged = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _ingestor = ingestor ?? throw new ArgumentNullException(nameof(ingestor));
        _onLabelsChanged = onLabelsChanged;
    }

    /// <summary>The labels DailyMed lists for a drug name (to show before fetching).</summary>
    public Task<SplSearchResult> SearchAsync(string drugName, CancellationToken cancellationToken = default) =>
        _client.SearchAsync(drugName, cancellationToken);

    /// <summary>
    /// Fetches the label a drug name matches. One match is fetched at once; several are fetched only with
    /// <paramref name="all"/>, otherwise the result lists them (<see cref="FetchResult.NeedsChoice"/>) so the caller can
    /// ask which one and call <see cref="FetchBySetIdAsync"/>.
    /// </summary>
    public async Task<FetchResult> FetchByNameAsync(string drugName, bool all, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var search = await _client.SearchAsync(drugName, cancellationToken);
        if (search.Labels.Count == 0)
        {
            return new FetchResult(search.DrugName, [], false, NeedsChoice: false, [], [], null);
        }
        if (search.Labels.Count > 1 && !all)
        {
            return FetchResult.Choice(search.DrugName, search);
        }
        var fetched = await FetchBySetIdsAsync(search.Labels.Select(l => l.SetId).ToList(), progress, cancellationToken);
        return fetched with { Query = search.DrugName, Candidates = search.Labels, CandidatesTruncated = search.Truncated };
    }

    /// <summary>Fetches one label set by its set id.</summary>
    public Task<FetchResult> FetchBySetIdAsync(string setId, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default) =>
        FetchBySetIdsAsync([setId], progress, cancellationToken);

    /// <summary>
    /// Downloads each label, then ingests the ones that downloaded. Per-label failures (404, not SPL, timeout) are
    /// collected; "no network" stops the run at once with a <see cref="DailyMedException"/>, since every further
    /// request would fail the same way.
    /// </summary>
    public async Task<FetchResult> FetchBySetIdsAsync(IReadOnlyList<string> setIds, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setIds);
        var query = string.Join(", ", setIds);
        var downloaded = new List<DownloadedLabel>();
        var failures = new List<FetchFailure>();
        for (var i = 0; i < setIds.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new IngestProgress(i, setIds.Count, "DailyMed " + setIds[i]));
            try
            {
                downloaded.Add(await _client.DownloadLabelAsync(setIds[i], cancellationToken));
            }
            catch (DailyMedException ex) when (!ex.AffectsEveryRequest || setIds.Count > 1 && downloaded.Count > 0)
            {
                failures.Add(new FetchFailure(setIds[i], ex.Kind, ex.Message));
                if (ex.AffectsEveryRequest)
                {
                    break; // the network went away mid-run: ingest what arrived, report the rest
                }
            }
        }
        if (downloaded.Count == 0)
        {
            return new FetchResult(query, [], false, NeedsChoice: false, [], failures, null);
        }

        var report = await _ingestor.IngestAsync(downloaded.Select(d => d.FilePath), progress, cancellationToken);
        if (_onLabelsChanged is not null && report.Files.Any(f => f.Status is IngestStatus.Added or IngestStatus.Superseded))
        {
            await _onLabelsChanged(cancellationToken);
        }
        return new FetchResult(query, [], false, NeedsChoice: false, downloaded, failures, report);
    }
}
