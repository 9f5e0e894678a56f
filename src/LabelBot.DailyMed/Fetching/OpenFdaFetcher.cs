using LabelBot.Core.Retrieval;
using LabelBot.DailyMed.Client;
using LabelBot.DailyMed.OpenFda;
using LabelBot.Labels.Ingestion;

namespace LabelBot.DailyMed.Fetching;

/// <summary>
/// `fetch --openfda --drug NAME | --setid ID`: finds label records on openFDA, saves them (validated, atomically) and
/// ingests them, with the same choice rule and result as the DailyMed <see cref="LabelFetcher"/>.
/// </summary>
public sealed class OpenFdaFetcher(OpenFdaClient client, LabelIngestor ingestor, Func<CancellationToken, Task>? onLabelsChanged = null)
{
    private readonly OpenFdaClient _client = client ?? throw new ArgumentNullException(nameof(client));
    private readonly LabelIngestor _ingestor = ingestor ?? throw new ArgumentNullException(nameof(ingestor));

    /// <summary>One match is fetched at once; several only with <paramref name="all"/>, else they are listed to choose from.</summary>
    public async Task<FetchResult> FetchByNameAsync(string drugName, bool all, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var records = await _client.SearchAsync(drugName, cancellationToken);
        var query = drugName.Trim();
        if (records.Count == 0)
        {
            return new FetchResult(query, [], false, NeedsChoice: false, [], [], null);
        }
        var candidates = records
            .Select(r => new SplSummary(r.Document.SetId, r.Document.DisplayName, r.Document.Version,
                Core.Labels.LabelVersions.IsStated(r.Document.EffectiveDate) ? r.Document.EffectiveDate : null))
            .ToList();
        if (records.Count > 1 && !all)
        {
            return new FetchResult(query, candidates, false, NeedsChoice: true, [], [], null);
        }
        var saved = new List<DownloadedLabel>();
        foreach (var record in records)
        {
            saved.Add(await _client.SaveAsync(record, cancellationToken));
        }
        return await IngestAsync(query, candidates, saved, progress, cancellationToken);
    }

    public async Task<FetchResult> FetchBySetIdAsync(string setId, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var saved = await _client.FetchBySetIdAsync(setId, cancellationToken);
            return await IngestAsync(setId, [], [saved], progress, cancellationToken);
        }
        catch (DailyMedException ex) when (!ex.AffectsEveryRequest)
        {
            return new FetchResult(setId, [], false, NeedsChoice: false, [], [new FetchFailure(setId, ex.Kind, ex.Message)], null);
        }
    }

    private async Task<FetchResult> IngestAsync(string query, IReadOnlyList<SplSummary> candidates, List<DownloadedLabel> saved, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        var report = await _ingestor.IngestAsync(saved.Select(d => d.FilePath), progress, cancellationToken);
        if (onLabelsChanged is not null && report.Files.Any(f => f.Status is IngestStatus.Added or IngestStatus.Superseded))
        {
            await onLabelsChanged(cancellationToken);
        }
        return new FetchResult(query, candidates, false, NeedsChoice: false, saved, [], report);
    }
}
