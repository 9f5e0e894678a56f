using System.Globalization;
using System.Text;
using LabelBot.Runtime.Evaluation;
using LabelBot.Testing;
using Xunit.Abstractions;

namespace LabelBot.Runtime.Tests.Evaluation;

/// <summary>
/// The quality gate of issue 9: the developer set runs through the engine the bot uses, over the labels it ships,
/// and every metric must clear Data/eval-thresholds.json. Latency is reported, never gated (benchmarks measure it).
/// </summary>
public sealed class DevelopmentSetQualityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Development_set_clears_every_committed_threshold()
    {
        var items = EvaluationSet.Load(RepositoryPaths.RuntimeTestData("eval-dev.jsonl"));
        var thresholds = EvaluationThresholds.Load(RepositoryPaths.RuntimeTestData("eval-thresholds.json"));
        using var database = await SeededLabelsDatabase.CopyAsync("eval-dev");
        EvaluationReport report;
        await using (var runtime = await LabelBotRuntime.OpenAsync(new RuntimeOptions(database.Path)))
        {
            report = await RuntimeEvaluation.RunAsync(runtime, items);
        }

        var checks = thresholds.Check(report);
        output.WriteLine(Summary(report, checks));

        var failed = checks.Where(c => !c.Passed).ToList();
        Assert.True(failed.Count == 0,
            $"quality dropped below the committed thresholds:{Environment.NewLine}{string.Join(Environment.NewLine, failed)}{Environment.NewLine}{Misses(report)}");
    }

    private static string Summary(EvaluationReport report, IReadOnlyList<ThresholdCheck> checks)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"items {report.Items}, latency p50 {report.LatencyP50Ms:0.0} ms, p95 {report.LatencyP95Ms:0.0} ms"));
        foreach (var check in checks)
        {
            text.AppendLine(check.ToString());
        }
        text.Append(Misses(report));
        return text.ToString();
    }

    private static string Misses(EvaluationReport report)
    {
        var text = new StringBuilder();
        foreach (var outcome in report.Outcomes.Where(o => !o.KindCorrect || o.ContractProblems.Count > 0))
        {
            text.AppendLine($"  {outcome.Id}: expected {outcome.ExpectedKind}, got {outcome.ActualKind} {string.Join("; ", outcome.ContractProblems)}");
        }
        return text.ToString();
    }
}
