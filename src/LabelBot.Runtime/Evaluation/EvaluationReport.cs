namespace LabelBot.Runtime.Evaluation;

/// <summary>The metrics of ../shared/CONTRACT.md plus the per-kind confusion matrix.</summary>
public sealed record EvaluationReport(
    int Items,
    double KindAccuracy,
    double CitationPrecision,
    double MustQuoteRecall,
    double QuoteFidelity,
    double LatencyP50Ms,
    double LatencyP95Ms,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Confusion,
    IReadOnlyDictionary<string, double> RecallByKind,
    IReadOnlyList<EvaluationOutcome> Outcomes)
{
    public static EvaluationReport From(IReadOnlyList<EvaluationOutcome> outcomes)
    {
        var confusion = outcomes
            .GroupBy(o => o.ExpectedKind)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyDictionary<string, int>)g.GroupBy(o => o.ActualKind).OrderBy(a => a.Key, StringComparer.Ordinal).ToDictionary(a => a.Key, a => a.Count()));
        var recallByKind = outcomes
            .GroupBy(o => o.ExpectedKind)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Ratio(g.Count(o => o.KindCorrect), g.Count()));
        var latencies = outcomes.Select(o => o.LatencyMs).Order().ToArray();
        return new EvaluationReport(
            outcomes.Count,
            Ratio(outcomes.Count(o => o.KindCorrect), outcomes.Count),
            Ratio(outcomes.Sum(o => o.CitationsInExpectedSection), outcomes.Sum(o => o.Citations)),
            Ratio(outcomes.Sum(o => o.MustQuoteFound), outcomes.Sum(o => o.MustQuoteTotal)),
            Ratio(outcomes.Sum(o => o.QuotesVerbatim), outcomes.Sum(o => o.QuotesChecked)),
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.95),
            confusion,
            recallByKind,
            outcomes);
    }

    /// <summary>An empty denominator scores 1: nothing was asked of that metric, so nothing failed.</summary>
    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 1.0 : (double)numerator / denominator;

    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return 0;
        }
        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
