using LabelBot.ClaimCheck;

namespace LabelBot.ClaimCheck.Tests;

public sealed class ClaimSplitterTests
{
    [Fact]
    public void Splits_paragraph_into_sentences_without_breaking_numbers_or_abbreviations()
    {
        var claims = ClaimSplitter.Split("Take 2.5 mg daily, e.g. with breakfast. It works within 1 hour! Dr. Smith agrees with the data.");

        Assert.Equal(
            ["Take 2.5 mg daily, e.g. with breakfast.", "It works within 1 hour!", "Dr. Smith agrees with the data."],
            claims.Select(c => c.Text));
        Assert.All(claims, c => Assert.Equal(ClaimLayout.Sentence, c.Layout));
        Assert.Equal([1, 2, 3], claims.Select(c => c.N));
    }

    [Theory]
    [InlineData("• Lowers LDL cholesterol by itself.")]
    [InlineData("- Lowers LDL cholesterol by itself.")]
    [InlineData("* Lowers LDL cholesterol by itself.")]
    [InlineData("1. Lowers LDL cholesterol by itself.")]
    [InlineData("2) Lowers LDL cholesterol by itself.")]
    public void Strips_bullet_and_number_markers(string line)
    {
        var claim = Assert.Single(ClaimSplitter.Split(line));

        Assert.Equal("Lowers LDL cholesterol by itself.", claim.Text);
        Assert.Equal(ClaimLayout.Bullet, claim.Layout);
    }

    [Fact]
    public void A_number_at_line_start_is_not_a_bullet_marker()
    {
        var claim = Assert.Single(ClaimSplitter.Split("1.5 mg is the usual starting dose."));

        Assert.Equal("1.5 mg is the usual starting dose.", claim.Text);
        Assert.Equal(ClaimLayout.Sentence, claim.Layout);
    }

    [Fact]
    public void Drops_headings_questions_and_fragments()
    {
        var text = """
            # Big News
            Drug X: Relief You Can Trust
            Why choose Drug X?
            Buy now.
            Drug X is taken once daily with food.
            """;

        var claim = Assert.Single(ClaimSplitter.Split(text));

        Assert.Equal("Drug X is taken once daily with food.", claim.Text);
    }

    [Fact]
    public void Table_rows_are_claims_and_headers_and_separators_are_not()
    {
        var text = """
            | Infection | Dose | How long |
            |---|:---:|---|
            | Sinusitis | 500 mg | 10 days |
            | Plague | 500 mg | 14 days |
            """;

        var claims = ClaimSplitter.Split(text);

        Assert.Equal(["Sinusitis | 500 mg | 10 days", "Plague | 500 mg | 14 days"], claims.Select(c => c.Text));
        Assert.All(claims, c => Assert.Equal(ClaimLayout.TableRow, c.Layout));
        Assert.Equal("Sinusitis 500 mg 10 days", claims[0].MatchText);
    }

    [Fact]
    public void A_header_row_without_a_separator_is_recognised_by_its_short_number_free_cells()
    {
        var claims = ClaimSplitter.Split("Indication | Dose\nGout | 750 mg first\nRoute | by mouth only");

        Assert.Equal(["Gout | 750 mg first", "Route | by mouth only"], claims.Select(c => c.Text));
    }

    [Fact]
    public void Tab_separated_rows_pasted_from_a_spreadsheet_are_table_rows()
    {
        var claims = ClaimSplitter.Split("Infection\tDose\nSinusitis\t500 mg every 12 hours\nPlague\t500 mg for 14 days");

        Assert.Equal(["Sinusitis | 500 mg every 12 hours", "Plague | 500 mg for 14 days"], claims.Select(c => c.Text));
        Assert.All(claims, c => Assert.Equal(ClaimLayout.TableRow, c.Layout));
    }

    [Fact]
    public void Bullets_carry_their_lead_in_as_match_text()
    {
        var claims = ClaimSplitter.Split("Drug X is indicated to:\n\n• reduce the risk of stroke\n• reduce the risk of angina");

        Assert.Equal(["reduce the risk of stroke", "reduce the risk of angina"], claims.Select(c => c.Text));
        Assert.Equal("Drug X is indicated to reduce the risk of stroke", claims[0].MatchText);
    }

    [Fact]
    public void A_new_paragraph_ends_the_lead_in()
    {
        var claims = ClaimSplitter.Split("Drug X is indicated to:\n• reduce the risk of stroke\nDrug X is a tablet.\n• It is film coated.");

        Assert.Equal("It is film coated.", claims[2].MatchText);
    }

    [Fact]
    public void Inline_bullets_pasted_on_one_line_are_separate_claims()
    {
        var claims = ClaimSplitter.Split("Highlights: • Drug X lowers LDL-C. • Drug X is taken once daily.");

        Assert.Equal(["Drug X lowers LDL-C.", "Drug X is taken once daily."], claims.Select(c => c.Text));
    }

    [Fact]
    public void Empty_text_has_no_claims() => Assert.Empty(ClaimSplitter.Split("  \n\n "));

    [Theory]
    [MemberData(nameof(ClaimDataSet.Documents), MemberType = typeof(ClaimDataSet))]
    public void Data_set_texts_split_into_exactly_the_expected_claims(string file, string id)
    {
        var document = ClaimDataSet.Load(file).Single(d => d.Id == id);

        var claims = ClaimSplitter.Split(document.Text);

        Assert.Equal(document.Claims.Select(c => c.Claim), claims.Select(c => c.Text));
    }
}
