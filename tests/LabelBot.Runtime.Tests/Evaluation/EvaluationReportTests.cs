using LabelBot.Runtime.Evaluation;
using LabelBot.Core.Measurement;

namespace LabelBot.Runtime.Tests.Evaluation;

public sealed class EvaluationReportTests
{
    [Fact]
    public void Over_refusal_counts_answerable_items_that_got_a_refusal()
    {
        var report = EvaluationReport.From(
        [
            Outcome("a1", "answer", "answer"),
            Outcome("a2", "answer", "not_in_label"),
            Outcome("a3", "answer", "out_of_scope"),
            Outcome("a4", "answer", "clarify"),
            Outcome("r1", "dosing_redirect", "not_in_label"),
        ]);

        // Clarify is not a refusal, and a redirect item refused is a kind miss, not over-refusal.
        Assert.Equal(4, report.AnswerableItems);
        Assert.Equal(0.5, report.OverRefusalRate, 6);
    }

    [Fact]
    public void Dont_know_rate_accepts_either_refusal_kind_for_an_unanswerable_item()
    {
        var report = EvaluationReport.From(
        [
            Outcome("n1", "not_in_label", "not_in_label"),
            Outcome("n2", "not_in_label", "out_of_scope"),
            Outcome("n3", "not_in_label", "answer"),
            Outcome("o1", "out_of_scope", "out_of_scope"),
        ]);

        Assert.Equal(4, report.UnanswerableItems);
        Assert.Equal(0.75, report.DontKnowRate, 6);
        // Kind accuracy still tells the two refusals apart.
        Assert.Equal(0.5, report.KindAccuracy, 6);
    }

    [Fact]
    public void Ratios_pool_counts_over_items_and_empty_denominators_do_not_fail()
    {
        var report = EvaluationReport.From(
        [
            Outcome("a", "answer", "answer") with { Citations = 4, CitationsOnTarget = 3, QuotesChecked = 4, QuotesVerbatim = 4, MustQuoteTotal = 2, MustQuoteFound = 1 },
            Outcome("b", "answer", "answer") with { Citations = 1, CitationsOnTarget = 0, QuotesChecked = 1, QuotesVerbatim = 0, MustQuoteTotal = 1, MustQuoteFound = 1 },
        ]);

        Assert.Equal(3.0 / 5, report.CitationPrecision, 6);
        Assert.Equal(4.0 / 5, report.QuoteFidelity, 6);
        Assert.Equal(2.0 / 3, report.MustQuoteRecall, 6);
        Assert.Equal(1.0, report.DontKnowRate, 6);
    }

    [Fact]
    public void Contract_violations_count_answers_with_any_problem()
    {
        var report = EvaluationReport.From(
        [
            Outcome("a", "answer", "answer") with { ContractProblems = ["text cites [2] but there is no citation 2", "an answer must cite at least one passage"] },
            Outcome("b", "answer", "answer"),
        ]);

        Assert.Equal(1, report.ContractViolations);
    }

    [Fact]
    public void Confusion_matrix_and_recall_by_kind_follow_the_outcomes()
    {
        var report = EvaluationReport.From(
        [
            Outcome("e1", "emergency", "emergency"),
            Outcome("e2", "emergency", "adverse_event"),
            Outcome("d1", "dosing_redirect", "dosing_redirect"),
        ]);

        Assert.Equal(1, report.Confusion["emergency"]["emergency"]);
        Assert.Equal(1, report.Confusion["emergency"]["adverse_event"]);
        Assert.Equal(0.5, report.RecallByKind["emergency"], 6);
        Assert.Equal(1.0, report.RecallByKind["dosing_redirect"], 6);
    }

    [Fact]
    public void Percentiles_use_nearest_rank()
    {
        var latencies = Enumerable.Range(1, 20).Select(i => (double)i).ToList();

        Assert.Equal(10, Percentiles.NearestRank(latencies, 0.50));
        Assert.Equal(19, Percentiles.NearestRank(latencies, 0.95));
        Assert.Equal(0, Percentiles.NearestRank([], 0.95));
    }

    private static EvaluationOutcome Outcome(string id, string expected, string actual) =>
        new(id, expected, actual, 0, 0, 0, 0, 0, 0, 10);
}
