using LabelBot.Core.Labels;

namespace LabelBot.Bot.Viewer;

/// <summary>A current label in the list, with how many versions of it are stored.</summary>
public sealed record LabelListEntry(LabelVersionInfo Current, int StoredVersions);

/// <summary>What a label page shows: one stored version, every stored version of its set, its passages, the cited passage.</summary>
public sealed record LabelPageModel(
    LabelVersionInfo Shown,
    IReadOnlyList<LabelVersionInfo> Versions,
    IReadOnlyList<Passage> Passages,
    string? CitedPassageId,
    Passage? CitedElsewhere);

/// <summary>The label list and its search: by product, brand, generic or title words, and active ingredient.</summary>
public static class LabelCatalog
{
    public const int MaxQueryLength = 200;

    /// <summary>Current labels (one per set id) sorted by name, keeping those whose names or ingredients contain every query word.</summary>
    public static IReadOnlyList<LabelListEntry> Search(IReadOnlyList<LabelVersionInfo> allVersions, string? query)
    {
        ArgumentNullException.ThrowIfNull(allVersions);
        var counts = allVersions.GroupBy(v => v.SetId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var words = (query ?? string.Empty).Trim() is { Length: > 0 } q
            ? q[..Math.Min(q.Length, MaxQueryLength)].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            : [];
        return allVersions
            .Where(v => v.IsCurrent)
            .Where(v => words.Length == 0 || words.All(w => Haystack(v).Contains(w, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(v => v.DisplayName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(v => v.SetId, StringComparer.Ordinal)
            .Select(v => new LabelListEntry(v, counts[v.SetId]))
            .ToList();
    }

    private static string Haystack(LabelVersionInfo label) => string.Join('\n',
        new[] { label.DisplayName, label.Title, label.Labeler ?? string.Empty, label.SetId }
            .Concat(label.Products.SelectMany(p => new[] { p.Name, p.GenericName ?? string.Empty }.Concat(p.ActiveIngredients))));
}
