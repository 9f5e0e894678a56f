using LabelBot.Core.Retrieval;

namespace LabelBot.DailyMed.Releases;

/// <summary>
/// Limits on how many labels one release may withdraw. A run over only some parts of a release would otherwise
/// "withdraw" every label in the parts that were left out.
/// </summary>
public sealed record WithdrawnDetectionOptions(double MaxFraction = 0.25, int AlwaysAllowed = 10);

/// <summary>What withdrawn-label detection did.</summary>
public sealed record WithdrawnReport(IReadOnlyList<string> Withdrawn, IReadOnlyList<string> Restored, int StillWithdrawn, string? RefusedReason)
{
    public bool Refused => RefusedReason is not null;
}

/// <summary>
/// Marks labels that are missing from a full DailyMed release as withdrawn (on the release date). They are kept, not
/// deleted, so the bot can say "withdrawn on …"; a withdrawn label that shows up in a later release is restored.
/// </summary>
public sealed class WithdrawnLabelDetector(ILabelHistoryStore store)
{
    private readonly ILabelHistoryStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>Runs detection for a release ingest, refusing when the run did not cover the whole release.</summary>
    public Task<WithdrawnReport> DetectAsync(ReleaseIngestReport release, DateOnly releaseDate, WithdrawnDetectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(release);
        if (!release.IsComplete)
        {
            return Task.FromResult(new WithdrawnReport([], [], 0,
                "the release was not read completely (an archive or entry failed, or the run was interrupted), so missing labels cannot be told from unread ones"));
        }
        return DetectAsync(release.SetIds, releaseDate, options, cancellationToken);
    }

    /// <summary>Compares the store's current labels with the set ids of a complete release.</summary>
    public async Task<WithdrawnReport> DetectAsync(IReadOnlyCollection<string> releaseSetIds, DateOnly releaseDate, WithdrawnDetectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(releaseSetIds);
        options ??= new WithdrawnDetectionOptions();
        if (releaseSetIds.Count == 0)
        {
            return new WithdrawnReport([], [], 0, "the release lists no labels");
        }
        var inRelease = new HashSet<string>(releaseSetIds, StringComparer.OrdinalIgnoreCase);
        var labels = await _store.ListLabelsAsync(cancellationToken: cancellationToken);
        var missing = labels.Where(l => !inRelease.Contains(l.SetId) && l.WithdrawnOn is null).Select(l => l.SetId).ToList();
        var reappeared = labels.Where(l => inRelease.Contains(l.SetId) && l.WithdrawnOn is not null).Select(l => l.SetId).ToList();
        var stillWithdrawn = labels.Count(l => !inRelease.Contains(l.SetId) && l.WithdrawnOn is not null);

        var allowed = Math.Max(options.AlwaysAllowed, (int)Math.Floor(options.MaxFraction * labels.Count));
        if (missing.Count > allowed)
        {
            return new WithdrawnReport([], [], stillWithdrawn,
                $"{missing.Count} of {labels.Count} labels are missing from the release (more than the {allowed} allowed); is this really the full release?");
        }
        foreach (var setId in missing)
        {
            await _store.MarkWithdrawnAsync(setId, releaseDate, cancellationToken);
        }
        foreach (var setId in reappeared)
        {
            await _store.ClearWithdrawnAsync(setId, cancellationToken);
        }
        return new WithdrawnReport(missing, reappeared, stillWithdrawn, null);
    }
}
