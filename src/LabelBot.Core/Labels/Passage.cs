namespace LabelBot.Core.Labels;

/// <summary>
/// A citable piece of label text (a paragraph, list or table, split when long) that keeps where it came from.
/// <see cref="Id"/> is stable: the same label version always yields the same ids.
/// </summary>
public sealed record Passage(
    string Id,
    string SetId,
    int Version,
    int Ordinal,
    string SectionCode,
    string SectionNumber,
    string SectionTitle,
    string TopSectionCode,
    string TopSectionTitle,
    string SectionPath,
    string Text)
{
    /// <summary>"5.2 Tendinitis and Tendon Rupture" or the bare title.</summary>
    public string SectionDisplayTitle => string.IsNullOrEmpty(SectionNumber) ? SectionTitle : $"{SectionNumber} {SectionTitle}";
}

/// <summary>
/// Identity and provenance of one ingested label version, as the store lists it. <see cref="WithdrawnOn"/> is set when
/// the label set disappeared from a full DailyMed release: it is kept, but no longer current labeling.
/// </summary>
public sealed record LabelVersionInfo(
    string SetId,
    int Version,
    DateOnly EffectiveDate,
    string Title,
    string DisplayName,
    LabelFormat Format,
    bool IsCurrent,
    int PassageCount,
    IReadOnlyList<LabelProduct> Products,
    string? Labeler,
    DateOnly? WithdrawnOn = null)
{
    public bool IsWithdrawn => WithdrawnOn is not null;

    /// <summary>Where the stored copy came from.</summary>
    public LabelSource Source { get; init; } = LabelSource.Spl;

    /// <summary>Sections this copy lacks (see <see cref="LabelDocument.MissingSections"/>); empty when complete.</summary>
    public IReadOnlyList<string> MissingSections { get; init; } = [];

    public bool IsPartial => MissingSections.Count > 0;
}
