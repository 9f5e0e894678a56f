using System.Text.RegularExpressions;
using LabelBot.Core.Labels;

namespace LabelBot.Labels.Tests;

public sealed class PassageChunkerTests
{
    private const string Cipro = "ciprofloxacin-hydrochloride-cc768d3e.xml";

    public static TheoryData<string> CorpusFiles() => TestData.CorpusFiles();

    [SplTheory]
    [MemberData(nameof(CorpusFiles))]
    public void PassagesAreVerbatimPiecesOfTheLabelText(string file)
    {
        var label = TestData.Parse(file);
        var fullText = LabelText.FullText(label);

        var passages = PassageChunker.Chunk(label);

        Assert.NotEmpty(passages);
        Assert.All(passages, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Text));
            Assert.True(fullText.Contains(p.Text, StringComparison.Ordinal), $"passage {p.Id} is not a substring of the label text");
            Assert.True(p.Text.Length <= PassageChunker.MaxPassageChars, $"passage {p.Id} has {p.Text.Length} chars");
            Assert.Equal(label.SetId, p.SetId);
            Assert.Equal(label.Version, p.Version);
            Assert.NotEmpty(p.SectionTitle);
            Assert.NotEmpty(p.SectionPath);
            Assert.NotEmpty(p.TopSectionTitle);
            Assert.Matches($"^{Regex.Escape(label.SetId[..8])}-v{label.Version}-[0-9a-f]{{12}}$", p.Id);
            // Generic subsection codes are replaced by the nearest meaningful ancestor's code.
            if (p.TopSectionCode != SectionCodes.Unclassified)
            {
                Assert.NotEqual(SectionCodes.Unclassified, p.SectionCode);
            }
        });
        Assert.Equal(Enumerable.Range(0, passages.Count), passages.Select(p => p.Ordinal));
        Assert.Equal(passages.Count, passages.Select(p => p.Id).Distinct().Count());
    }

    [SplTheory]
    [MemberData(nameof(CorpusFiles))]
    public void EveryBlockIsCoveredByThePassages(string file)
    {
        var label = TestData.Parse(file);
        var passageText = string.Join("\n\n", PassageChunker.Chunk(label).Select(p => p.Text));

        Assert.Equal(
            LabelText.NormalizeWhitespace(LabelText.FullText(label)),
            LabelText.NormalizeWhitespace(passageText));
    }

    [SplFact]
    public void SameVersionReparsedYieldsIdenticalIds()
    {
        var first = PassageChunker.Chunk(TestData.Parse(Cipro));
        var second = PassageChunker.Chunk(TestData.Parse(Cipro));

        Assert.Equal(first.Select(p => p.Id), second.Select(p => p.Id));
        Assert.Equal(first, second);
    }

    [SplFact]
    public void NewVersionYieldsNewIds()
    {
        var label = TestData.Parse(Cipro);
        var next = label with { Version = label.Version + 1 };

        var ids = PassageChunker.Chunk(label).Select(p => p.Id).ToHashSet();
        var nextIds = PassageChunker.Chunk(next).Select(p => p.Id).ToList();

        Assert.Equal(ids.Count, nextIds.Count);
        Assert.DoesNotContain(nextIds, ids.Contains);
        Assert.All(nextIds, id => Assert.Contains($"-v{label.Version + 1}-", id, StringComparison.Ordinal));
    }

    [Fact]
    public void ChangedTextChangesOnlyThatPassageId()
    {
        var label = SyntheticLabel(
            new LabelSection(SectionCodes.Contraindications, "4", "CONTRAINDICATIONS", [Paragraph(Sentence("Known hypersensitivity", 150))], []),
            new LabelSection(SectionCodes.Overdosage, "10", "OVERDOSAGE", [Paragraph(Sentence("Overdose details", 150))], []));
        var edited = label with
        {
            Sections = [label.Sections[0], label.Sections[1] with { Blocks = [Paragraph(Sentence("Different overdose details", 150))] }],
        };

        var before = PassageChunker.Chunk(label);
        var after = PassageChunker.Chunk(edited);

        Assert.Equal(before[0].Id, after[0].Id);
        Assert.NotEqual(before[1].Id, after[1].Id);
    }

    [SplFact]
    public void SubsectionPassagesKnowTheirSectionAndTopSection()
    {
        var passages = PassageChunker.Chunk(TestData.Parse(Cipro));

        var tendon = passages.Where(p => p.SectionNumber == "5.2").ToList();
        Assert.NotEmpty(tendon);
        Assert.All(tendon, p =>
        {
            Assert.Equal("Tendinitis and Tendon Rupture", p.SectionTitle);
            Assert.Equal("5.2 Tendinitis and Tendon Rupture", p.SectionDisplayTitle);
            Assert.Equal(SectionCodes.WarningsAndPrecautions, p.SectionCode);
            Assert.Equal(SectionCodes.WarningsAndPrecautions, p.TopSectionCode);
            Assert.Equal("5 WARNINGS AND PRECAUTIONS", p.TopSectionTitle);
            Assert.Equal("5 WARNINGS AND PRECAUTIONS > 5.2 Tendinitis and Tendon Rupture", p.SectionPath);
        });
        Assert.Contains(tendon, p => p.Text.Contains("Achilles tendon", StringComparison.Ordinal));

        // Coded subsections keep their own code (8.1 Pregnancy under 8 USE IN SPECIFIC POPULATIONS).
        Assert.All(passages.Where(p => p.SectionNumber == "8.1"), p =>
        {
            Assert.Equal(SectionCodes.Pregnancy, p.SectionCode);
            Assert.Equal(SectionCodes.UseInSpecificPopulations, p.TopSectionCode);
        });
    }

    [SplFact]
    public void HighlightsPassagesSitUnderTheHighlightsSection()
    {
        var passages = PassageChunker.Chunk(TestData.Parse(Cipro));

        var highlights = passages.Where(p => p.TopSectionCode == SectionCodes.Highlights).ToList();
        Assert.NotEmpty(highlights);
        Assert.Equal(highlights, passages.Take(highlights.Count)); // Highlights come first, as on the label
        Assert.All(highlights, p =>
        {
            Assert.Equal("Highlights of Prescribing Information", p.TopSectionTitle);
            Assert.StartsWith("Highlights of Prescribing Information > ", p.SectionPath, StringComparison.Ordinal);
            Assert.Empty(p.SectionNumber);
        });
        Assert.Contains(highlights, p => p.SectionCode == SectionCodes.BoxedWarning);
        Assert.Contains(passages, p => p.TopSectionCode == SectionCodes.BoxedWarning);
    }

    [SplFact]
    public void ShortLeadInParagraphIsMergedWithWhatFollows()
    {
        var passages = PassageChunker.Chunk(TestData.Parse(Cipro));

        Assert.DoesNotContain(passages, p => p.Text == "Usage");
        Assert.Contains(passages, p => p.Text.StartsWith("Usage\n\nTo reduce the development of drug-resistant bacteria", StringComparison.Ordinal));
    }

    [Fact]
    public void LongParagraphIsSplitAtSentenceBoundaries()
    {
        var sentences = Enumerable.Range(1, 40).Select(i => $"Sentence number {i} says something about the drug that matters.").ToList();
        var paragraph = string.Join(' ', sentences);
        var label = SyntheticLabel(new LabelSection(SectionCodes.ClinicalPharmacology, "12", "CLINICAL PHARMACOLOGY", [Paragraph(paragraph)], []));

        var passages = PassageChunker.Chunk(label);

        Assert.True(passages.Count > 1);
        Assert.All(passages, p =>
        {
            Assert.InRange(p.Text.Length, 1, PassageChunker.MaxPassageChars);
            Assert.StartsWith("Sentence number", p.Text, StringComparison.Ordinal);
            Assert.EndsWith("matters.", p.Text, StringComparison.Ordinal);
        });
        Assert.Equal(paragraph, string.Join(' ', passages.Select(p => p.Text)));
    }

    [Fact]
    public void LongListIsSplitBetweenTopLevelItems()
    {
        var items = Enumerable.Range(1, 30).Select(i => $"• item {i} with a reasonably long description of an adverse reaction\n  • nested detail {i}");
        var list = string.Join('\n', items);
        var label = SyntheticLabel(new LabelSection(SectionCodes.AdverseReactions, "6", "ADVERSE REACTIONS", [new SectionBlock(BlockKind.List, list)], []));

        var passages = PassageChunker.Chunk(label);

        Assert.True(passages.Count > 1);
        Assert.All(passages, p => Assert.StartsWith("• item", p.Text, StringComparison.Ordinal));
    }

    private static LabelDocument SyntheticLabel(params LabelSection[] sections) =>
        new("abcdef12-0000-0000-0000-000000000000", "doc", 1, new DateOnly(2024, 1, 1), "Test label", SectionCodes.PrescriptionDocument,
            LabelFormat.Plr, null, [], sections);

    private static SectionBlock Paragraph(string text) => new(BlockKind.Paragraph, text);

    private static string Sentence(string start, int length) => (start + " " + new string('x', length)).Trim() + ".";
}
