using LabelBot.Core.Measurement;

namespace LabelBot.Runtime.Evaluation;

/// <summary>
/// The metrics of ../shared/CONTRACT.md plus the per-kind confusion matrix and two refusal measures:
/// <see cref="OverRefusalRate"/> (answerable items refused, lower is better) and <see cref="DontKnowRate"/>
/// (unanswerable items correctly refused, higher is better), and the count of answers breaking the answer contract.
/// </summary>
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
    /// <summary>Items expecting a label answer.</summary>
    public int AnswerableItems => Outcomes.Count(o => o.Answerable);

    /// <summary>Items the label cannot answer (expected not_in_label or out_of_scope).</summary>
    public int UnanswerableItems => Outcomes.Count(o => o.Unanswerable);

    /// <summary>Share of answerable items that got not_in_label or out_of_scope.</summary>
    public double OverRefusalRate => Ratio(Outcomes.Count(o => o.Answerable && o.Refused), AnswerableItems, whenEmpty: 0.0);

    /// <summary>Share of unanswerable items that got not_in_label or out_of_scope (either counts as "I don't know").</summary>
    public double DontKnowRate => Ratio(Outcomes.Count(o => o.Unanswerable && o.Refused), UnanswerableItems);

    /// <summary>Key facts shown / key facts listed, over answerable items (a refused item shows none of its facts).</summary>
    public double KeyFactRecall => Ratio(Outcomes.Where(o => o.Answerable).Sum(o => o.KeyFactsFound), Outcomes.Where(o => o.Answerable).Sum(o => o.KeyFactsTotal));

    /// <summary>Answerable items answered "not in label" / answerable items.</summary>
    public double FalseNotInLabelRate => Ratio(Outcomes.Count(o => o.FalseNotInLabel), AnswerableItems, whenEmpty: 0.0);

    /// <summary>
    /// Of the answerable items that got a cited answer and name expected sections: the share whose citation [1] is in one
    /// of those sections (own, passage or top-level section code, as citation precision counts it).
    /// </summary>
    public double SectionFit => Ratio(Outcomes.Count(o => o.Answerable && o.SectionFit == true), Outcomes.Count(o => o.Answerable && o.SectionFit is not null));

    /// <summary>Of the items that got a cited answer and name expected labels: the share citing only those labels.</summary>
    public double ProductFit => Ratio(Outcomes.Count(o => o.ProductFit == true), Outcomes.Count(o => o.ProductFit is not null));

    /// <summary>Median words of the displayed text of cited answers (Sources block and disclaimer excluded); 0 when none.</summary>
    public double MedianAnswerWords => Outcomes.Where(o => o.AnswerWords is not null).Select(o => (double)o.AnswerWords!.Value).Order().ToArray() is { Length: > 0 } words
        ? (words.Length % 2 == 1 ? words[words.Length / 2] : (words[(words.Length / 2) - 1] + words[words.Length / 2]) / 2)
        : 0.0;

    /// <summary>Replies (any kind) whose displayed text shows a cross-reference, table pipe, cut-off lead-in or caption.</summary>
    public int AnswersWithJunk => Outcomes.Count(o => o.Junk.Count > 0);

    /// <summary>Answers whose invariants (every [n] cited, quotes verbatim, answers cite, redirects state no dose) failed.</summary>
    public int ContractViolations => Outcomes.Count(o => o.ContractProblems.Count > 0);

    public static EvaluationReport From(IReadOnlyList<EvaluationOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
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
            Ratio(outcomes.Sum(o => o.CitationsOnTarget), outcomes.Sum(o => o.Citations)),
            Ratio(outcomes.Sum(o => o.MustQuoteFound), outcomes.Sum(o => o.MustQuoteTotal)),
            Ratio(outcomes.Sum(o => o.QuotesVerbatim), outcomes.Sum(o => o.QuotesChecked)),
            Percentiles.NearestRank(latencies, 0.50),
            Percentiles.NearestRank(latencies, 0.95),
            confusion,
            recallByKind,
            outcomes);
    }

    /// <summary>An empty denominator scores <paramref name="whenEmpty"/>: nothing was asked of that metric, so nothing failed.</summary>
    private static double Ratio(int numerator, int denominator, double whenEmpty = 1.0) => denominator == 0 ? whenEmpty : (double)numerator / denominator;
}
