using LabelBot.ClaimCheck.Text;
using LabelBot.Core.Text;

namespace LabelBot.ClaimCheck.Evidence;

/// <summary>
/// The extractive verdict rules, in order: a price is never in a label; a wrong route is contradicted on the product
/// data; an opposite clause rules out support; strong support wins; a restricted population or use beats loose support;
/// then support, a contradicting number, the opposite clause, a wrong dosage form; anything else is "not in label".
/// </summary>
internal sealed class VerdictRules(ClaimCheckOptions options)
{
    private readonly SupportFinder _support = new(options);
    private readonly ContradictionFinder _contradictions = new(options);

    /// <param name="similarity">Optional embedding similarity of the claim with candidate quotes: it only chooses
    /// among units that already support the claim, it never makes a unit support it.</param>
    public Decision Decide(
        ClaimFeatures claim,
        IReadOnlyList<EvidenceUnit> units,
        LabelFacts facts,
        Func<string, IReadOnlyList<string>, IReadOnlyList<double>>? similarity = null)
    {
        if (!facts.HasLabel)
        {
            return Decision.NotInLabel(VerdictBasis.NoLabel, "No ingested label matches the product this claim is about.");
        }
        if (claim.MentionsPrice)
        {
            return Decision.NotInLabel(VerdictBasis.Price, "FDA labels do not state prices or costs.");
        }
        if (ContradictionFinder.Route(claim, units, facts) is { } wrongRoute)
        {
            return wrongRoute;
        }
        if (_contradictions.Superlative(claim, units) is { } reversed)
        {
            return reversed;
        }
        // SAFETY: a label sentence saying the opposite of the claim (the closest match anywhere) rules out support.
        var rarity = OppositeClauses.Rarity(units);
        var opposite = OppositeClauses.Find(claim, units, options.NegationOverlap, rarity);
        var support = claim.MentionsSurvey || opposite is not null ? null : _support.Find(claim, units, rarity, similarity);
        if (support is { Overlap: var strength } && strength >= options.StrongSupportOverlap)
        {
            return Decision.Supported(support.Unit);
        }
        // A restriction outweighs loose support: "safe during pregnancy" against a contraindication in pregnancy.
        var restricted = ContradictionFinder.Population(claim, units) ?? _contradictions.Restriction(claim, units);
        if (restricted is not null)
        {
            return restricted;
        }
        if (support is not null)
        {
            return Decision.Supported(support.Unit);
        }
        var contradiction = _contradictions.Number(claim, units)
            ?? (opposite is null ? null : Decision.Contradicted(VerdictBasis.Negation, opposite, $"The label says the opposite ({opposite.SectionLabel})."))
            ?? ContradictionFinder.Form(claim, units, facts);
        if (contradiction is not null)
        {
            return contradiction;
        }
        if (claim.MentionsSurvey)
        {
            return Decision.NotInLabel(VerdictBasis.Survey, "Survey, rating and preference figures are not part of the label.");
        }
        if (claim.MentionsStudy && claim.Quantities.Count > 0)
        {
            return Decision.NotInLabel(VerdictBasis.Study, $"The label reports no study result with {Describe(claim.Quantities)}.");
        }
        var closest = units.MaxBy(u => claim.OverlapWith(u.Stems));
        var where = closest is null ? string.Empty : $"; the closest label text ({closest.SectionLabel}) does not state it";
        return Decision.NotInLabel(VerdictBasis.Silent, $"The label does not say this{where}.");
    }

    private static string Describe(IReadOnlyList<Quantity> quantities) =>
        string.Join(", ", quantities.Take(3).Select(q => q.ToString()));
}
