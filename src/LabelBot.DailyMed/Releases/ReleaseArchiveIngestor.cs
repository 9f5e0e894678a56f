using System.Diagnostics;
using System.IO.Compression;
using LabelBot.Core.Retrieval;
using LabelBot.Labels.Ingestion;

namespace LabelBot.DailyMed.Releases;

/// <summary>
/// Ingests DailyMed release archives (a zip holding one zip per label, each with the SPL XML and its images) with
/// bounded memory and resumably: entries are streamed one at a time through a temporary file, and each finished
/// entry is recorded in a <see cref="ReleaseArchiveCheckpoint"/> so a re-run skips it.
/// </summary>
public sealed class ReleaseArchiveIngestor
{
    /// <summary>Largest single entry unpacked; per-label zips are a few MB.</summary>
    public const long MaxEntryBytes = 512L * 1024 * 1024;

    private readonly LabelIngestor _ingestor;
    private readonly string _checkpointFolder;
    private readonly Func<CancellationToken, Task>? _onLabelsChanged;

    /// <param name="checkpointFolder">Where checkpoints and the temporary entry files go (e.g. data/releases).</param>
    public ReleaseArchiveIngestor(LabelIngestor ingestor, string checkpointFolder, Func<CancellationToken, Task>? onLabelsChanged = null)
    {
        _ingestor = ingestor ?? throw new ArgumentNullException(nameof(ingestor));
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointFolder);
        _checkpointFolder = Path.GetFullPath(checkpointFolder);
        _onLabelsChanged = onLabelsChanged;
    }

    public async Task<ReleaseIngestReport> IngestAsync(IReadOnlyList<string> archivePaths, IProgress<ReleaseIngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(archivePaths);
        var stopwatch = Stopwatch.StartNew();
        var archives = new List<ReleaseArchiveResult>();
        var files = new List<IngestFileResult>();
        var setIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            foreach (var archivePath in archivePaths)
            {
                archives.Add(await IngestArchiveAsync(archivePath, files, setIds, progress, cancellationToken));
            }
        }
        finally
        {
            // Labels stored before a cancellation are just as current: refresh whatever depends on the label list.
            if (_onLabelsChanged is not null && files.Any(f => f.Status is IngestStatus.Added or IngestStatus.Superseded))
            {
                await _onLabelsChanged(CancellationToken.None);
            }
        }
        return new ReleaseIngestReport(archives, files, setIds, stopwatch.Elapsed);
    }

    private async Task<ReleaseArchiveResult> IngestArchiveAsync(string archivePath, List<IngestFileResult> files, HashSet<string> setIds,
        IProgress<ReleaseIngestProgress>? progress, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(archivePath);
        FileStream stream;
        try
        {
            stream = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ReleaseArchiveResult(archivePath, 0, 0, 0, 0, "cannot read the archive: " + OneLine(ex.Message));
        }

        await using (stream)
        {
            ZipArchive? archive = null;
            List<ZipArchiveEntry> entries;
            try
            {
                // Read mode on a seekable file loads only the central directory; entry data is streamed on demand.
                // The directory is read lazily, so listing the entries is where a truncated archive shows.
                archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
                entries = archive.Entries.Where(IsLabelEntry).ToList();
            }
            catch (InvalidDataException ex)
            {
                archive?.Dispose();
                return new ReleaseArchiveResult(archivePath, 0, 0, 0, 0,
                    $"the archive is truncated or not a zip file ({OneLine(ex.Message)}); nothing was ingested from it; download it again");
            }

            using (archive)
            {
                var checkpoint = ReleaseArchiveCheckpoint.Open(ReleaseArchiveCheckpoint.PathFor(_checkpointFolder, archivePath), ReleaseArchiveCheckpoint.FingerprintOf(archivePath));
                int processed = 0, skipped = 0, unidentified = 0;
                foreach (var entry in entries)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(new ReleaseIngestProgress(name, processed + skipped, entries.Count, skipped, entry.FullName));
                    var key = ReleaseArchiveCheckpoint.EntryKey(entry);
                    if (checkpoint.TryGetCompleted(key, out var doneIds))
                    {
                        setIds.UnionWith(doneIds);
                        skipped++;
                        continue;
                    }

                    var results = await IngestEntryAsync(entry, $"{name}!/{entry.FullName}", cancellationToken);
                    files.AddRange(results);
                    var entryIds = results.Select(r => r.Outcome.SetId).Where(id => id.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                    setIds.UnionWith(entryIds);
                    if (entryIds.Count == 0)
                    {
                        unidentified++;
                    }
                    // A rejected entry is not recorded: the next run tries it again (parsing is cheap; storing is idempotent).
                    if (results.Count > 0 && results.All(r => r.Status != IngestStatus.Rejected))
                    {
                        checkpoint.MarkCompleted(key, entryIds);
                    }
                    processed++;
                }
                progress?.Report(new ReleaseIngestProgress(name, processed + skipped, entries.Count, skipped, string.Empty));
                return new ReleaseArchiveResult(archivePath, entries.Count, processed, skipped, unidentified, null);
            }
        }
    }

    /// <summary>Unpacks one entry to a temporary file and hands it to the label ingestor (which reads XML or per-label zips).</summary>
    private async Task<IReadOnlyList<IngestFileResult>> IngestEntryAsync(ZipArchiveEntry entry, string displayPath, CancellationToken cancellationToken)
    {
        if (entry.Length > MaxEntryBytes)
        {
            return [IngestFileResult.Rejected(displayPath, "entry is larger than the limit")];
        }
        Directory.CreateDirectory(_checkpointFolder);
        var temp = Path.Combine(_checkpointFolder, $".entry-{Guid.NewGuid():N}{Path.GetExtension(entry.Name)}");
        try
        {
            try
            {
                await using var source = entry.Open();
                await using var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
                await CopyAtMostAsync(source, target, MaxEntryBytes, cancellationToken);
            }
            catch (InvalidDataException ex)
            {
                return [IngestFileResult.Rejected(displayPath, "corrupt archive entry: " + OneLine(ex.Message))];
            }
            catch (EntryTooLargeException)
            {
                return [IngestFileResult.Rejected(displayPath, "entry is larger than the limit")];
            }

            var report = await _ingestor.IngestAsync([temp], cancellationToken: cancellationToken);
            // Show where the label came from, not the temporary file name.
            return report.Files.Select(f => f with { Path = f.Path.Replace(temp, displayPath, StringComparison.Ordinal) }).ToList();
        }
        finally
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
            }
        }
    }

    private static bool IsLabelEntry(ZipArchiveEntry entry)
    {
        var name = entry.FullName;
        if (name.EndsWith('/') || name.EndsWith('\\') || name.Contains("__MACOSX/", StringComparison.Ordinal) || entry.Name.StartsWith("._", StringComparison.Ordinal))
        {
            return false;
        }
        return name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task CopyAtMostAsync(Stream source, Stream destination, long limit, CancellationToken cancellationToken)
    {
        var chunk = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            total += read;
            // The declared entry size may lie (zip bombs): count what is actually inflated.
            if (total > limit)
            {
                throw new EntryTooLargeException();
            }
            await destination.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }
    }

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    private sealed class EntryTooLargeException : Exception;
}
