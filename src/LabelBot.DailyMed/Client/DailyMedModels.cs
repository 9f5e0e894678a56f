namespace LabelBot.DailyMed.Client;

/// <summary>One label in a DailyMed search result (spls.json).</summary>
public sealed record SplSummary(string SetId, string Title, int Version, DateOnly? PublishedDate);

/// <summary>One page of a DailyMed search.</summary>
public sealed record SplSearchPage(IReadOnlyList<SplSummary> Labels, int Page, int TotalPages, int TotalElements);

/// <summary>All labels matching a drug name, up to the configured limit.</summary>
public sealed record SplSearchResult(string DrugName, IReadOnlyList<SplSummary> Labels, int TotalElements)
{
    /// <summary>True when DailyMed has more matches than were read.</summary>
    public bool Truncated => TotalElements > Labels.Count;
}

/// <summary>One entry of a label's version history (spls/{SETID}/history.json).</summary>
public sealed record SplHistoryEntry(int Version, DateOnly? PublishedDate);

/// <summary>A label downloaded from DailyMed, validated as SPL and saved at <see cref="FilePath"/>.</summary>
public sealed record DownloadedLabel(string SetId, int Version, DateOnly EffectiveDate, string Title, string FilePath, long Bytes, LabelBot.Core.Labels.LabelDocument Document);
