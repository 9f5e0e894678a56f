using LabelBot.Core.Answering.Prompts;
using LabelBot.Core.Answering.Quality;

namespace LabelBot.Core.Tests.Answering.Quality;

public sealed class DisplayedAnswerTests
{
    [Fact]
    public void Body_drops_the_sources_block_and_the_disclaimer()
    {
        var prompts = PromptCatalog.Default;
        var text = "From the X label:\n\n- Store at 20°C. [1]\n\n" + prompts.Render("sources-heading") +
                   "\n[1] X, version 1 (2020-01-01), 16 How Supplied: https://dailymed.example/1\n\n" + prompts.Render("disclaimer");

        var body = DisplayedAnswer.Body(text, prompts);

        Assert.Equal("From the X label:\n\n- Store at 20°C. [1]", body);
    }

    [Fact]
    public void Body_of_a_reply_without_sources_only_loses_the_disclaimer()
    {
        var text = "The label does not address that.\n\n" + PromptCatalog.Default.Render("disclaimer");
        Assert.Equal("The label does not address that.", DisplayedAnswer.Body(text));
    }

    [Theory]
    [InlineData("- Store at 20°C to 25°C (68°F to 77°F). [1]", 8)]
    [InlineData("[1] [2]", 0)]
    [InlineData("HUMIRA must be refrigerated [1][2]", 4)]
    public void Word_count_skips_citation_markers_and_bullets(string text, int words)
    {
        Assert.Equal(words, DisplayedAnswer.WordCount(text));
    }
}
