using LabelBot.ClaimCheck.Text;
using LabelBot.Core.Labels;

namespace LabelBot.ClaimCheck.Evidence;

/// <summary>Why a verdict was reached; kept for rationales and for measuring the rules.</summary>
internal enum VerdictBasis { NoLabel, Price, Support, Route, Population, Restriction, Number, Role, Negation, Superlative, Form, Survey, Study, Silent }

/// <summary>A verdict with the evidence units it cites (none for "not in label") and a one-line rationale.</summary>
internal sealed record Decision(ClaimVerdict Verdict, VerdictBasis Basis, IReadOnlyList<EvidenceUnit> Evidence, string Rationale)
{
    public static Decision Supported(EvidenceUnit unit) =>
        new(ClaimVerdict.Supported, VerdictBasis.Support, [unit], $"The label says this ({unit.SectionLabel}).");

    public static Decision Contradicted(VerdictBasis basis, EvidenceUnit unit, string rationale) =>
        new(ClaimVerdict.Contradicted, basis, [unit], rationale);

    public static Decision NotInLabel(VerdictBasis basis, string rationale) =>
        new(ClaimVerdict.NotInLabel, basis, [], rationale);
}

/// <summary>What the product data of the claim's label(s) says, independent of passages.</summary>
internal sealed record LabelFacts(bool HasLabel, IReadOnlyCollection<string> Routes, IReadOnlyCollection<string> Forms, string RouteNames)
{
    public static LabelFacts None { get; } = new(false, [], [], string.Empty);

    public static LabelFacts Of(IEnumerable<LabelVersionInfo> labels)
    {
        var products = labels.SelectMany(l => l.Products).ToList();
        var splRoutes = products.SelectMany(p => p.Routes).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var routes = splRoutes.Select(ClaimSignals.CanonicalLabelRoute).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var forms = products.Select(p => ClaimSignals.CanonicalLabelForm(p.DosageForm)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return new LabelFacts(true, routes, forms, string.Join(", ", splRoutes.Select(r => r.ToLowerInvariant())));
    }
}
