using LabelBot.Bot.Backend;
using LabelBot.Bot.Rendering;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Core.Answering;

namespace LabelBot.Bot.Tests.Rendering;

/// <summary>The first questions the welcome can offer, over the shipped labels.</summary>
[Collection(BotHostCollection.Name)]
public sealed class WelcomeSuggestionsTests(BotHostFixture fixture)
{
    [Fact]
    public async Task Every_question_the_welcome_can_offer_gets_a_cited_label_answer()
    {
        var backend = fixture.Host.Service<BotBackend>();
        Assert.True(backend.TryGetEngine(out var engine));
        var suggestions = new WelcomeSuggestions();
        // Conversations start at different places in the label list: enough of them to reach every start.
        var questions = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 400; i++)
        {
            var actions = await suggestions.BuildAsync(backend.LabelStore!, $"conversation-{i}", CancellationToken.None);
            Assert.Equal(WelcomeSuggestions.MaxSuggestions, actions!.Actions.Count);
            questions.UnionWith(actions.Actions.Select(a => a.Title));
        }
        var labels = (await backend.LabelStore!.ListLabelsAsync()).Count(l => l.IsCurrent);
        Assert.True(questions.Count >= labels / 2, $"only {questions.Count} questions for {labels} labels");

        var failed = new List<string>();
        foreach (var question in questions)
        {
            var result = await engine.AnswerAsync(new AnswerRequest(question, "welcome-" + question));
            if (result.Kind != AnswerKind.Answer || result.Citations.Count == 0)
            {
                failed.Add($"{question} → {result.Kind.ToWire()}, {result.Citations.Count} citations");
            }
        }
        Assert.Empty(failed);
    }

    [Theory]
    [InlineData("Lipitor (atorvastatin calcium)", "Lipitor")]
    [InlineData("DG Health Pain Relief (acetaminophen)", "acetaminophen")]
    [InlineData("BACLOFEN", "Baclofen")]
    [InlineData("KLOXXADO (naloxone hcl)", "Kloxxado")]
    public void Short_name_is_what_a_user_would_type(string displayName, string expected)
    {
        var label = new LabelBot.Core.Labels.LabelVersionInfo("set", 1, new DateOnly(2024, 1, 1), displayName, displayName,
            LabelBot.Core.Labels.LabelFormat.Plr, true, 1, [], null);
        Assert.Equal(expected, WelcomeSuggestions.ShortName(label));
    }
}
