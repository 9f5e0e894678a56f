using LabelBot.DailyMed.Diff;

namespace LabelBot.DailyMed.Updating;

public enum LabelUpdateStatus
{
    /// <summary>DailyMed has no newer version.</summary>
    UpToDate,
    /// <summary>A newer version was fetched and is now current; <see cref="LabelUpdateResult.Changes"/> says what changed.</summary>
    Updated,
    /// <summary>DailyMed does not know this set id (404); the stored label is kept as it is.</summary>
    NotOnDailyMed,
    /// <summary>The check or the download failed; the stored version stays current.</summary>
    Failed,
}

/// <summary>What the update did to one label set.</summary>
public sealed record LabelUpdateResult(
    string SetId,
    string Title,
    int StoredVersion,
    int? LatestVersion,
    LabelUpdateStatus Status,
    string? Message = null,
    LabelDiff? Changes = null);

/// <summary>Progress of an update run: labels checked out of labels to check.</summary>
public sealed record UpdateProgress(int Done, int Total, string CurrentSetId);

/// <summary>Summary of an update run.</summary>
public sealed record UpdateReport(IReadOnlyList<LabelUpdateResult> Labels, TimeSpan Elapsed)
{
    public int Updated => Count(LabelUpdateStatus.Updated);
    public int UpToDate => Count(LabelUpdateStatus.UpToDate);
    public int NotOnDailyMed => Count(LabelUpdateStatus.NotOnDailyMed);
    public int Failed => Count(LabelUpdateStatus.Failed);

    private int Count(LabelUpdateStatus status) => Labels.Count(l => l.Status == status);
}
