using LabelBot.Core.ClaimCheck.Text;
using LabelBot.Core.Labels;

namespace LabelBot.Core.ClaimCheck.Evidence;

/// <summary>Why a verdict was reached; kept for rationales and for measuring the rules.</summary>
internal enum VerdictBasis { NoLabel, Price, Support, Route, Population, Restriction, Number, Role, Negation, Form, Survey, Study, Silent }

internal sealed record Decision(ClaimVerdict Verdict, VerdictBasis Basis, IReadOnlyList<EvidenceUnit> Evidence, string Rationale);

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

/// <summary>
/// The extractive verdict rules. Order matters: a price is never in a label; support needs matching words, every number
/// and the same negation; a contradiction needs a specific disagreement (route, population, a number with the same unit,
/// opposite negation, dosage form); anything else is "not in label".
/// </summary>
internal sealed class VerdictRules(ClaimCheckOptions options)
{
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
            return NotInLabel(VerdictBasis.NoLabel, "No ingested label matches the product this claim is about.");
        }
        if (claim.MentionsPrice)
        {
            return NotInLabel(VerdictBasis.Price, "FDA labels do not state prices or costs.");
        }
        if (RouteConflict(claim, units, facts) is { } wrongRoute)
        {
            return wrongRoute;
        }
        // SAFETY: a label sentence saying the opposite of the claim (the closest match anywhere) rules out support.
        var rarity = Rarity(units);
        var opposite = OppositeClause(claim, units, options.NegationOverlap, rarity);
        var support = claim.MentionsSurvey || opposite is not null ? null : BestSupport(claim, units, rarity, similarity);
        if (support is { Overlap: var strength } && strength >= options.StrongSupportOverlap)
        {
            return Supported(support.Unit);
        }
        // A restriction outweighs loose support: "safe during pregnancy" against a contraindication in pregnancy.
        var restricted = PopulationConflict(claim, units) ?? RestrictionConflict(claim, units);
        if (restricted is not null)
        {
            return restricted;
        }
        if (support is not null)
        {
            return Supported(support.Unit);
        }
        var contradiction = NumberConflict(claim, units)
            ?? (opposite is null ? null : Contradicted(VerdictBasis.Negation, opposite, $"The label says the opposite ({opposite.SectionLabel})."))
            ?? FormConflict(claim, units, facts);
        if (contradiction is not null)
        {
            return contradiction;
        }
        if (claim.MentionsSurvey)
        {
            return NotInLabel(VerdictBasis.Survey, "Survey, rating and preference figures are not part of the label.");
        }
        if (claim.MentionsStudy && claim.Quantities.Count > 0)
        {
            return NotInLabel(VerdictBasis.Study, $"The label reports no study result with {Describe(claim.Quantities)}.");
        }
        var closest = units.MaxBy(u => claim.OverlapWith(u.Stems));
        var where = closest is null ? string.Empty : $"; the closest label text ({closest.SectionLabel}) does not state it";
        return NotInLabel(VerdictBasis.Silent, $"The label does not say this{where}.");
    }

    private static Decision Supported(EvidenceUnit unit) =>
        new(ClaimVerdict.Supported, VerdictBasis.Support, [unit], $"The label says this ({unit.SectionLabel}).");

    private sealed record SupportCandidate(EvidenceUnit Unit, double Overlap);

    /// <summary>
    /// The best unit that says what the claim says: enough shared words close together, every number (with the same
    /// role for a starting dose) and no opposite negation.
    /// </summary>
    private SupportCandidate? BestSupport(
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
                || OppositeClause(claim, [unit], options.SupportNegationOverlap, rarity) is not null)
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
    private static bool CanSupport(ClaimFeatures claim, EvidenceUnit unit) =>
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
    private static double ShapePenalty(EvidenceUnit unit) => unit.Shape switch
    {
        UnitShape.SentencePair => 0.03,
        UnitShape.WholePassage => 0.06,
        _ => 0,
    };

    private static Decision? RouteConflict(ClaimFeatures claim, IReadOnlyList<EvidenceUnit> units, LabelFacts facts)
    {
        if (facts.Routes.Count == 0)
        {
            return null;
        }
        var wrong = claim.Routes.FirstOrDefault(r => !ClaimSignals.RouteAllowed(r, facts.Routes));
        if (wrong is null)
        {
            return null;
        }
        // Quote the label's own statement of its route ("for oral use", "for intranasal use only").
        var quote = units
            .Where(u => u.Shape is UnitShape.Sentence or UnitShape.TableRow && facts.Routes.Any(r => ClaimSignals.LabelRouteWords(r).IsMatch(u.Quote)))
            .OrderBy(u => RouteSectionRank(u.Source.Passage.SectionCode))
            .ThenBy(u => u.Quote.Length)
            .FirstOrDefault();
        // SAFETY: a wrong route is a dangerous claim; it is contradicted on the label's product data even when no sentence restates the route.
        return new Decision(
            ClaimVerdict.Contradicted,
            VerdictBasis.Route,
            quote is null ? [] : [quote],
            $"The label's route is {facts.RouteNames}; the claim says {wrong}.");
    }

    private static int RouteSectionRank(string sectionCode) => sectionCode switch
    {
        SectionCodes.DosageAndAdministration => 0,
        SectionCodes.DosageFormsAndStrengths => 1,
        SectionCodes.Description => 2,
        SectionCodes.IndicationsAndUsage => 3,
        _ => 4,
    };

    private static Decision? PopulationConflict(ClaimFeatures claim, IReadOnlyList<EvidenceUnit> units)
    {
        if (!claim.AssertsSuitability)
        {
            return null;
        }
        foreach (var population in claim.Populations)
        {
            var restriction = units
                .Where(u => u.Shape is UnitShape.Sentence or UnitShape.TableRow)
                .Where(u => MentionsPopulation(u, population) && RestrictsUse(u))
                .OrderBy(u => IsPopulationSection(u.Source.Passage.SectionCode, population) ? 0 : 1)
                .ThenBy(u => u.Quote.Length)
                .FirstOrDefault();
            if (restriction is not null)
            {
                // SAFETY: "approved for children" against "not established in pediatric patients" must never read as support.
                return new Decision(
                    ClaimVerdict.Contradicted,
                    VerdictBasis.Population,
                    [restriction],
                    $"The label restricts use in {PopulationName(population)} ({restriction.SectionLabel}).");
            }
        }
        return null;
    }

    /// <summary>
    /// The claim calls a use safe or suitable ("safely used with organic nitrates") and a label sentence that restricts
    /// use (a contraindication, "should not", "avoid") is about the same thing.
    /// </summary>
    private Decision? RestrictionConflict(ClaimFeatures claim, IReadOnlyList<EvidenceUnit> units)
    {
        if (!claim.AssertsSuitability)
        {
            return null;
        }
        var topic = claim.Stems.Where(s => !SuitabilityStems.Contains(s.Key)).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        if (Overlap.Weight(topic) < 1)
        {
            return null; // "It is safe." names nothing the label could restrict
        }
        var restriction = units
            .Where(u => u.Shape is UnitShape.Sentence or UnitShape.TableRow && RestrictsUse(u))
            .Select(u => (Unit: u, Overlap: Overlap.Of(topic, u.Stems)))
            .Where(x => x.Overlap >= options.NegationOverlap)
            .OrderByDescending(x => x.Overlap)
            .ThenBy(x => x.Unit.Quote.Length)
            .Select(x => x.Unit)
            .FirstOrDefault();
        // SAFETY: calling a contraindicated combination safe is a contradiction, not a gap in the label.
        return restriction is null
            ? null
            : Contradicted(VerdictBasis.Restriction, restriction, $"The label restricts this use ({restriction.SectionLabel}).");
    }

    // The words that make a claim an assertion of suitability; what remains is what it is about.
    private static readonly HashSet<string> SuitabilityStems = new(
        ["saf", "indicat", "use", "giv", "tak", "combin", "suitabl", "appropriat", "effectiv", "ok", "okay", "fin", "great", "perfect", "recommend", "risk", "risk-fre", "harmles"],
        StringComparer.Ordinal);

    private static bool MentionsPopulation(EvidenceUnit unit, string population) =>
        ClaimSignals.Populations(unit.Quote).Contains(population)
        || IsPopulationSection(unit.Source.Passage.SectionCode, population);

    private static bool RestrictsUse(EvidenceUnit unit) =>
        ClaimSignals.RestrictsUse(unit.Quote) || unit.Source.Passage.SectionCode == SectionCodes.Contraindications;

    private static bool IsPopulationSection(string sectionCode, string population) => population switch
    {
        "pediatric" => sectionCode == SectionCodes.PediatricUse,
        "geriatric" => sectionCode == SectionCodes.GeriatricUse,
        "pregnancy" => sectionCode == SectionCodes.Pregnancy,
        "lactation" => sectionCode is SectionCodes.Lactation or SectionCodes.NursingMothers,
        _ => false,
    };

    private static string PopulationName(string population) => population switch
    {
        "pediatric" => "children (pediatric patients)",
        "geriatric" => "older adults",
        "pregnancy" => "pregnancy",
        "lactation" => "breastfeeding",
        _ => population,
    };

    /// <summary>A label sentence about the same thing that gives the same kind of quantity with another value.</summary>
    private Decision? NumberConflict(ClaimFeatures claim, IReadOnlyList<EvidenceUnit> units)
    {
        var quantities = claim.UnitQuantities.ToList();
        if (quantities.Count == 0 || claim.MentionsSurvey)
        {
            return null;
        }
        var needed = claim.MentionsStudy ? options.StudyContradictionOverlap : options.NumberContradictionOverlap;
        // An invented study shares "clinical studies show" with every clinical-studies sentence; only its topic counts.
        var topic = claim.MentionsStudy
            ? claim.Stems.Where(s => !StudyStems.Contains(s.Key)).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal)
            : claim.Stems;
        var ranked = units
            .Where(u => CanSupport(claim, u))
            .Select(u => (Unit: u, Overlap: Overlap.Of(topic, claim.ContextStems, u.Stems)))
            .Where(x => x.Overlap >= needed || CapsDosing(x.Unit, quantities))
            .OrderByDescending(x => x.Overlap)
            .ThenBy(x => ShapePenalty(x.Unit))
            .ToList();
        foreach (var (unit, overlap) in ranked)
        {
            foreach (var q in quantities)
            {
                if (Quantities.ExceedsMaximum(q, unit.Quantities))
                {
                    var cap = unit.Quantities.First(e => e.Role == QuantityRole.Maximum && e.SameUnit(q));
                    return Contradicted(VerdictBasis.Role, unit, $"The label's maximum is {cap}; the claim says more than {q} ({unit.SectionLabel}).");
                }
                if (Quantities.HasRoleConflict(q, unit.Quantities))
                {
                    var stated = unit.Quantities.First(e => e.Role == q.Role && e.SameUnit(q));
                    var role = q.Role == QuantityRole.Start ? "starting" : "maximum";
                    return Contradicted(VerdictBasis.Role, unit, $"The label's {role} value is {stated}, not {q} ({unit.SectionLabel}).");
                }
                // Another label sentence that states this very number at least as topically wins: the claim may just be worded differently.
                var coveredElsewhere = ranked.Any(x => x.Overlap >= overlap && !ReferenceEquals(x.Unit, unit) && Quantities.IsCovered(q, x.Unit.Quantities) && x.Unit.Quantities.Any(e => e.SameUnit(q)));
                if (!coveredElsewhere && Quantities.HasDifferentValue(q, unit.Quantities))
                {
                    var stated = unit.Quantities.Where(e => e.SameUnit(q)).Select(e => e.ToString()).Distinct(StringComparer.Ordinal);
                    return Contradicted(VerdictBasis.Number, unit, $"The label gives {string.Join(" / ", stated)} where the claim says {q} ({unit.SectionLabel}).");
                }
            }
        }
        return CeilingConflict(claim, units, quantities);
    }

    /// <summary>
    /// A claimed maximum above every dose the label's dosing section gives in that unit ("maximum 120 mg" against
    /// "Dose range: 10 to 80 mg").
    /// </summary>
    private static Decision? CeilingConflict(ClaimFeatures claim, IReadOnlyList<EvidenceUnit> units, IReadOnlyList<Quantity> quantities)
    {
        foreach (var q in quantities.Where(q => q.Role == QuantityRole.Maximum))
        {
            var dosing = units
                .Where(u => CanSupport(claim, u) && u.Source.Passage.SectionCode == SectionCodes.DosageAndAdministration && u.Stems.Contains(DoseStem))
                .Where(u => u.Quantities.Any(e => e.SameUnit(q)))
                .ToList();
            if (dosing.Count == 0 || dosing.Any(u => Quantities.IsCovered(q, u.Quantities.Where(e => e.SameUnit(q)).ToList())))
            {
                continue;
            }
            var highest = dosing.SelectMany(u => u.Quantities.Where(e => e.SameUnit(q)).Select(e => (Unit: u, Quantity: e))).MaxBy(x => x.Quantity.High);
            if (highest.Quantity.High < q.Low)
            {
                // SAFETY: a maximum above anything the label doses is a contradiction, never a gap in the label.
                return Contradicted(VerdictBasis.Role, highest.Unit, $"The label's dosing goes up to {highest.Quantity}; the claim's maximum is {q} ({highest.Unit.SectionLabel}).");
            }
        }
        return null;
    }

    private static readonly string DoseStem = ClaimLexicon.Stem("dose");

    private static readonly HashSet<string> StudyStems = new(
        ["clinical", "study", "show", "research", "data", "evidenc", "prov", "publish", "scientist", "found", "find"], StringComparer.Ordinal);

    /// <summary>
    /// A dosing statement that caps a quantity the claim says is exceeded ("more than once a day" against "maximum
    /// recommended dosing frequency is once per day") is on topic whatever its other words.
    /// </summary>
    private static bool CapsDosing(EvidenceUnit unit, IReadOnlyList<Quantity> quantities) =>
        unit.Source.Passage.SectionCode == SectionCodes.DosageAndAdministration
        && quantities.Any(q => Quantities.ExceedsMaximum(q, unit.Quantities));

    /// <summary>
    /// The unit whose best-matching clause says the opposite of a claim clause (one negates, the other does not), when
    /// that clause is the closest match anywhere in <paramref name="units"/>; null when the closest match agrees.
    /// </summary>
    private static EvidenceUnit? OppositeClause(ClaimFeatures claim, IReadOnlyList<EvidenceUnit> units, double minimumOverlap, IReadOnlyDictionary<string, double> rarity)
    {
        foreach (var clause in claim.Clauses.Where(c => Overlap.Weight(c.Stems) >= 1))
        {
            EvidenceUnit? bestUnit = null;
            Clause? bestClause = null;
            (double Overlap, double Rare) best = (0, 0);
            foreach (var unit in units)
            {
                foreach (var labelClause in unit.Clauses)
                {
                    var score = (labelClause.Covers(clause.Stems), RareOverlap(clause.Stems, labelClause.Stems, rarity));
                    var agrees = labelClause.IsNegated == clause.IsNegated;
                    // The clause sharing the most (and the rarest) words decides; on a full tie agreement wins, since one
                    // agreeing sentence is enough to not call a contradiction.
                    if (score.CompareTo(best) > 0 || (score == best && agrees && bestClause is not null && bestClause.IsNegated != clause.IsNegated))
                    {
                        best = score;
                        bestClause = labelClause;
                        bestUnit = unit;
                    }
                }
            }
            if (bestClause is not null && best.Overlap >= minimumOverlap && bestClause.IsNegated != clause.IsNegated)
            {
                return bestUnit;
            }
        }
        return null;
    }

    /// <summary>Overlap where each word counts by how rare it is among the retrieved sentences ("abrupt" over "risk").</summary>
    private static double RareOverlap(IReadOnlyDictionary<string, double> claim, IReadOnlyDictionary<string, double> evidence, IReadOnlyDictionary<string, double> rarity)
    {
        double total = 0, found = 0;
        foreach (var (stem, weight) in claim)
        {
            var w = weight * rarity.GetValueOrDefault(stem, 1);
            total += w;
            if (evidence.ContainsKey(stem))
            {
                found += w;
            }
        }
        return total <= 0 ? 0 : found / total;
    }

    /// <summary>Inverse document frequency of stems over the single sentences and rows of the evidence.</summary>
    private static Dictionary<string, double> Rarity(IReadOnlyList<EvidenceUnit> units)
    {
        var singles = units.Where(u => u.Shape is UnitShape.Sentence or UnitShape.TableRow).ToList();
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var stem in singles.SelectMany(u => u.Stems))
        {
            frequency[stem] = frequency.GetValueOrDefault(stem) + 1;
        }
        return frequency.ToDictionary(f => f.Key, f => 1 + Math.Log((singles.Count + 1.0) / (f.Value + 1.0)), StringComparer.Ordinal);
    }

    private static Decision? FormConflict(ClaimFeatures claim, IReadOnlyList<EvidenceUnit> units, LabelFacts facts)
    {
        if (facts.Forms.Count == 0)
        {
            return null;
        }
        var wrong = claim.Forms.FirstOrDefault(f => !facts.Forms.Contains(f));
        if (wrong is null || claim.Forms.Any(facts.Forms.Contains))
        {
            return null;
        }
        var quote = units
            .Where(u => u.Shape == UnitShape.Sentence && u.Source.Passage.SectionCode is SectionCodes.DosageFormsAndStrengths or SectionCodes.HowSupplied or SectionCodes.Description)
            .OrderBy(u => u.Quote.Length)
            .FirstOrDefault();
        return quote is null
            ? null
            : Contradicted(VerdictBasis.Form, quote, $"The label's dosage form is {string.Join(", ", facts.Forms)}; the claim says {wrong} ({quote.SectionLabel}).");
    }

    private static Decision Contradicted(VerdictBasis basis, EvidenceUnit unit, string rationale) =>
        new(ClaimVerdict.Contradicted, basis, [unit], rationale);

    private static Decision NotInLabel(VerdictBasis basis, string rationale) =>
        new(ClaimVerdict.NotInLabel, basis, [], rationale);

    private static string Describe(IReadOnlyList<Quantity> quantities) =>
        string.Join(", ", quantities.Take(3).Select(q => q.ToString()));
}
