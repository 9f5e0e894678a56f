using LabelBot.Runtime.Evaluation;
using LabelBot.Testing;

namespace LabelBot.Runtime.Tests.Evaluation;

public sealed class EvaluationThresholdsTests : IDisposable
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("thresholds");

    [Fact]
    public void Committed_thresholds_file_loads_and_guards_every_metric()
    {
        var thresholds = EvaluationThresholds.Load(RepositoryPaths.RuntimeTestData("eval-thresholds.json"));

        Assert.True(thresholds.KindAccuracy > 0, "kind accuracy floor set");
        Assert.True(thresholds.CitationPrecision > 0, "citation precision floor set");
        Assert.True(thresholds.MustQuoteRecall > 0, "mustQuote recall floor set");
        Assert.True(thresholds.QuoteFidelity > 0, "quote fidelity floor set");
        Assert.True(thresholds.DontKnowRate > 0, "don't-know floor set");
        Assert.True(thresholds.MaxOverRefusalRate < 1, "over-refusal ceiling set");
        Assert.Equal(0, thresholds.MaxContractViolations);
        // SAFETY: an emergency the bot misses is the worst failure; its recall floor is 1 and must stay so.
        Assert.Equal(1.0, thresholds.KindRecall["emergency"]);
    }

    [Fact]
    public void Unknown_key_is_rejected_so_a_typo_cannot_switch_a_check_off()
    {
        var path = Path.Combine(_folder, "t.json");
        File.WriteAllText(path, """{ "kindAccuracy": 0.9, "citationPrecisoin": 0.8 }""");

        var error = Assert.Throws<InvalidDataException>(() => EvaluationThresholds.Load(path));

        Assert.Contains("citationPrecisoin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_flags_each_metric_on_the_wrong_side_of_its_bar()
    {
        var thresholds = new EvaluationThresholds
        {
            KindAccuracy = 0.9,
            DontKnowRate = 0.5,
            MaxOverRefusalRate = 0.2,
            KindRecall = new Dictionary<string, double> { ["emergency"] = 1.0, ["escalation"] = 0.5 },
        };
        var report = EvaluationReport.From(
        [
            Outcome("a1", "answer", "answer"),
            Outcome("a2", "answer", "not_in_label"),
            Outcome("n1", "not_in_label", "not_in_label"),
            Outcome("e1", "emergency", "emergency"),
        ]);

        var failed = thresholds.Check(report).Where(c => !c.Passed).Select(c => c.Metric).ToList();

        // kind accuracy 0.75 < 0.9; over-refusal 0.5 > 0.2; escalation is absent from the set, so its floor fails too.
        Assert.Equal(["kind accuracy", "over-refusal rate", "escalation recall"], failed);
    }

    [Fact]
    public void Contract_violations_above_zero_fail()
    {
        var report = EvaluationReport.From([Outcome("a", "answer", "answer") with { ContractProblems = ["quote is not verbatim"] }]);

        var check = new EvaluationThresholds().Check(report).Single(c => c.Metric == "contract violations");

        Assert.False(check.Passed);
        Assert.Contains("misses", check.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static EvaluationOutcome Outcome(string id, string expected, string actual) =>
        new(id, expected, actual, 0, 0, 0, 0, 0, 0, 10);
}
