using System.Globalization;
using System.Text;
using LabelBot.ClaimCheck;

namespace LabelBot.ClaimCheck.Tests;

/// <summary>One claim of a data set as expected and as checked.</summary>
public sealed record ClaimOutcome(ExpectedClaim Expected, CheckedClaim Actual)
{
    public bool VerdictCorrect => Expected.ExpectedVerdict == Actual.Verdict;

    public bool DosingAdviceCorrect => Expected.DosingAdvice == Actual.IsDosingAdvice;
}

/// <summary>Precision and recall of one verdict over a data set.</summary>
public sealed record VerdictScore(ClaimVerdict Verdict, int TruePositives, int Predicted, int Actual)
{
    public double Precision => Predicted == 0 ? 1 : (double)TruePositives / Predicted;

    public double Recall => Actual == 0 ? 1 : (double)TruePositives / Actual;
}

/// <summary>Per-verdict precision and recall, dosing-advice accuracy and a printable summary.</summary>
public sealed class ClaimCheckMetrics(IReadOnlyList<ClaimOutcome> outcomes, long totalLatencyMs)
{
    public IReadOnlyList<ClaimOutcome> Outcomes { get; } = outcomes;

    public VerdictScore Score(ClaimVerdict verdict) => new(
        verdict,
        Outcomes.Count(o => o.Actual.Verdict == verdict && o.Expected.ExpectedVerdict == verdict),
        Outcomes.Count(o => o.Actual.Verdict == verdict),
        Outcomes.Count(o => o.Expected.ExpectedVerdict == verdict));

    public double Accuracy => Outcomes.Count == 0 ? 0 : (double)Outcomes.Count(o => o.VerdictCorrect) / Outcomes.Count;

    public double DosingAdviceAccuracy => Outcomes.Count == 0 ? 0 : (double)Outcomes.Count(o => o.DosingAdviceCorrect) / Outcomes.Count;

    public string Describe(string name)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"{name}: {Outcomes.Count} claims, accuracy {Accuracy:0.00}, dosing-advice flag accuracy {DosingAdviceAccuracy:0.00}, mean {(Outcomes.Count == 0 ? 0 : totalLatencyMs / Outcomes.Count)} ms/claim");
        foreach (var verdict in Enum.GetValues<ClaimVerdict>())
        {
            var s = Score(verdict);
            text.AppendLine(inv, $"  {verdict.ToWire(),-13} precision {s.Precision:0.00} ({s.TruePositives}/{s.Predicted})  recall {s.Recall:0.00} ({s.TruePositives}/{s.Actual})");
        }
        foreach (var miss in Outcomes.Where(o => !o.VerdictCorrect || !o.DosingAdviceCorrect))
        {
            text.AppendLine(inv, $"  miss: expected {miss.Expected.Verdict}{(miss.Expected.DosingAdvice ? " +dosing" : string.Empty)}, got {miss.Actual.Verdict.ToWire()}{(miss.Actual.IsDosingAdvice ? " +dosing" : string.Empty)}: {miss.Expected.Claim}");
        }
        return text.ToString();
    }
}
