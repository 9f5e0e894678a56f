using System.Globalization;
using LabelBot.Core.Retrieval;

namespace LabelBot.DailyMed.Diff;

/// <summary>A diff that cannot be made (unknown set id, missing version); the message says what to run instead.</summary>
public sealed class LabelDiffException(string message) : Exception(message);

/// <summary>`diff SETID [--from V] [--to V]`: compares two stored versions of a label.</summary>
public sealed class LabelDiffService(ILabelHistoryStore history)
{
    private readonly ILabelHistoryStore _history = history ?? throw new ArgumentNullException(nameof(history));

    /// <summary>
    /// Compares <paramref name="fromVersion"/> with <paramref name="toVersion"/>; by default the current version with
    /// the stored version just before it.
    /// </summary>
    public async Task<LabelDiff> DiffAsync(string setId, int? fromVersion = null, int? toVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setId);
        var id = setId.Trim();
        var versions = await _history.ListVersionsAsync(id, cancellationToken);
        if (versions.Count == 0)
        {
            throw new LabelDiffException($"No label with set id {id} is ingested. Fetch it first: fetch --setid {id}");
        }
        var stored = string.Join(", ", versions.Select(v => v.Version).Order().Select(v => v.ToString(CultureInfo.InvariantCulture)));
        var to = toVersion is { } t
            ? versions.FirstOrDefault(v => v.Version == t) ?? throw new LabelDiffException($"Version {t} of {id} is not stored (stored versions: {stored}).")
            : versions.FirstOrDefault(v => v.IsCurrent) ?? versions.MaxBy(v => v.Version)!;
        var from = fromVersion is { } f
            ? versions.FirstOrDefault(v => v.Version == f) ?? throw new LabelDiffException($"Version {f} of {id} is not stored (stored versions: {stored}).")
            : versions.Where(v => v.Version < to.Version).MaxBy(v => v.Version)
              ?? throw new LabelDiffException(
                  $"Only version {to.Version} of {id} is stored, so there is nothing to compare it with. Run `update` to fetch newer versions from DailyMed.");
        if (from.Version == to.Version)
        {
            throw new LabelDiffException($"--from and --to are both version {to.Version}; choose two different versions (stored versions: {stored}).");
        }

        var oldPassages = await _history.GetPassagesAsync(id, from.Version, cancellationToken);
        var newPassages = await _history.GetPassagesAsync(id, to.Version, cancellationToken);
        return LabelDiffer.Compare(LabelSnapshot.FromStored(from, oldPassages), LabelSnapshot.FromStored(to, newPassages));
    }
}
