using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace LabelBot.DailyMed.Releases;

/// <summary>
/// Remembers which entries of a DailyMed release archive are done, so a re-run after a crash or Ctrl+C skips them.
/// </summary>
/// <remarks>
/// A text file: a header line naming the archive (file name, size, modification time; a different archive starts a
/// fresh checkpoint), then one line per finished entry: "entry-key TAB set-id,set-id". Each line is appended and
/// flushed to disk as the entry finishes; a line torn by a crash has no final newline and is ignored, so that entry is
/// simply done again (the store makes re-ingesting an equal version a no-op).
/// </remarks>
public sealed class ReleaseArchiveCheckpoint
{
    private const string HeaderPrefix = "labelbot-release-checkpoint/1\t";

    private readonly Dictionary<string, IReadOnlyList<string>> _completed;

    private ReleaseArchiveCheckpoint(string filePath, string fingerprint, Dictionary<string, IReadOnlyList<string>> completed)
    {
        FilePath = filePath;
        Fingerprint = fingerprint;
        _completed = completed;
    }

    public string FilePath { get; }

    /// <summary>Identity of the archive this checkpoint belongs to.</summary>
    public string Fingerprint { get; }

    /// <summary>Entries finished in earlier runs (and this one).</summary>
    public int CompletedCount => _completed.Count;

    /// <summary>Set ids of every finished entry.</summary>
    public IEnumerable<string> CompletedSetIds => _completed.Values.SelectMany(ids => ids);

    /// <summary>Where the checkpoint of <paramref name="archivePath"/> lives inside <paramref name="checkpointFolder"/>.</summary>
    public static string PathFor(string checkpointFolder, string archivePath) =>
        Path.Combine(checkpointFolder, Path.GetFileName(archivePath) + ".checkpoint");

    /// <summary>Name, size and modification time: a re-downloaded or newer release gets a fresh checkpoint.</summary>
    public static string FingerprintOf(string archivePath)
    {
        var info = new FileInfo(archivePath);
        return string.Create(CultureInfo.InvariantCulture, $"{info.Name}|{info.Length}|{info.LastWriteTimeUtc.Ticks}");
    }

    /// <summary>An entry is identified by its name, CRC and size, so a changed entry is never mistaken for a done one.</summary>
    public static string EntryKey(ZipArchiveEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Clean(string.Create(CultureInfo.InvariantCulture, $"{entry.FullName}|{entry.Crc32:x8}|{entry.Length}"));
    }

    /// <summary>Loads the checkpoint at <paramref name="filePath"/>, or starts a fresh one when absent or for another archive.</summary>
    public static ReleaseArchiveCheckpoint Open(string filePath, string fingerprint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(fingerprint);
        var completed = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var header = HeaderPrefix + Clean(fingerprint);
        if (File.Exists(filePath))
        {
            var text = File.ReadAllText(filePath, Encoding.UTF8);
            var lines = text.Split('\n');
            if (lines.Length > 1 && lines[0] == header)
            {
                // The last element follows the last newline: empty when the file ends cleanly, a torn line otherwise.
                foreach (var line in lines.Skip(1).Take(lines.Length - 2))
                {
                    var tab = line.IndexOf('\t', StringComparison.Ordinal);
                    if (tab > 0)
                    {
                        completed[line[..tab]] = line[(tab + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    }
                }
                return new ReleaseArchiveCheckpoint(filePath, fingerprint, completed);
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(filePath))!);
        File.WriteAllText(filePath, header + "\n", Encoding.UTF8);
        return new ReleaseArchiveCheckpoint(filePath, fingerprint, completed);
    }

    public bool TryGetCompleted(string entryKey, out IReadOnlyList<string> setIds)
    {
        if (_completed.TryGetValue(entryKey, out var ids))
        {
            setIds = ids;
            return true;
        }
        setIds = [];
        return false;
    }

    /// <summary>Records a finished entry durably before the next one starts.</summary>
    public void MarkCompleted(string entryKey, IReadOnlyList<string> setIds)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entryKey);
        ArgumentNullException.ThrowIfNull(setIds);
        var key = Clean(entryKey);
        var line = key + "\t" + string.Join(',', setIds.Select(Clean)) + "\n";
        using (var stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            stream.Write(Encoding.UTF8.GetBytes(line));
            stream.Flush(flushToDisk: true);
        }
        _completed[key] = setIds.ToList();
    }

    private static string Clean(string value) => value.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ').Replace(',', ';');
}
