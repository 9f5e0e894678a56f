using LabelBot.Core.Labels;
using LabelBot.Search.Embedding;

namespace LabelBot.Search.Tests.TestSupport;

/// <summary>Small labels built in code for store tests that must control versions and contents exactly.</summary>
public static class HandMadeLabels
{
    public sealed record Built(LabelDocument Document, IReadOnlyList<Passage> Passages, IReadOnlyList<float[]> Embeddings);

    /// <summary>
    /// A label with one Adverse Reactions and one Overdosage passage (plus any extra texts under Indications).
    /// Passage ids include the version, as the real chunker's do.
    /// </summary>
    public static Built Make(string setId, int version, string brand = "TESTAMOL", string generic = "testamol hydrochloride", params string[] extraIndicationTexts)
    {
        var document = new LabelDocument(
            setId,
            DocumentId: $"doc-{setId}-{version}",
            version,
            new DateOnly(2020, 1, 1).AddDays(version),
            Title: $"{brand} ({generic}) tablets",
            DocumentTypeCode: SectionCodes.PrescriptionDocument,
            LabelFormat.Plr,
            Labeler: "Example Labs Inc.",
            Products: [new LabelProduct(brand, generic, "TABLET", ["ORAL"], [generic.ToUpperInvariant()])],
            Sections: []);
        var passages = new List<Passage>
        {
            Passage(setId, version, 0, SectionCodes.AdverseReactions, "6", "ADVERSE REACTIONS",
                $"Version {version}: the most common adverse reactions were headache and dizziness."),
            Passage(setId, version, 1, SectionCodes.Overdosage, "10", "OVERDOSAGE",
                $"Version {version}: overdosage may cause drowsiness; treat symptomatically."),
        };
        foreach (var text in extraIndicationTexts)
        {
            passages.Add(Passage(setId, version, passages.Count, SectionCodes.IndicationsAndUsage, "1", "INDICATIONS AND USAGE", text));
        }
        var embeddings = MiniLmEmbedder.Shared.Embed(passages.Select(p => p.Text).ToList());
        return new Built(document, passages, embeddings);
    }

    public static Passage Passage(string setId, int version, int ordinal, string code, string number, string title, string text) =>
        new($"{setId[..8]}-v{version}-{ordinal:D3}", setId, version, ordinal, code, number, title, code, $"{number} {title}", $"{number} {title}", text);
}
