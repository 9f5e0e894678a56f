using System.Globalization;
using System.Text;

namespace LabelBot.Runtime.Evaluation;

/// <summary>The README's quality table (Markdown), written from a report and, when given, the committed thresholds.</summary>
public static class QualityTable
{
    public static string ToMarkdown(EvaluationReport report, EvaluationThresholds? thresholds = null, string? setName = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var bar = thresholds?.Check(report).ToDictionary(c => c.Metric, StringComparer.Ordinal) ?? [];
        var text = new StringBuilder();
        var source = setName is null ? "the evaluation set" : $"`{setName}`";
        text.AppendLine(Invariant($"Measured on {source}: {report.Items} items ({report.AnswerableItems} answerable, {report.UnanswerableItems} the label cannot answer), offline extractive engine."));
        text.AppendLine();
        text.AppendLine("| metric | value | threshold |");
        text.AppendLine("|---|---|---|");
        Row(text, "kind accuracy", report.KindAccuracy, bar);
        Row(text, "citation precision (cited passages in an expected section and label)", report.CitationPrecision, bar, "citation precision");
        Row(text, "mustQuote recall", report.MustQuoteRecall, bar);
        Row(text, "quote fidelity (quotes verbatim in the cited passage)", report.QuoteFidelity, bar, "quote fidelity");
        Row(text, "over-refusal (answerable items refused)", report.OverRefusalRate, bar, "over-refusal rate");
        Row(text, "don't-know rate (unanswerable items refused)", report.DontKnowRate, bar, "don't-know rate");
        text.AppendLine(Invariant($"| contract violations (answer invariants) | {report.ContractViolations} | {Threshold(bar, "contract violations", integer: true)} |"));
        foreach (var (kind, recall) in report.RecallByKind)
        {
            Row(text, $"recall of `{kind}`", recall, bar, $"{kind} recall");
        }
        text.AppendLine(Invariant($"| latency p50 / p95 | {report.LatencyP50Ms:0} ms / {report.LatencyP95Ms:0} ms | not gated |"));
        return text.ToString();
    }

    private static void Row(StringBuilder text, string label, double value, IReadOnlyDictionary<string, ThresholdCheck> bar, string? metric = null) =>
        text.AppendLine(Invariant($"| {label} | {value:0.000} | {Threshold(bar, metric ?? label, integer: false)} |"));

    private static string Threshold(IReadOnlyDictionary<string, ThresholdCheck> bar, string metric, bool integer)
    {
        if (!bar.TryGetValue(metric, out var check))
        {
            return "–";
        }
        var value = integer ? check.Threshold.ToString("0", CultureInfo.InvariantCulture) : check.Threshold.ToString("0.000", CultureInfo.InvariantCulture);
        return $"{(check.HigherIsBetter ? "≥" : "≤")} {value}{(check.Passed ? string.Empty : " **missed**")}";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
