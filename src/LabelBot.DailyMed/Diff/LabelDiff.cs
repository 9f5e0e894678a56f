using System.Text.Json.Serialization;
using LabelBot.Core.Labels;

namespace LabelBot.DailyMed.Diff;

/// <summary>One label version as the diff sees it: identity plus its passages in reading order.</summary>
public sealed record LabelSnapshot(string SetId, int Version, DateOnly EffectiveDate, string Title, IReadOnlyList<Passage> Passages)
{
    /// <summary>A parsed document, chunked the way ingest chunks it (so passage ids match the stored ones).</summary>
    public static LabelSnapshot FromDocument(LabelDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new LabelSnapshot(document.SetId, document.Version, document.EffectiveDate, document.DisplayName, Labels.PassageChunker.Chunk(document));
    }

    /// <summary>A stored version and its passages.</summary>
    public static LabelSnapshot FromStored(LabelVersionInfo label, IReadOnlyList<Passage> passages)
    {
        ArgumentNullException.ThrowIfNull(label);
        return new LabelSnapshot(label.SetId, label.Version, label.EffectiveDate, label.DisplayName, passages);
    }
}

/// <summary>A label version named in a diff.</summary>
public sealed record LabelVersionRef(int Version, DateOnly EffectiveDate);

/// <summary>A sentence that appears in only one of the two versions, with the passage that holds it (for citing).</summary>
public sealed record ChangedSentence(string Text, string PassageId);

/// <summary>
/// One section that differs. <see cref="AddedSentences"/> are in the newer version only (cite them from it);
/// <see cref="RemovedSentences"/> are in the older version only. A wholly added section lists all its sentences as
/// added, a removed one all as removed.
/// </summary>
public sealed record SectionChange(
    string Key,
    string SectionCode,
    string SectionNumber,
    string SectionTitle,
    string SectionPath,
    IReadOnlyList<ChangedSentence> AddedSentences,
    IReadOnlyList<ChangedSentence> RemovedSentences)
{
    /// <summary>"5.2 Tendinitis and Tendon Rupture" or the bare title.</summary>
    [JsonIgnore]
    public string DisplayTitle => string.IsNullOrEmpty(SectionNumber) ? SectionTitle : $"{SectionNumber} {SectionTitle}";
}

/// <summary>Section-level changes between two versions of one label set.</summary>
public sealed record LabelDiff(
    string SetId,
    string Title,
    LabelVersionRef From,
    LabelVersionRef To,
    IReadOnlyList<SectionChange> Added,
    IReadOnlyList<SectionChange> Removed,
    IReadOnlyList<SectionChange> Changed,
    int UnchangedSections)
{
    [JsonIgnore]
    public bool HasChanges => Added.Count + Removed.Count + Changed.Count > 0;

    /// <summary>The DailyMed page of the label set.</summary>
    public string Url => LabelNaming.DailyMedUrl(SetId);
}
