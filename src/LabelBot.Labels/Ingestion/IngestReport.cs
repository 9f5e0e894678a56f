using LabelBot.Core.Retrieval;

namespace LabelBot.Labels.Ingestion;

/// <summary>
/// Progress of an ingest run: files finished out of files found, and what is being read now; for openFDA JSON also the
/// records finished so far (a 10,000-record partition is one file) and those skipped by a resume checkpoint.
/// </summary>
public sealed record IngestProgress(int Done, int Total, string CurrentFile, int Records = 0, int RecordsSkipped = 0);

/// <summary>
/// What happened to one label file (or zip entry, shown as "archive.zip!/entry.xml"). A rejected file has
/// status <see cref="IngestStatus.Rejected"/>, an empty set id and the reason.
/// </summary>
public sealed record IngestFileResult(string Path, IngestOutcome Outcome, int PassageCount, string? LabelName = null)
{
    public IngestStatus Status => Outcome.Status;
    public string? Reason => Outcome.Reason;

    public static IngestFileResult Rejected(string path, string reason) =>
        new(path, new IngestOutcome(string.Empty, 0, IngestStatus.Rejected, reason), 0);
}

/// <summary>Summary of an ingest run.</summary>
public sealed record IngestReport(IReadOnlyList<IngestFileResult> Files, TimeSpan Elapsed)
{
    /// <summary>
    /// Set when the store could not be written at all (read-only, locked, disk full) and the run stopped early: one
    /// line, naming the database. Labels saved before the stop are complete and current.
    /// </summary>
    public string? StopReason { get; init; }

    /// <summary>Files (or archives) the run did not reach because it stopped early.</summary>
    public int NotAttempted { get; init; }

    /// <summary>openFDA records handled by this run (stored, unchanged or rejected).</summary>
    public int Records { get; init; }

    /// <summary>openFDA records passed over unparsed because a checkpoint said an earlier run had finished them.</summary>
    public int RecordsSkipped { get; init; }

    public int Added => Count(IngestStatus.Added);
    public int Superseded => Count(IngestStatus.Superseded);
    public int Unchanged => Count(IngestStatus.Unchanged);
    public int Rejected => Count(IngestStatus.Rejected);

    /// <summary>Passages written (added or superseding labels).</summary>
    public int Passages => Files.Where(f => f.Status is IngestStatus.Added or IngestStatus.Superseded).Sum(f => f.PassageCount);

    /// <summary>Labels parsed and handled (added, superseded or unchanged) per second.</summary>
    public double LabelsPerSecond => PerSecond(Added + Superseded + Unchanged);

    public double PassagesPerSecond => PerSecond(Passages);

    private int Count(IngestStatus status) => Files.Count(f => f.Status == status);

    private double PerSecond(int count) => Elapsed.TotalSeconds > 0 ? count / Elapsed.TotalSeconds : 0;
}
