using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;

namespace LabelBot.Core.Tests.Support;

/// <summary>Small hand-written labels and passages for unit tests of composition and citation rules.</summary>
public static class HandMadeLabels
{
    public static LabelVersionInfo Label(string setId, string brand, string generic, params string[] ingredients) => new(
        SetId: setId,
        Version: 7,
        EffectiveDate: new DateOnly(2024, 5, 1),
        Title: $"{brand} tablets",
        DisplayName: string.Equals(brand, generic, StringComparison.OrdinalIgnoreCase) ? brand : $"{brand} ({generic.ToLowerInvariant()})",
        Format: LabelFormat.Plr,
        IsCurrent: true,
        PassageCount: 3,
        Products: [new LabelProduct(brand, generic, "TABLET", ["ORAL"], ingredients.Length > 0 ? ingredients : [generic])],
        Labeler: "Test Labs");

    public static Passage Passage(string setId, int ordinal, string sectionCode, string number, string title, string text,
        string? topCode = null, string? topTitle = null) => new(
        Id: $"{setId}:7:{ordinal}",
        SetId: setId,
        Version: 7,
        Ordinal: ordinal,
        SectionCode: sectionCode,
        SectionNumber: number,
        SectionTitle: title,
        TopSectionCode: topCode ?? sectionCode,
        TopSectionTitle: topTitle ?? title,
        SectionPath: string.IsNullOrEmpty(number) ? title : number,
        Text: text);

    public static IReadOnlyList<ScoredPassage> Ranked(LabelVersionInfo label, params Passage[] passages) =>
        passages.Select((p, i) => new ScoredPassage(p, label, 1.0 / (i + 1))).ToList();
}
