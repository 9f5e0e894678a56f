using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LabelBot.Runtime.Evaluation;

/// <summary>
/// The quality bar an evaluation run must clear, kept in one committed file. Floors (the plain names) only go up and
/// ceilings (the Max… names) only go down: a change that lowers quality fails the test instead of moving the bar.
/// </summary>
public sealed record EvaluationThresholds
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public double KindAccuracy { get; init; }
    public double CitationPrecision { get; init; }
    public double MustQuoteRecall { get; init; }
    public double QuoteFidelity { get; init; }

    /// <summary>Floor on the share of unanswerable items refused.</summary>
    public double DontKnowRate { get; init; }

    /// <summary>Ceiling on the share of answerable items refused.</summary>
    public double MaxOverRefusalRate { get; init; } = 1.0;

    /// <summary>Ceiling on answers breaking the answer contract (the committed value is 0).</summary>
    public int MaxContractViolations { get; init; }

    /// <summary>Floor on key-fact recall (gold set); unset means not gated.</summary>
    public double? KeyFactRecall { get; init; }

    /// <summary>Ceiling on the share of answerable items answered "not in label"; unset means not gated.</summary>
    public double? MaxFalseNotInLabelRate { get; init; }

    /// <summary>Floor on the share of answers whose first citation is in an expected section; unset means not gated.</summary>
    public double? SectionFit { get; init; }

    /// <summary>Floor on the share of answers citing only the expected labels; unset means not gated.</summary>
    public double? ProductFit { get; init; }

    /// <summary>Ceiling on the median words of a displayed answer; unset means not gated.</summary>
    public double? MaxMedianAnswerWords { get; init; }

    /// <summary>Ceiling on replies showing junk (AnswerJunk); unset means not gated.</summary>
    public int? MaxAnswersWithJunk { get; init; }

    /// <summary>Floors on the recall of single kinds (e.g. emergency must stay at 1).</summary>
    public IReadOnlyDictionary<string, double> KindRecall { get; init; } = new Dictionary<string, double>();

    /// <summary>Reads the thresholds file; an unknown key is an error so a typo cannot switch a check off.</summary>
    public static EvaluationThresholds Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<EvaluationThresholds>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path}: empty thresholds file");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid thresholds file ({e.Message})", e);
        }
    }

    /// <summary>Every metric of <paramref name="report"/> compared with its threshold; <see cref="ThresholdCheck.Passed"/> false marks a regression.</summary>
    public IReadOnlyList<ThresholdCheck> Check(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var checks = new List<ThresholdCheck>
        {
            ThresholdCheck.AtLeast("kind accuracy", report.KindAccuracy, KindAccuracy),
            ThresholdCheck.AtLeast("citation precision", report.CitationPrecision, CitationPrecision),
            ThresholdCheck.AtLeast("mustQuote recall", report.MustQuoteRecall, MustQuoteRecall),
            ThresholdCheck.AtLeast("quote fidelity", report.QuoteFidelity, QuoteFidelity),
            ThresholdCheck.AtLeast("don't-know rate", report.DontKnowRate, DontKnowRate),
            ThresholdCheck.AtMost("over-refusal rate", report.OverRefusalRate, MaxOverRefusalRate),
            ThresholdCheck.AtMost("contract violations", report.ContractViolations, MaxContractViolations),
        };
        // The answer-quality figures of issue 14 are gated only where a file sets them (the gold set's thresholds).
        if (KeyFactRecall is { } keyFacts)
        {
            checks.Add(ThresholdCheck.AtLeast("key-fact recall", report.KeyFactRecall, keyFacts));
        }
        if (MaxFalseNotInLabelRate is { } falseNotInLabel)
        {
            checks.Add(ThresholdCheck.AtMost("false not-in-label rate", report.FalseNotInLabelRate, falseNotInLabel));
        }
        if (SectionFit is { } sectionFit)
        {
            checks.Add(ThresholdCheck.AtLeast("section fit", report.SectionFit, sectionFit));
        }
        if (ProductFit is { } productFit)
        {
            checks.Add(ThresholdCheck.AtLeast("product fit", report.ProductFit, productFit));
        }
        if (MaxMedianAnswerWords is { } words)
        {
            checks.Add(ThresholdCheck.AtMost("median answer words", report.MedianAnswerWords, words));
        }
        if (MaxAnswersWithJunk is { } junk)
        {
            checks.Add(ThresholdCheck.AtMost("answers with junk", report.AnswersWithJunk, junk));
        }
        foreach (var (kind, floor) in KindRecall.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            // A kind the set no longer contains fails: the floor would otherwise guard nothing.
            var recall = report.RecallByKind.TryGetValue(kind, out var r) ? r : double.NaN;
            checks.Add(ThresholdCheck.AtLeast($"{kind} recall", recall, floor));
        }
        return checks;
    }
}

/// <summary>
/// Thresholds for a set kept in several parts (the gold set: dev and held-out), one entry per part file name, e.g.
/// { "gold-dev.jsonl": { … }, "gold-heldout.jsonl": { … } }. Comment lines are allowed; unknown keys inside a part are errors.
/// </summary>
public static class PartThresholds
{
    public static IReadOnlyDictionary<string, EvaluationThresholds> Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, EvaluationThresholds>>(File.ReadAllText(path), EvaluationThresholds.Json)
                ?? throw new InvalidDataException($"{path}: empty thresholds file");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid thresholds file ({e.Message})", e);
        }
    }
}

/// <summary>One metric against its threshold.</summary>
public sealed record ThresholdCheck(string Metric, double Value, double Threshold, bool HigherIsBetter)
{
    public bool Passed => !double.IsNaN(Value) && (HigherIsBetter ? Value >= Threshold - 1e-9 : Value <= Threshold + 1e-9);

    public static ThresholdCheck AtLeast(string metric, double value, double floor) => new(metric, value, floor, HigherIsBetter: true);

    public static ThresholdCheck AtMost(string metric, double value, double ceiling) => new(metric, value, ceiling, HigherIsBetter: false);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Metric} {Value:0.000} {(Passed ? "meets" : "misses")} {(HigherIsBetter ? "≥" : "≤")} {Threshold:0.000}");
}
