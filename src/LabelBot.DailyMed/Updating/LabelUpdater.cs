using System.Diagnostics;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.DailyMed.Client;
using LabelBot.DailyMed.Diff;
using LabelBot.Labels.Ingestion;

namespace LabelBot.DailyMed.Updating;

/// <summary>
/// `update` and the bot's background refresh: for every current label, asks DailyMed for the version history; when
/// a newer version exists, downloads it, ingests it (the store supersedes the old version in one transaction) and
/// records what changed. Any failure leaves the stored version current.
/// </summary>
public sealed class LabelUpdater
{
    private readonly ILabelStore _store;
    private readonly DailyMedClient _client;
    private readonly LabelIngestor _ingestor;
    private readonly LabelChangeLog? _changeLog;
    private readonly Func<CancellationToken, Task>? _onLabelsChanged;

    /// <param name="changeLog">Where each update's diff is appended (optional).</param>
    /// <param name="onLabelsChanged">Called once after a run that stored new versions (e.g. to reload product resolution).</param>
    public LabelUpdater(ILabelStore store, DailyMedClient client, LabelIngestor ingestor, LabelChangeLog? changeLog = null,
        Func<CancellationToken, Task>? onLabelsChanged = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _ingestor = ingestor ?? throw new ArgumentNullException(nameof(ingestor));
        _changeLog = changeLog;
        _onLabelsChanged = onLabelsChanged;
    }

    /// <summary>
    /// Checks every current label. Per-label failures are reported and the run goes on; "no network" stops the run
    /// with a <see cref="DailyMedException"/> (one clear message instead of one per label).
    /// </summary>
    public async Task<UpdateReport> UpdateAllAsync(IProgress<UpdateProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var labels = await _store.ListLabelsAsync(cancellationToken: cancellationToken);
        var results = new List<LabelUpdateResult>(labels.Count);
        for (var i = 0; i < labels.Count; i++)
        {
            progress?.Report(new UpdateProgress(i, labels.Count, labels[i].SetId));
            results.Add(await UpdateLabelAsync(labels[i], cancellationToken));
        }
        progress?.Report(new UpdateProgress(labels.Count, labels.Count, string.Empty));
        if (_onLabelsChanged is not null && results.Any(r => r.Status == LabelUpdateStatus.Updated))
        {
            await _onLabelsChanged(cancellationToken);
        }
        return new UpdateReport(results, stopwatch.Elapsed);
    }

    /// <summary>Brings one stored label up to DailyMed's latest version.</summary>
    public async Task<LabelUpdateResult> UpdateLabelAsync(LabelVersionInfo current, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (!DailyMedClient.IsSetId(current.SetId))
        {
            return Result(current, null, LabelUpdateStatus.NotOnDailyMed, "the set id is not a DailyMed set id");
        }
        try
        {
            var history = await _client.GetHistoryAsync(current.SetId, cancellationToken);
            var latest = history.Count > 0 ? history[0].Version : (int?)null;
            if (latest is null || latest <= current.Version)
            {
                return Result(current, latest, LabelUpdateStatus.UpToDate);
            }

            // The old text is read before ingest: afterwards the store's current version is the new one.
            var oldPassages = await _store.GetPassagesAsync(current.SetId, cancellationToken: cancellationToken);
            var download = await _client.DownloadLabelAsync(current.SetId, cancellationToken);
            if (download.Version <= current.Version)
            {
                return Result(current, latest, LabelUpdateStatus.UpToDate,
                    $"the history lists version {latest} but DailyMed still serves version {download.Version}");
            }

            var report = await _ingestor.IngestAsync([download.FilePath], cancellationToken: cancellationToken);
            var outcome = report.Files.FirstOrDefault(f => string.Equals(f.Outcome.SetId, current.SetId, StringComparison.OrdinalIgnoreCase))
                          ?? report.Files.FirstOrDefault();
            if (outcome is null || outcome.Status is not (IngestStatus.Superseded or IngestStatus.Added))
            {
                return Result(current, latest, outcome?.Status == IngestStatus.Unchanged ? LabelUpdateStatus.UpToDate : LabelUpdateStatus.Failed,
                    outcome?.Reason ?? "the downloaded label was not stored");
            }

            var changes = LabelDiffer.Compare(LabelSnapshot.FromStored(current, oldPassages), LabelSnapshot.FromDocument(download.Document));
            if (_changeLog is not null)
            {
                await _changeLog.AppendAsync(changes, cancellationToken);
            }
            return Result(current, download.Version, LabelUpdateStatus.Updated, null, changes);
        }
        catch (DailyMedException ex) when (!ex.AffectsEveryRequest)
        {
            return Result(current, null, ex.Kind == DailyMedErrorKind.NotFound ? LabelUpdateStatus.NotOnDailyMed : LabelUpdateStatus.Failed, ex.Message);
        }
    }

    private static LabelUpdateResult Result(LabelVersionInfo current, int? latest, LabelUpdateStatus status, string? message = null, LabelDiff? changes = null) =>
        new(current.SetId, current.DisplayName, current.Version, latest, status, message, changes);
}
