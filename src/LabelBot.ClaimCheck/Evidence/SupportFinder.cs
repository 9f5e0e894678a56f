using LabelBot.ClaimCheck.Text;
using LabelBot.Core.Text;

namespace LabelBot.ClaimCheck.Evidence;

/// <summary>A unit that supports a claim and the share of the claim's words it holds.</summary>
internal sealed record SupportCandidate(EvidenceUnit Unit, double Overlap);

/// <summary>
/// Finds the label text that says what a claim says: enough of its words, close together, every one of its numbers
/// (in the same role) and no clause saying the opposite.
/// </summary>
internal sealed class SupportFinder(ClaimCheckOptions options)
{

    /// <summary>
    /// The best unit that says what the claim says: enough shared words close together, every number (with the same
    /// role for a starting dose) and no opposite negation.
    /// </summary>
    public SupportCandidate? Find(
        ClaimFeatures claim,
        IReadOnlyList<EvidenceUnit> units,
        IReadOnlyDictionary<string, double> rarity,
        Func<string, IReadOnlyList<string>, IReadOnlyList<double>>? similarity)
    {
        if (Overlap.Weight(claim.Stems) < 1 && claim.Quantities.Count == 0)
        {
            return null; // nothing checkable
        }
        var candidates = new List<(SupportCandidate Candidate, double Score)>();
        foreach (var unit in units)
        {
            if (!CanSupport(claim, unit))
            {
                continue;
            }
            var overlap = claim.OverlapWith(unit.Stems);
            if (!SaysEnough(claim, unit, overlap)
                || !WordsTogether(claim, unit)
                || !claim.Quantities.All(q => IsCoveredInRole(q, unit.Quantities))
                || claim.Quantities.Any(q => Quantities.HasRoleConflict(q, unit.Quantities))
                || OppositeClauses.Find(claim, [unit], options.SupportNegationOverlap, rarity) is not null)
            {
                continue;
            }
            candidates.Add((new SupportCandidate(unit, overlap), overlap - ShapePenalty(unit) - (0.01 * unit.PassageRank)));
        }
        if (candidates.Count == 0)
        {
            return null;
        }
        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        if (similarity is not null && candidates.Count > 1)
        {
            // Among supporting units, the one closest in meaning makes the best quote.
            var top = candidates.Take(options.UnitsEmbeddedPerClaim).ToList();
            var similarities = similarity(claim.Text, top.Select(c => c.Candidate.Unit.Quote).ToList());
            return top.Select((c, i) => (c.Candidate, Score: c.Score + (options.SimilarityWeight * similarities[i])))
                .MaxBy(c => c.Score).Candidate;
        }
        return candidates[0].Candidate;
    }

    /// <summary>
    /// A whole passage may support a claim without numbers (a lead-in and its bullets), never one with numbers: the rows
    /// of a table are separate statements, and "14 days" in the plague row says nothing about typhoid fever.
    /// </summary>
    public static bool CanSupport(ClaimFeatures claim, EvidenceUnit unit) =>
        unit.Shape != UnitShape.WholePassage
        || (claim.Quantities.Count == 0 && !unit.Source.Passage.Text.Contains(" | ", StringComparison.Ordinal));

    // "Starting dose 12.5 mg" is not supported by "… then increased to 12.5 mg": a start must be stated as a start.
    // "More than once a day" is not supported by "once per day" either: a bound must be stated as the same bound.
    private static bool IsCoveredInRole(Quantity claimed, IReadOnlyList<Quantity> evidence) =>
        claimed.Role is QuantityRole.Start or QuantityRole.Above
            ? Quantities.IsCovered(claimed, evidence.Where(e => e.Role == claimed.Role).ToList())
            : Quantities.IsCovered(claimed, evidence);

    /// <summary>
    /// Enough of the claim's words are in the unit: most of them; for a short claim every word but weak ones; for a
    /// claim that is mostly numbers (a dosing row), the numbers themselves carry it.
    /// </summary>
    private bool SaysEnough(ClaimFeatures claim, EvidenceUnit unit, double overlap)
    {
        var covered = claim.UnitQuantities.Count(q => Quantities.IsCovered(q, unit.Quantities));
        var missing = claim.Stems.Where(s => !unit.Stems.Contains(s.Key)).Sum(s => s.Value);
        if (covered >= 3)
        {
            return overlap >= options.SupportOverlapWithManyNumbers || missing <= 1;
        }
        if (covered >= 2)
        {
            return overlap >= options.SupportOverlapWithNumbers;
        }
        // In a claim of three or so words each one matters: "approved to lower blood pressure" is not "indicated … hypertension".
        return overlap >= options.SupportOverlap && (Overlap.Weight(claim.Stems) > options.ShortClaimWeight || missing <= 2 * ClaimLexicon.WeakWeight);
    }

    /// <summary>The matched words sit close together in the unit (more spread is allowed when many words match).</summary>
    private bool WordsTogether(ClaimFeatures claim, EvidenceUnit unit)
    {
        var matched = unit.StemSequence.Where(claim.Stems.ContainsKey).Distinct(StringComparer.Ordinal).Count();
        var allowed = matched >= 4 ? options.MaxDispersionManyWords : options.MaxDispersion;
        return Overlap.Dispersion(claim.Stems, unit.StemSequence) <= allowed;
    }

    // Prefer the tightest quote: a sentence over a pair of sentences over a whole passage.
    public static double ShapePenalty(EvidenceUnit unit) => unit.Shape switch
    {
        UnitShape.SentencePair => 0.03,
        UnitShape.WholePassage => 0.06,
        _ => 0,
    };
}
