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

    /// <summary>
    /// The answer-quality table of a set kept in parts (the gold set's dev and held-out parts) side by side: per part its
    /// value and, when thresholds are given for that part, its bar.
    /// </summary>
    public static string ToMarkdown(IReadOnlyList<QualityTablePart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("A table needs at least one part.", nameof(parts));
        }
        var bars = parts.Select(p => p.Thresholds?.Check(p.Report).ToDictionary(c => c.Metric, StringComparer.Ordinal) ?? []).ToList();
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Measured on {string.Join(" and ", parts.Select(p => Invariant($"`{p.Name}` ({p.Report.Items} items, {p.Report.AnswerableItems} answerable, {p.Report.Outcomes.Sum(o => o.KeyFactsTotal)} key facts)")))}, offline extractive engine."));
        text.AppendLine();
        text.AppendLine("| metric | " + string.Join(" | ", parts.Select(p => $"{p.Name} | threshold")) + " |");
        text.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|---|", parts.Count)));
        void Line(string label, string metric, Func<EvaluationReport, string> value, bool integer = false) =>
            text.AppendLine($"| {label} | " + string.Join(" | ", parts.Select((p, i) => $"{value(p.Report)} | {Threshold(bars[i], metric, integer)}")) + " |");
        string Fraction(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        Line("key-fact recall (facts shown / facts listed, answerable items)", "key-fact recall", r => Fraction(r.KeyFactRecall));
        Line("false \"not in label\" (answerable items answered not_in_label)", "false not-in-label rate", r => Fraction(r.FalseNotInLabelRate));
        Line("section fit (citation [1] in an expected section)", "section fit", r => Fraction(r.SectionFit));
        Line("product fit (answers citing only the expected label)", "product fit", r => Fraction(r.ProductFit));
        Line("median answer length (words shown, without Sources and disclaimer)", "median answer words", r => r.MedianAnswerWords.ToString("0", CultureInfo.InvariantCulture), integer: true);
        Line("answers with junk (cross-references, pipes, cut-off lead-ins, captions)", "answers with junk", r => r.AnswersWithJunk.ToString(CultureInfo.InvariantCulture), integer: true);
        Line("kind accuracy", "kind accuracy", r => Fraction(r.KindAccuracy));
        Line("citation precision", "citation precision", r => Fraction(r.CitationPrecision));
        Line("quote fidelity", "quote fidelity", r => Fraction(r.QuoteFidelity));
        Line("over-refusal (answerable items refused)", "over-refusal rate", r => Fraction(r.OverRefusalRate));
        Line("don't-know rate (not-in-label items refused)", "don't-know rate", r => Fraction(r.DontKnowRate));
        Line("contract violations", "contract violations", r => r.ContractViolations.ToString(CultureInfo.InvariantCulture), integer: true);
        text.AppendLine("| latency p50 / p95 | " + string.Join(" | ", parts.Select(p => Invariant($"{p.Report.LatencyP50Ms:0} ms / {p.Report.LatencyP95Ms:0} ms | not gated"))) + " |");
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

/// <summary>One part of a set for the side-by-side table: its name (file name), report and optional thresholds.</summary>
public sealed record QualityTablePart(string Name, EvaluationReport Report, EvaluationThresholds? Thresholds = null);
