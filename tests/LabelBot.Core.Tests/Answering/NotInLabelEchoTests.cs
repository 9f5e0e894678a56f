using LabelBot.Core.Answering;
using LabelBot.Core.Tests.Support;

namespace LabelBot.Core.Tests.Answering;

/// <summary>A not-in-label reply names the question's topic, but never repeats an identifier or markup the user typed.</summary>
[Collection(EngineCorpusCollection.Name)]
public sealed class NotInLabelEchoTests(EngineCorpusFixture corpus)
{
    [SplTheory]
    [InlineData("does lipitor contain gluten? jane.doe@example.com 555-123-4567", new[] { "jane", "doe@", "example", "555", "4567" })]
    [InlineData("does lipitor contain gluten? 88812345 https://evil.example.org/x <b>now</b>", new[] { "888", "evil", "https", "<b>", "now</b>" })]
    [InlineData("does lipitor contain gluten <script>alert(1)</script> +1 (212) 555 0100", new[] { "<script", "alert(", "212", "0100" })]
    public async Task Not_in_label_reply_never_echoes_contact_details_digit_runs_or_markup(string question, string[] forbidden)
    {
        var result = await corpus.CreateEngine().AnswerAsync(new AnswerRequest(question));

        Assert.Equal(AnswerKind.NotInLabel, result.Kind);
        Assert.Contains("gluten", result.Text, StringComparison.Ordinal); // the topic is still named
        foreach (var word in forbidden)
        {
            Assert.DoesNotContain(word, result.Text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.DoesNotContain("@", result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jane, doe, example, com, gluten", "does it contain gluten? jane.doe@example.com", "gluten")]
    [InlineData("gluten, 5551234567", "gluten? 5551234567", "gluten")]
    [InlineData("www, evil, com", "www.evil.com", "this question")]
    [InlineData("hair loss", "does it cause hair loss?", "hair loss")]
    [InlineData("**lactose**, <i>", "lactose?", "lactose")]
    public void Topic_keeps_only_words_that_were_not_part_of_an_identifier(string topic, string question, string expected) =>
        Assert.Equal(expected, EchoedTopic.Clean(topic, question));
}
