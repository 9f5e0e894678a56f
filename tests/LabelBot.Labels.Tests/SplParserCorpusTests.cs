using System.Text.RegularExpressions;
using LabelBot.Core.Labels;

namespace LabelBot.Labels.Tests;

/// <summary>The parser against the real labels of ../shared/labels/spl and their MANIFEST.tsv.</summary>
public sealed partial class SplParserCorpusTests
{
    private const string Cipro = "ciprofloxacin-hydrochloride-cc768d3e.xml";
    private const string Viagra = "sildenafil-citrate-0b0be196.xml";
    private const string Lipitor = "atorvastatin-calcium-c6e131fe.xml";
    private const string Kloxxado = "naloxone-hcl-ebf0f833.xml";
    private const string Humira = "adalimumab-608d4f0d.xml";
    private const string Acetaminophen = "acetaminophen-42f0c87c.xml";
    private const string Diphenhydramine = "diphenhydramine-hydrochloride-5015a380.xml";
    private const string Haloperidol = "haloperidol-0027b8a3.xml";

    public static TheoryData<string> CorpusFiles() => TestData.CorpusFiles();

    [SplFact]
    public void ManifestListsEveryCorpusFile()
    {
        var files = Directory.GetFiles(TestData.RequiredSplFolder, "*.xml").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(files, TestData.Manifest.Select(r => r.FileName).Order(StringComparer.Ordinal));
    }

    [SplTheory]
    [MemberData(nameof(CorpusFiles))]
    public void EveryLabelParsesAndMatchesItsManifestRow(string file)
    {
        var row = TestData.Manifest.Single(r => r.FileName == file);

        var label = TestData.Parse(file);

        Assert.Equal(row.SetId, label.SetId);
        Assert.Equal(row.Version, label.Version);
        Assert.Equal(row.EffectiveDate, label.EffectiveDate);
        Assert.Equal(row.ExpectedFormat, label.Format);
        Assert.StartsWith(WithoutWhitespace(row.Title), WithoutWhitespace(label.Title), StringComparison.Ordinal);
        Assert.NotEmpty(label.Sections);
        Assert.NotEmpty(label.Products);
        Assert.All(label.AllSections(), s => Assert.True(s.Blocks.Count > 0 || s.Children.Count > 0, $"empty section {s.DisplayTitle}"));
        Assert.All(label.AllSections().SelectMany(s => s.Blocks), b => Assert.Equal(b.Text.Trim(), b.Text));
        var expectedDocumentCode = label.Format == LabelFormat.Otc ? SectionCodes.OtcDocument : null;
        if (expectedDocumentCode is not null)
        {
            Assert.Equal(expectedDocumentCode, label.DocumentTypeCode);
        }
        if (label.Format is LabelFormat.Plr or LabelFormat.NonPlr)
        {
            Assert.Equal(SectionCodes.PrescriptionDocument, label.DocumentTypeCode);
        }
    }

    [SplTheory]
    [MemberData(nameof(CorpusFiles))]
    public void PlrLabelsHaveNumberedSectionsAndHighlights(string file)
    {
        var label = TestData.Parse(file);
        if (label.Format != LabelFormat.Plr)
        {
            Assert.DoesNotContain(label.AllSections(), s => s.Number.Length > 0);
            return;
        }

        // An Emergency Use Authorization fact sheet (remdesivir) is coded like a PLR label but has neither Highlights nor
        // numbered sections: it opens with the health care provider letter (LOINC 71744-7).
        if (label.Sections.Count > 0 && label.Sections[0].Code == "71744-7")
        {
            Assert.DoesNotContain(label.Sections, s => s.Code == SectionCodes.Highlights);
            return;
        }
        Assert.Contains(label.Sections, s => s.Number == "1" && s.Code == SectionCodes.IndicationsAndUsage);
        Assert.All(label.AllSections().Where(s => s.Number.Length > 0), s => Assert.Matches(SectionNumber(), s.Number));
        Assert.Contains(label.AllSections(), s => s.Number.Contains('.', StringComparison.Ordinal));
        var highlights = label.Sections[0];
        Assert.Equal(SectionCodes.Highlights, highlights.Code);
        Assert.Equal("Highlights of Prescribing Information", highlights.Title);
        Assert.NotEmpty(highlights.Children);
    }

    [SplFact]
    public void CiprofloxacinHasNumberedWarningsWithTendonRupture()
    {
        var label = TestData.Parse(Cipro);

        var warnings = label.SectionNumbered("5");
        Assert.Equal("WARNINGS AND PRECAUTIONS", warnings.Title);
        Assert.Equal(SectionCodes.WarningsAndPrecautions, warnings.Code);
        var tendon = Assert.Single(warnings.Children, c => c.Number == "5.2");
        Assert.Equal("Tendinitis and Tendon Rupture", tendon.Title);
        Assert.Equal("5.2 Tendinitis and Tendon Rupture", tendon.DisplayTitle);
        Assert.Contains(tendon.Blocks, b => b.Text.Contains("Achilles tendon", StringComparison.Ordinal));
        Assert.Equal("1.10", Assert.Single(label.SectionNumbered("1").Children, c => c.Title == "Lower Respiratory Tract Infections").Number);
    }

