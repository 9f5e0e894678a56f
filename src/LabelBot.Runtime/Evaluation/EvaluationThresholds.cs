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
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
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
        foreach (var (kind, floor) in KindRecall.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            // A kind the set no longer contains fails: the floor would otherwise guard nothing.
            var recall = report.RecallByKind.TryGetValue(kind, out var r) ? r : double.NaN;
            checks.Add(ThresholdCheck.AtLeast($"{kind} recall", recall, floor));
        }
        return checks;
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
