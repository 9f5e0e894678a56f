using System.Globalization;
using System.Text;
using LabelBot.Runtime.Evaluation;
using LabelBot.Testing;
using Xunit.Abstractions;

namespace LabelBot.Runtime.Tests.Evaluation;

/// <summary>
/// The answer-quality gate of issue 14: both parts of the gold set (dev and held-out) run through the engine the bot
/// uses, over the labels it ships, and every figure must clear its part's bar in Data/gold-thresholds.json. Both parts'
/// figures are printed; misses are printed for the dev part only (the held-out part is never tuned on).
/// </summary>
public sealed class GoldSetQualityTests(ITestOutputHelper output)
{
    private const string DevPart = "gold-dev.jsonl";
    private const string HeldOutPart = "gold-heldout.jsonl";

    [Fact]
    public async Task Both_parts_of_the_gold_set_clear_their_committed_thresholds()
    {
        var thresholds = PartThresholds.Load(RepositoryPaths.RuntimeTestData("gold-thresholds.json"));
        using var database = await SeededLabelsDatabase.CopyAsync("gold");
        var reports = new Dictionary<string, EvaluationReport>(StringComparer.Ordinal);
        await using (var runtime = await LabelBotRuntime.OpenAsync(new RuntimeOptions(database.Path)))
        {
            foreach (var part in new[] { DevPart, HeldOutPart })
            {
                reports[part] = await RuntimeEvaluation.RunAsync(runtime, EvaluationSet.Load(RepositoryPaths.RuntimeTestData(part)));
            }
        }

        var failed = new List<ThresholdCheck>();
        foreach (var (part, report) in reports)
        {
            Assert.True(thresholds.TryGetValue(part, out var bar), $"gold-thresholds.json has no entry for {part}");
            var checks = bar!.Check(report);
            output.WriteLine(Summary(part, report, checks));
            failed.AddRange(checks.Where(c => !c.Passed).Select(c => c with { Metric = $"{part}: {c.Metric}" }));
        }
        output.WriteLine(QualityTable.ToMarkdown(reports.Select(r => new QualityTablePart(r.Key, r.Value, thresholds[r.Key])).ToList()));
        output.WriteLine(DevMisses(reports[DevPart]));

        Assert.True(failed.Count == 0, $"answer quality dropped below the committed thresholds:{Environment.NewLine}{string.Join(Environment.NewLine, failed)}");
    }

    private static string Summary(string part, EvaluationReport report, IReadOnlyList<ThresholdCheck> checks)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{part}: items {report.Items}, key-fact recall {report.KeyFactRecall:0.000}, false not-in-label {report.FalseNotInLabelRate:0.000}, section fit {report.SectionFit:0.000}, product fit {report.ProductFit:0.000}, median words {report.MedianAnswerWords:0}, junk {report.AnswersWithJunk}, kind accuracy {report.KindAccuracy:0.000}, quote fidelity {report.QuoteFidelity:0.000}"));
        foreach (var check in checks)
        {
            text.AppendLine("  " + check);
        }
        return text.ToString();
    }

    /// <summary>What a developer reads first, dev part only: wrong kinds, facts not shown, junk.</summary>
    private static string DevMisses(EvaluationReport report)
    {
        var text = new StringBuilder($"{DevPart} misses:{Environment.NewLine}");
        foreach (var outcome in report.Outcomes)
        {
            if (!outcome.KindCorrect)
            {
                text.AppendLine($"  kind {outcome.Id}: expected {outcome.ExpectedKind}, got {outcome.ActualKind}");
            }
            if (outcome.MissingKeyFacts.Count > 0 && outcome.KindCorrect)
            {
                text.AppendLine($"  facts {outcome.Id}: not shown \"{string.Join("\", \"", outcome.MissingKeyFacts)}\"");
            }
            foreach (var junk in outcome.Junk)
            {
                text.AppendLine($"  junk {outcome.Id}: {junk.Kind} \"{junk.Evidence}\"");
            }
        }
        return text.ToString();
    }
}
