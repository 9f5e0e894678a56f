using LabelBot.Core.Answering;
using LabelBot.Core.Labels;
using LabelBot.Runtime.Evaluation;
using LabelBot.Testing;

namespace LabelBot.Runtime.Tests.Evaluation;

/// <summary>Scoring and running against the real seeded store and engine (data/labels).</summary>
public sealed class EvaluationRunnerTests
{
    private const string Ciprofloxacin = "cc768d3e-a7cc-46a2-ae6d-0f5eb2f05406";
    private const string Viagra = "0b0be196-0c62-461c-94f4-9a35339b4501";

    [Fact]
    public async Task Scoring_checks_quotes_against_the_stored_passage_and_sections_against_the_item()
    {
        using var database = await SeededLabelsDatabase.CopyAsync("scoring");
        await using var runtime = await LabelBotRuntime.OpenAsync(new RuntimeOptions(database.Path));
        var adverse = (await runtime.Store.GetPassagesAsync(Ciprofloxacin, [SectionCodes.AdverseReactions])).First(p => p.Text.Length > 80);
        var contraindication = (await runtime.Store.GetPassagesAsync(Ciprofloxacin, [SectionCodes.Contraindications])).First(p => p.Text.Length > 40);
        var genuine = adverse.Text[..60];
        var altered = contraindication.Text[..30] + " and is perfectly safe";
        var answer = new AnswerResult(AnswerKind.Answer, "Label says [1] and [2].",
            [Cite(1, adverse, genuine), Cite(2, contraindication, altered)], [], [], 5);
        var item = new EvaluationItem("probe", "q", new EvaluationExpectation("answer", [Ciprofloxacin], [SectionCodes.AdverseReactions],
            [genuine[..20], "a phrase no label contains"]));

        var outcome = await new EvaluationRunner(runtime.Engine, runtime.Store).ScoreAsync(item, answer, 5);

        Assert.Equal(2, outcome.QuotesChecked);
        Assert.Equal(1, outcome.QuotesVerbatim);
        Assert.Equal(2, outcome.Citations);
        Assert.Equal(1, outcome.CitationsOnTarget);
        Assert.Equal(1, outcome.MustQuoteFound);
        Assert.Equal(["a phrase no label contains"], outcome.MissingQuotes);
        Assert.Contains(outcome.ContractProblems, p => p.Contains("citation 2", StringComparison.Ordinal) && p.Contains("verbatim", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_citation_of_the_right_section_in_another_label_is_not_on_target()
    {
        using var database = await SeededLabelsDatabase.CopyAsync("scoring");
        await using var runtime = await LabelBotRuntime.OpenAsync(new RuntimeOptions(database.Path));
        var viagraAdverse = (await runtime.Store.GetPassagesAsync(Viagra, [SectionCodes.AdverseReactions]))[0];
        var answer = new AnswerResult(AnswerKind.Answer, "[1]", [Cite(1, viagraAdverse, viagraAdverse.Text[..20])], [], [], 5);
        var item = new EvaluationItem("wrong-label", "q", new EvaluationExpectation("answer", [Ciprofloxacin], [SectionCodes.AdverseReactions]));

        var outcome = await new EvaluationRunner(runtime.Engine, runtime.Store).ScoreAsync(item, answer, 5);

        Assert.Equal(1, outcome.Citations);
        Assert.Equal(0, outcome.CitationsOnTarget);
        Assert.Empty(outcome.ContractProblems);
    }

    [Fact]
    public async Task Earlier_turns_are_asked_first_in_the_items_own_conversation()
    {
        using var database = await SeededLabelsDatabase.CopyAsync("followup");
        await using var runtime = await LabelBotRuntime.OpenAsync(new RuntimeOptions(database.Path));
        var expect = new EvaluationExpectation("answer", [Viagra], [SectionCodes.AdverseReactions]);
        EvaluationItem[] items =
        [
            new("with-context", "what about side effects?", expect, Conversation: ["What is Viagra used for?"]),
            new("without-context", "what about side effects?", expect),
        ];

        var report = await RuntimeEvaluation.RunAsync(runtime, items);

        Assert.Equal("answer", report.Outcomes[0].ActualKind);
        Assert.True(report.Outcomes[0].CitationsOnTarget > 0, "the follow-up cites Viagra's adverse reactions");
        // Same words with no earlier turn name no product: focus did not leak from the first item.
        Assert.NotEqual("answer", report.Outcomes[1].ActualKind);
    }

    [Fact]
    public async Task Professional_items_run_through_a_professional_engine_over_the_same_store()
    {
        using var database = await SeededLabelsDatabase.CopyAsync("audience");
        await using var runtime = await LabelBotRuntime.OpenAsync(new RuntimeOptions(database.Path));
        const string Question = "What is the maximum recommended dose of Viagra?";
        EvaluationItem[] items =
        [
            new("public", Question, new EvaluationExpectation("dosing_redirect")),
            new("professional", Question, new EvaluationExpectation("answer", [Viagra], [SectionCodes.DosageAndAdministration]), Audience: "professional"),
        ];

        var report = await RuntimeEvaluation.RunAsync(runtime, items);

        Assert.Equal(["dosing_redirect", "answer"], report.Outcomes.Select(o => o.ActualKind));
        Assert.Equal(0, report.ContractViolations);
    }

    private static Citation Cite(int n, Passage passage, string quote) =>
        new(n, passage.SetId, passage.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), "2020-01-01", "label",
            passage.SectionCode, passage.SectionNumber, passage.SectionTitle, passage.Id, quote, LabelNaming.DailyMedUrl(passage.SetId));
}
