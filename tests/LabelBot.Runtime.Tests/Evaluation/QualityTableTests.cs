using LabelBot.Runtime.Evaluation;

namespace LabelBot.Runtime.Tests.Evaluation;

public sealed class QualityTableTests
{
    [Fact]
    public void Table_shows_each_metric_with_its_threshold_and_marks_a_miss()
    {
        var report = EvaluationReport.From(
        [
            new EvaluationOutcome("a", "answer", "answer", 2, 1, 2, 2, 1, 1, 12),
            new EvaluationOutcome("n", "not_in_label", "answer", 0, 0, 0, 0, 0, 0, 30),
        ]);
        var thresholds = new EvaluationThresholds { KindAccuracy = 0.9, CitationPrecision = 0.4, DontKnowRate = 0.8, MaxOverRefusalRate = 0.1 };

        var markdown = QualityTable.ToMarkdown(report, thresholds, "eval-dev.jsonl");

        Assert.Contains("`eval-dev.jsonl`: 2 items (1 answerable, 1 the label cannot answer)", markdown, StringComparison.Ordinal);
        Assert.Contains("| kind accuracy | 0.500 | ≥ 0.900 **missed** |", markdown, StringComparison.Ordinal);
        Assert.Contains("| citation precision (cited passages in an expected section and label) | 0.500 | ≥ 0.400 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| over-refusal (answerable items refused) | 0.000 | ≤ 0.100 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| don't-know rate (unanswerable items refused) | 0.000 | ≥ 0.800 **missed** |", markdown, StringComparison.Ordinal);
        Assert.Contains("| latency p50 / p95 | 12 ms / 30 ms | not gated |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_thresholds_every_bar_is_a_dash()
    {
        var report = EvaluationReport.From([new EvaluationOutcome("a", "answer", "answer", 0, 0, 0, 0, 0, 0, 1)]);

        var markdown = QualityTable.ToMarkdown(report);

        Assert.Contains("| kind accuracy | 1.000 | – |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("≥", markdown, StringComparison.Ordinal);
    }
}
