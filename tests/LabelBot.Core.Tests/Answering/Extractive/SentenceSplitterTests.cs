using LabelBot.Core.Answering.Extractive;

namespace LabelBot.Core.Tests.Answering.Extractive;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void Does_not_split_on_abbreviations_decimals_or_units_before_lower_case()
    {
        const string text = "Use caution with CYP3A4 inhibitors, e.g. Clarithromycin. The starting dose is 2.5 mg. once daily " +
                            "in adults (approx. 70 kg). Patients should be monitored.";
        var sentences = SentenceSplitter.SplitToStrings(text);
        Assert.Equal(
        [
            "Use caution with CYP3A4 inhibitors, e.g. Clarithromycin.",
            "The starting dose is 2.5 mg. once daily in adults (approx. 70 kg).",
            "Patients should be monitored.",
        ], sentences);
    }

    [Fact]
    public void Splits_a_sentence_ending_in_mg_before_a_capital()
    {
        var sentences = SentenceSplitter.SplitToStrings("Do not exceed 80 mg. Take with water.");
        Assert.Equal(["Do not exceed 80 mg.", "Take with water."], sentences);
    }

    [Fact]
    public void Lines_and_list_items_are_separate_sentences_without_bullets()
    {
        var sentences = SentenceSplitter.SplitToStrings("Stop use and ask a doctor if\n• pain gets worse\n• redness is present\n");
        Assert.Equal(["Stop use and ask a doctor if", "pain gets worse", "redness is present"], sentences);
    }

    [Fact]
    public void Keeps_closing_brackets_and_references_with_their_sentence()
    {
        const string text = "Tendon rupture can occur [see Warnings and Precautions (5.2)]. Discontinue if pain occurs.";
        var sentences = SentenceSplitter.SplitToStrings(text);
        Assert.Equal(["Tendon rupture can occur [see Warnings and Precautions (5.2)].", "Discontinue if pain occurs."], sentences);
    }

    [Fact]
    public void Questions_and_exclamations_end_sentences()
    {
        Assert.Equal(["Why?", "Because", "it works!", "Done."], SentenceSplitter.SplitToStrings("Why? Because\nit works! Done."));
    }

    [Fact]
    public void A_lettered_item_run_into_the_text_starts_its_own_sentence()
    {
        // openFDA flattens lettered warnings ("b. Abrupt Drug Withdrawal: …") into one paragraph.
        var sentences = SentenceSplitter.SplitToStrings("The dose should be reduced slowly when the drug is discontinued. c. Impaired Renal Function: Use with caution.");

        Assert.Equal("The dose should be reduced slowly when the drug is discontinued.", sentences[0]);
        Assert.Contains("Impaired Renal Function: Use with caution.", sentences);
        Assert.DoesNotContain(sentences, s => s.EndsWith("discontinued. c.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Take 1 tablet. Do not exceed 4 tablets in 24 hours.\n\n  • If pregnant, ask a health professional. ")]
    [InlineData("See Dr. Smith, U.S. Pat. No. 5,000,000. Approx. 10% of patients (i.e., 1 in 10) had it; see Fig. 2.")]
    [InlineData("")]
    [InlineData("   \n\n ")]
    public void Every_span_is_a_verbatim_trimmed_substring(string text)
    {
        foreach (var span in SentenceSplitter.Split(text))
        {
            var sentence = span.Of(text);
            Assert.Equal(sentence.Trim(), sentence);
            Assert.Contains(sentence, text, StringComparison.Ordinal);
            Assert.True(sentence.Length >= 2);
        }
    }
}
