using LabelBot.Core.Retrieval;
using LabelBot.Labels.Ingestion;

namespace LabelBot.DailyMed.Releases;

/// <summary>Progress through a release archive: entries done (including skipped) out of entries in the archive.</summary>
public sealed record ReleaseIngestProgress(string Archive, int EntriesDone, int EntriesTotal, int Skipped, string CurrentEntry);

/// <summary>
/// One archive of the run. <see cref="Error"/> is set when the archive itself could not be read (truncated, not a
/// zip); then nothing was ingested from it in this run.
/// </summary>
public sealed record ReleaseArchiveResult(string ArchivePath, int Entries, int Processed, int Skipped, int Unidentified, string? Error);

/// <summary>Summary of a release ingest run over one or more archives (the parts of one DailyMed release).</summary>
public sealed record ReleaseIngestReport(
    IReadOnlyList<ReleaseArchiveResult> Archives,
    IReadOnlyList<IngestFileResult> Files,
    IReadOnlyCollection<string> SetIds,
    TimeSpan Elapsed)
{
    public int Added => Count(IngestStatus.Added);
    public int Superseded => Count(IngestStatus.Superseded);
    public int Unchanged => Count(IngestStatus.Unchanged);
    public int Rejected => Count(IngestStatus.Rejected);

    /// <summary>Entries skipped because an earlier run finished them.</summary>
    public int Skipped => Archives.Sum(a => a.Skipped);

    /// <summary>
    /// Every archive was read to the end and every entry yielded its set id. Only then do <see cref="SetIds"/> describe
    /// the whole release, which is what withdrawn-label detection needs.
    /// </summary>
    public bool IsComplete => Archives.Count > 0 && Archives.All(a => a.Error is null && a.Unidentified == 0 && a.Processed + a.Skipped == a.Entries);

    private int Count(IngestStatus status) => Files.Count(f => f.Status == status);
}
