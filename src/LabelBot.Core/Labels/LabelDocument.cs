namespace LabelBot.Core.Labels;

/// <summary>How the label is laid out; decides which section vocabulary to expect.</summary>
public enum LabelFormat
{
    /// <summary>Physician Labeling Rule: Highlights plus numbered sections ("5.1 …").</summary>
    Plr,
    /// <summary>Older prescription labels without Highlights or numbering.</summary>
    NonPlr,
    /// <summary>OTC "Drug Facts" (document code 34390-5).</summary>
    Otc,
    /// <summary>Dietary supplements, allergenic extracts, homeopathic Rx and the like.</summary>
    Other,
}

/// <summary>One product described by a label (a label may cover several strengths or kits).</summary>
public sealed record LabelProduct(
    string Name,
    string? GenericName,
    string? DosageForm,
    IReadOnlyList<string> Routes,
    IReadOnlyList<string> ActiveIngredients);

public enum BlockKind { Paragraph, List, Table }

/// <summary>A unit of section text: a paragraph, a whole list, or a whole table rendered as text rows.</summary>
public sealed record SectionBlock(BlockKind Kind, string Text);

/// <summary>
/// A section of the label as authored: LOINC code, PLR number ("5.1") when present, title without the
/// number, its own text blocks and its subsections.
/// </summary>
public sealed record LabelSection(
    string Code,
    string Number,
    string Title,
    IReadOnlyList<SectionBlock> Blocks,
    IReadOnlyList<LabelSection> Children)
{
    /// <summary>"5.1 Abrupt Discontinuation" or just the title when unnumbered.</summary>
    public string DisplayTitle => string.IsNullOrEmpty(Number) ? Title : $"{Number} {Title}";
}

/// <summary>A parsed SPL document (one version of one label set).</summary>
public sealed record LabelDocument(
    string SetId,
    string DocumentId,
    int Version,
    DateOnly EffectiveDate,
    string Title,
    string DocumentTypeCode,
    LabelFormat Format,
    string? Labeler,
    IReadOnlyList<LabelProduct> Products,
    IReadOnlyList<LabelSection> Sections)
{
    /// <summary>Short human name: the first product's brand name plus generic, e.g. "LIPITOR (atorvastatin calcium)".</summary>
    public string DisplayName => LabelNaming.DisplayName(Products, Title);

    /// <summary>Where this copy came from: an SPL file wins over an openFDA record of the same version.</summary>
    public LabelSource Source { get; init; } = LabelSource.Spl;

    /// <summary>
    /// Titles of the sections a label of this format should have but this copy lacks (an incomplete openFDA record);
    /// empty for a complete copy. What a partial copy does not say is unknown, not "not in the label".
    /// </summary>
    public IReadOnlyList<string> MissingSections { get; init; } = [];

    /// <summary>False when the source gave no version (<see cref="LabelVersions.NotStated"/>).</summary>
    public bool VersionStated => Version != LabelVersions.NotStated;
}

/// <summary>Where a stored label copy was read from.</summary>
public enum LabelSource
{
    /// <summary>An HL7 SPL XML document (DailyMed).</summary>
    Spl,
    /// <summary>An openFDA drug/label JSON record (API or bulk download).</summary>
    OpenFda,
}

/// <summary>
/// Sentinels for a label copy that states no version or effective date (openFDA records may lack both). Version 0 is
/// below every real SPL version (they start at 1), so such a copy never replaces a versioned one.
/// </summary>
public static class LabelVersions
{
    public const int NotStated = 0;

    public static readonly DateOnly DateNotStated = DateOnly.MinValue;

    public static bool IsStated(int version) => version != NotStated;

    public static bool IsStated(DateOnly date) => date != DateNotStated;
}

public static class LabelNaming
{
    public static string DisplayName(IReadOnlyList<LabelProduct> products, string fallbackTitle)
    {
        var first = products.FirstOrDefault();
        if (first is null || string.IsNullOrWhiteSpace(first.Name))
        {
            return fallbackTitle.Length <= 80 ? fallbackTitle : fallbackTitle[..80].TrimEnd() + "…";
        }
        var generic = first.GenericName;
        return string.IsNullOrWhiteSpace(generic) || string.Equals(generic, first.Name, StringComparison.OrdinalIgnoreCase)
            ? first.Name
            : $"{first.Name} ({generic.ToLowerInvariant()})";
    }

    /// <summary>"Precautions", "Precautions or Description", "Precautions, Description or How Supplied".</summary>
    public static string JoinOr(IReadOnlyList<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items.Count <= 1 ? string.Concat(items) : string.Join(", ", items.Take(items.Count - 1)) + " or " + items[^1];
    }

    /// <summary>The public DailyMed page for a label set; citations link here.</summary>
    public static string DailyMedUrl(string setId) =>
        $"https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid={Uri.EscapeDataString(setId)}";
}
