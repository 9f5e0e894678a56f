using LabelBot.Core.Answering.Phrasing;
using LabelBot.Llm.Tests.TestSupport;

namespace LabelBot.Llm.Tests.Verification;

public sealed class PhrasedAnswerVerifierTests
{
    private static readonly IReadOnlyList<NumberedPassage> Nsaid = Passages.Nsaid();

    private static VerifiedPhrasing? Verify(string modelText) => PhrasedAnswerVerifier.Verify(new PhrasedAnswer(modelText), Nsaid);

    [Fact]
    public void Paraphrase_that_shares_the_passage_words_is_kept()
    {
        // Two clauses, each supported by one sentence of the same passage.
        var result = Verify("This NSAID may cause severe stomach bleeding, and the chance is higher at age 60 or older [1].");

        Assert.NotNull(result);
        Assert.Equal(1, result.Kept);
        Assert.Equal(0, result.Dropped);
        Assert.Equal([1], result.UsedPassageNumbers);
        Assert.Contains("stomach bleeding", result.Text, StringComparison.Ordinal);
        Assert.EndsWith("[1].", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Invented_sentence_is_dropped_and_the_supported_ones_kept()
    {
        var result = Verify(
            "The tablets can cause severe stomach bleeding [1]. " +
            "Each tablet contains 200 mg of ibuprofen [3]. " +
            "Grapefruit juice doubles the liver damage caused by this medicine [1].");

        Assert.NotNull(result);
        Assert.Equal(2, result.Kept);
        Assert.Equal(1, result.Dropped);
        Assert.DoesNotContain("Grapefruit", result.Text, StringComparison.Ordinal);
        Assert.Equal([1, 3], result.UsedPassageNumbers);
    }

    [Fact]
    public void Citation_of_a_passage_that_was_not_given_drops_the_sentence()
    {
        var result = Verify("The tablets can cause severe stomach bleeding [1]. Each tablet contains ibuprofen 200 mg [7].");

        Assert.NotNull(result);
        Assert.Equal(1, result.Dropped);
        Assert.DoesNotContain("[7]", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("200 mg", result.Text, StringComparison.Ordinal);
        Assert.Equal([1], result.UsedPassageNumbers);
    }

    [Theory]
    [InlineData("Each tablet contains ibuprofen 400 mg [3].")] // changed strength
    [InlineData("Each tablet contains ibuprofen 200 mcg [3].")] // changed unit
    [InlineData("Do not take more than 8 tablets in 24 hours unless directed by a doctor [2].")] // changed count
    [InlineData("Take 1 tablet every 2 to 6 hours while symptoms persist [2].")] // changed interval
    [InlineData("Do not take more than six tablets in 12 hours [2].")] // spelled-out count kept, interval changed
    public void Sentence_with_a_number_the_cited_passage_does_not_contain_is_dropped(string modelText)
    {
        Assert.Null(Verify(modelText));
    }

    [Fact]
    public void Number_from_another_passage_than_the_cited_one_is_dropped()
    {
        // 200 mg is in passage 3, not in the cited passage 2.
        Assert.Null(Verify("Take 1 tablet of 200 mg every 4 to 6 hours while symptoms persist [2]."));
    }

    [Fact]
    public void Numbers_copied_exactly_are_kept_including_spelled_out_counts()
    {
        var result = Verify("Adults and children 12 years and over take 1 tablet every 4 to 6 hours while symptoms persist [2]. Do not take more than six tablets in 24 hours unless a doctor directs it [2].");

        Assert.NotNull(result);
        Assert.Equal(2, result.Kept);
    }

    [Fact]
    public void Sentence_without_any_citation_is_dropped()
    {
        var result = Verify("The tablets can cause severe stomach bleeding [1]. Stomach bleeding is more likely at age 60 or older.");

        Assert.NotNull(result);
        Assert.Equal(1, result.Kept);
        Assert.Equal(1, result.Dropped);
    }

    [Fact]
    public void Negation_the_passage_never_makes_is_dropped()
    {
        Assert.Null(Verify("This NSAID does not cause stomach bleeding [1]."));
    }

    [Fact]
    public void Answer_where_fewer_than_half_the_sentences_survive_is_rejected_whole()
    {
        var result = Verify(
            "The tablets can cause severe stomach bleeding [1]. " +
            "The tablets cure migraine within minutes [1]. " +
            "Children under 2 should take half a tablet [2].");

        Assert.Null(result);
    }

    [Fact]
    public void Model_refusal_sentinel_yields_nothing_to_show()
    {
        Assert.Null(Verify("NOT_IN_PASSAGES"));
    }

    [Fact]
    public void Markup_is_stripped_and_citations_are_normalised()
    {
        var result = Verify(
            "<p><b>This NSAID</b> may cause <script>alert('x')</script>severe stomach bleeding [1].</p>\n" +
            "- **Store** at 20-25°C (68-77°F). [3]");

        Assert.NotNull(result);
        Assert.Equal(2, result.Kept);
        Assert.DoesNotContain("<", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("alert", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("*", result.Text, StringComparison.Ordinal);
        // The marker after the full stop belongs to the sentence before it.
        Assert.EndsWith("(68-77°F). [3]", result.Text, StringComparison.Ordinal);
        Assert.Equal([1, 3], result.UsedPassageNumbers);
    }

    [Fact]
    public void A_citation_list_is_normalised_to_the_passages_that_support_the_sentence_on_their_own()
    {
        // [3] (the ingredient passage) says nothing about bleeding: the sentence is shown citing [1] alone.
        var result = Verify("This NSAID may cause severe stomach bleeding [1, 3].");

        Assert.NotNull(result);
        Assert.Equal("This NSAID may cause severe stomach bleeding [1].", result.Text);
        Assert.Equal([1], result.UsedPassageNumbers);
    }

    [Fact]
    public void Encoded_html_is_removed_too()
    {
        var result = Verify("&lt;img src=x onerror=alert(1)&gt;The tablets can cause severe stomach bleeding [1].");

        Assert.NotNull(result);
        Assert.DoesNotContain("onerror", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Less_than_sign_in_label_text_is_not_taken_for_a_tag()
    {
        var passages = new[] { Passages.Make(1, "Hemorrhagic stroke occurred in < 1% of patients treated with atorvastatin calcium 80 mg.") };

        var result = PhrasedAnswerVerifier.Verify(new PhrasedAnswer("Hemorrhagic stroke occurred in < 1% of patients treated with 80 mg [1]."), passages);

        Assert.NotNull(result);
        Assert.Contains("< 1%", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Decimals_and_abbreviations_do_not_split_sentences()
    {
        var passages = new[] { Passages.Make(1, "Reduce the dose to 2.5 mg in patients with severe renal impairment, e.g. creatinine clearance below 30 mL/min.") };

        var result = PhrasedAnswerVerifier.Verify(new PhrasedAnswer("The dose is reduced to 2.5 mg in severe renal impairment, e.g. creatinine clearance below 30 mL/min [1]."), passages);

        Assert.NotNull(result);
        Assert.Equal(1, result.Kept);
        Assert.Equal(0, result.Dropped);
    }

    [Fact]
    public void Stricter_support_threshold_drops_a_loose_paraphrase()
    {
        // "ulcers" is not in the cited sentence: 5 of 6 words are.
        const string loose = "This NSAID may cause severe stomach bleeding and ulcers [1].";

        Assert.NotNull(PhrasedAnswerVerifier.Verify(new PhrasedAnswer(loose), Nsaid, new VerifierOptions { MinimumSupport = 0.5 }));
        Assert.Null(PhrasedAnswerVerifier.Verify(new PhrasedAnswer(loose), Nsaid));
    }

    [Fact]
    public void Empty_or_whitespace_reply_is_rejected()
    {
        Assert.Null(Verify(""));
        Assert.Null(Verify("  \n "));
    }
}
