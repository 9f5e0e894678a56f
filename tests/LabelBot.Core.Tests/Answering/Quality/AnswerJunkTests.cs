using LabelBot.Core.Answering.Quality;

namespace LabelBot.Core.Tests.Answering.Quality;

public sealed class AnswerJunkTests
{
    [Theory]
    [InlineData("- Discontinue if myopathy occurs [see Warnings and Precautions (5.1)]. [1]", "[see Warnings and Precautions (5.1)]")]
    [InlineData("- Tendon rupture can occur (see WARNINGS). [1]", "(see WARNINGS)")]
    [InlineData("- Reduce the risk of MI and stroke (1.1). [2]", "(1.1)")]
    [InlineData("- Avoid atorvastatin (2.6, 5.1, 7, 12.3) [1]", "(2.6, 5.1, 7, 12.3)")]
    public void Cross_references_are_junk(string displayed, string evidence)
    {
        var finding = Assert.Single(AnswerJunk.Find(displayed));
        Assert.Equal(AnswerJunkKind.CrossReference, finding.Kind);
        Assert.Equal(evidence, finding.Evidence);
    }

    [Fact]
    public void Table_pipes_are_junk()
    {
        var findings = AnswerJunk.Find("- Cyclosporine, HIV protease inhibitors | Avoid atorvastatin [1]");
        Assert.Equal(AnswerJunkKind.TablePipe, Assert.Single(findings).Kind);
    }

    [Theory]
    [InlineData("- In adult patients with multiple risk factors, LIPITOR is indicated to: [1]")]
    [InlineData("- LIPITOR is indicated to [1]")]
    [InlineData("- The most common adverse reactions include [1] [2]")]
    [InlineData("- Symptoms may include: … [3]")]
    public void A_quote_that_stops_at_its_lead_in_is_junk(string displayed)
    {
        Assert.Equal(AnswerJunkKind.CutOffLeadIn, Assert.Single(AnswerJunk.Find(displayed)).Kind);
    }

    [Fact]
    public void Table_captions_are_junk()
    {
        Assert.Equal(AnswerJunkKind.TableCaption, Assert.Single(AnswerJunk.Find("- Table 3: Adverse Reactions in Placebo-Controlled Trials [1]")).Kind);
    }

    [Fact]
    public void A_clean_answer_with_header_and_section_title_has_no_junk()
    {
        // The header and section titles end in ":" or carry numbers but are not quotes (no [n] marker): not junk.
        const string Displayed = """
            From the Humira (adalimumab) label (version 1560, effective 2013-09-30):

            16 HOW SUPPLIED/STORAGE AND HANDLING
            - HUMIRA must be refrigerated at 36°F to 46°F (2°C to 8°C). DO NOT FREEZE. [1]
            - Indications include rheumatoid arthritis, psoriatic arthritis and Crohn's disease. [2]
            """;
        Assert.Empty(AnswerJunk.Find(Displayed));
        Assert.False(AnswerJunk.HasJunk(Displayed));
    }

    [Fact]
    public void Every_kind_is_reported_once_per_fragment()
    {
        const string Displayed = "- Reduce LDL-C (1.2). [1]\n- Drug | Effect [2]\n- LIPITOR is indicated to: [3]\n- Table 2: Lipid changes [4]";
        var kinds = AnswerJunk.Find(Displayed).Select(f => f.Kind).ToList();
        Assert.Equal([AnswerJunkKind.CrossReference, AnswerJunkKind.TablePipe, AnswerJunkKind.CutOffLeadIn, AnswerJunkKind.TableCaption], kinds);
    }
}