    [SplFact]
    public void CiprofloxacinBoxedWarningIsItsOwnSection()
    {
        var label = TestData.Parse(Cipro);

        var boxed = Assert.Single(label.Sections, s => s.Code == SectionCodes.BoxedWarning);
        Assert.StartsWith("WARNING: SERIOUS ADVERSE REACTIONS INCLUDING TENDINITIS, TENDON RUPTURE", boxed.Title, StringComparison.Ordinal);
        Assert.Equal(BlockKind.List, boxed.Blocks[0].Kind);
        Assert.Contains("Tendinitis and tendon rupture", boxed.Blocks[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("• Fluoroquinolones, including ciprofloxacin", boxed.Blocks[0].Text, StringComparison.Ordinal);
    }

    [SplFact]
    public void BoxesAroundDosingTablesAreNotTheBoxedWarning()
    {
        // Haloperidol's SPL codes the boxes around its dosing tables as Boxed Warning sections inside Dosage and Administration.
        var label = TestData.Parse(Haloperidol);

        var boxed = Assert.Single(Flatten(label.Sections), s => s.Code == SectionCodes.BoxedWarning);
        Assert.Contains(label.Sections, s => ReferenceEquals(s, boxed));
        Assert.Contains("Dementia-Related Psychosis", string.Join(" ", boxed.Blocks.Select(b => b.Text)), StringComparison.Ordinal);
        var dosing = Assert.Single(label.Sections, s => s.Code == SectionCodes.DosageAndAdministration);
        Assert.DoesNotContain(Flatten(dosing.Children), s => s.Code == SectionCodes.BoxedWarning);
    }

    private static IEnumerable<LabelSection> Flatten(IEnumerable<LabelSection> sections) =>
        sections.SelectMany(s => new[] { s }.Concat(Flatten(s.Children)));

    [SplFact]
    public void HighlightsAreCapturedOnceAndKeptOutOfTheFullSections()
    {
        var label = TestData.Parse(Cipro);
        const string highlightOnly = "See full prescribing information for complete boxed warning.";

        var highlights = label.Sections[0];
        Assert.Equal(SectionCodes.Highlights, highlights.Code);
        Assert.Contains(highlights.Children, c => c.Code == SectionCodes.BoxedWarning);
        Assert.Contains(highlights.Children, c => c.Code == SectionCodes.RecentMajorChanges && c.Title == "Recent Major Changes");
        var indications = Assert.Single(highlights.Children, c => c.Code == SectionCodes.IndicationsAndUsage);
        Assert.Equal("INDICATIONS AND USAGE", indications.Title);

        var fullText = LabelText.FullText(label);
        Assert.Equal(1, Occurrences(fullText, highlightOnly));
        // The Highlights list of indications ("… (1.1)") is not repeated inside section 1.
        Assert.DoesNotContain(label.SectionNumbered("1").Blocks.Concat(label.SectionNumbered("1").Children.SelectMany(c => c.Blocks)),
            b => b.Text.Contains("Skin and Skin Structure Infections (1.1)", StringComparison.Ordinal));
        Assert.Contains(indications.Blocks, b => b.Text.Contains("Skin and Skin Structure Infections (1.1)", StringComparison.Ordinal));
    }

    [SplFact]
    public void ViagraAdverseReactionTableIsRenderedAsRows()
    {
        var label = TestData.Parse(Viagra);

        var clinicalTrials = label.SectionNumbered("6.1");
        var table = Assert.Single(clinicalTrials.Blocks, b => b.Kind == BlockKind.Table && b.Text.StartsWith("Table 2.", StringComparison.Ordinal));
        var lines = table.Text.Split('\n');
        Assert.Equal("Table 2. Adverse Reactions Reported by ≥2% of Patients Treated with VIAGRA and More Frequent than Placebo in Flexible-Dose Phase II/III Studies", lines[0]);
        Assert.Equal("Adverse Reaction | VIAGRA | PLACEBO", lines[1]);
        Assert.Contains("Headache | 16% | 4%", lines);
        // The footnote marker stays on its cell and the footnote text follows the rows.
        Assert.Contains("Abnormal Vision¹ | 3% | 0%", lines);
        Assert.StartsWith("¹ Abnormal Vision: Mild and transient", lines[^1], StringComparison.Ordinal);
    }

    [SplFact]
    public void LipitorAdverseReactionTableKeepsEveryColumn()
    {
        var label = TestData.Parse(Lipitor);

        var tables = label.SectionNumbered("6.1").Blocks.Concat(label.SectionNumbered("6.1").Children.SelectMany(c => c.Blocks))
            .Where(b => b.Kind == BlockKind.Table);
        var table = Assert.Single(tables, t => t.Text.Contains("Nasopharyngitis", StringComparison.Ordinal));
        var row = Assert.Single(table.Text.Split('\n'), l => l.StartsWith("Nasopharyngitis", StringComparison.Ordinal));
        Assert.Equal(7, row.Split(" | ").Length);
    }

    [SplFact]
    public void ListsAreRenderedAsBulletLinesWithNestedItemsIndented()
    {
        var label = TestData.Parse(Acetaminophen);

        var uses = Assert.Single(label.Sections, s => s.Title == "Uses");
        var lines = Assert.Single(uses.Blocks).Text.Split('\n');
        Assert.Equal("• temporarily relieves minor aches and pains due to:", lines[0]);
        Assert.Equal("  • headache", lines[2]);
        Assert.Equal("• temporarily reduces fever", lines[^1]);
    }

    [SplFact]
    public void OtcLabelKeepsDrugFactsHeadings()
    {
        var label = TestData.Parse(Acetaminophen);

        var topTitles = label.Sections.Select(s => s.Title).ToList();
        foreach (var heading in new[] { "Active ingredient (in each caplet)", "Purpose", "Uses", "Warnings", "Directions", "Other information", "Inactive ingredients", "Questions or comments?" })
        {
            Assert.Contains(heading, topTitles);
        }
        var warnings = label.Sections.Single(s => s.Title == "Warnings");
        Assert.Equal(SectionCodes.Warnings, warnings.Code);
        Assert.Contains(warnings.Children, c => c.Title == "Do not use" && c.Code == SectionCodes.OtcDoNotUse);
        Assert.Contains(warnings.Children, c => c.Title == "Ask a doctor before use if you have");
        Assert.Contains(warnings.Children, c => c.Title == "Stop use and ask a doctor if");
    }

    [SplFact]
    public void UntitledOtcSectionsGetDrugFactsHeadingsFromTheirCode()
    {
        var label = TestData.Parse(Diphenhydramine);

        var titlesByCode = label.AllSections().GroupBy(s => s.Code).ToDictionary(g => g.Key, g => g.First().Title);
        Assert.Equal("Do not use", titlesByCode[SectionCodes.OtcDoNotUse]);
        Assert.Equal("Ask a doctor before use if you have", titlesByCode[SectionCodes.OtcAskDoctor]);
        Assert.Equal("When using this product", titlesByCode[SectionCodes.OtcWhenUsing]);
        Assert.Equal("Keep out of reach of children", titlesByCode[SectionCodes.OtcKeepOutOfReach]);
        Assert.Equal("Uses", titlesByCode[SectionCodes.IndicationsAndUsage]); // authored as "\uFEFFUses"
    }

    [SplFact]
    public void KloxxadoProductIsNaloxoneNasalSpray()
    {
        var label = TestData.Parse(Kloxxado);

        var product = Assert.Single(label.Products);
        Assert.Equal("KLOXXADO", product.Name);
        Assert.Equal("Naloxone HCL", product.GenericName);
        Assert.Equal("SPRAY", product.DosageForm);
        Assert.Equal(["NASAL"], product.Routes);
        Assert.Equal(["NALOXONE HYDROCHLORIDE"], product.ActiveIngredients);
        Assert.Equal("KLOXXADO (naloxone hcl)", label.DisplayName);
    }

    [SplFact]
    public void ProductsAreDistinctByNameAndFormAndKitsListTheirParts()
    {
        var humira = TestData.Parse(Humira);
        Assert.Equal(humira.Products.Count, humira.Products.Select(p => (p.Name.ToUpperInvariant(), p.DosageForm)).Distinct().Count());
        var kit = Assert.Single(humira.Products, p => p.DosageForm == "KIT");
        Assert.Contains("ADALIMUMAB", kit.ActiveIngredients);
        Assert.Contains("SUBCUTANEOUS", humira.Products.SelectMany(p => p.Routes));

        var cipro = TestData.Parse(Cipro);
        var tablet = Assert.Single(cipro.Products);
        Assert.Equal(("Ciprofloxacin", "Ciprofloxacin Hydrochloride", "TABLET, FILM COATED"), (tablet.Name, tablet.GenericName, tablet.DosageForm));
        Assert.Equal(["ORAL"], tablet.Routes);
        Assert.Equal("A-S Medication Solutions", cipro.Labeler);
    }

    [SplFact]
    public void LabelWithoutTitleFallsBackToItsProductName()
    {
        var label = TestData.Parse("haloperidol-0027b8a3.xml");
        Assert.Equal("Haloperidol", label.Title);
        Assert.Equal(LabelFormat.NonPlr, label.Format);
        Assert.Contains(label.Sections, s => s.Code == SectionCodes.BoxedWarning && s.Title == "Boxed Warning");
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private static string WithoutWhitespace(string text) =>
        new(text.Where(c => !char.IsWhiteSpace(c) && c != '\uFEFF').ToArray());

    [GeneratedRegex(@"^\d{1,2}(\.\d{1,2})*$")]
    private static partial Regex SectionNumber();
}
