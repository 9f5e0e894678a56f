using System.Globalization;
using System.Text;
using System.Text.Json;
using LabelBot.DailyMed.Diff;

namespace LabelBot.DailyMed.Updating;

/// <summary>
/// An append-only JSON Lines file of label updates ("what changed, when"): one line per superseded version with the
/// full section diff. The store keeps every version, so this is a record for people, not a source of truth.
/// </summary>
public sealed class LabelChangeLog(string path)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string FilePath { get; } = Path.GetFullPath(path ?? throw new ArgumentNullException(nameof(path)));

    public async Task AppendAsync(LabelDiff diff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var entry = new LabelChangeLogEntry(DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), diff);
        var line = JsonSerializer.Serialize(entry, LabelDiffJson.Options) + "\n";
        await Gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            await File.AppendAllTextAsync(FilePath, line, Encoding.UTF8, cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Entries in the order they were written; a torn last line (crash mid-write) is skipped.</summary>
    public async Task<IReadOnlyList<LabelChangeLogEntry>> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(FilePath))
        {
            return [];
        }
        var entries = new List<LabelChangeLogEntry>();
        foreach (var line in await File.ReadAllLinesAsync(FilePath, Encoding.UTF8, cancellationToken))
        {
            try
            {
                if (line.Length > 0 && JsonSerializer.Deserialize<LabelChangeLogEntry>(line, LabelDiffJson.Options) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException)
            {
            }
        }
        return entries;
    }
}

/// <summary>One line of the change log.</summary>
public sealed record LabelChangeLogEntry(string RecordedAt, LabelDiff Diff);
