using LabelBot.ClaimCheck.Text;
using LabelBot.Core.Labels;
using LabelBot.Core.Text;

namespace LabelBot.ClaimCheck.Evidence;

/// <summary>
/// The specific disagreements that make a claim "contradicted": a route or dosage form the product does not have, a
/// population or use the label restricts, and a number with the same unit but another value (or role).
/// </summary>
internal sealed partial class ContradictionFinder(ClaimCheckOptions options)
{
    /// <summary>
    /// A meaning reversal of what the label names as most frequent: "tendon rupture most often affects the shoulder"
    /// where the label says it "most frequently involves the Achilles tendon". Sharing words with that sentence is no
    /// support: the claim swaps the one thing the sentence singles out.
    /// </summary>
    public Decision? Superlative(ClaimFeatures claim, IReadOnlyList<EvidenceUnit> units)
    {
        var claimed = ClaimedMost().Match(claim.Text);
        if (!claimed.Success)
        {
            return null;
        }
        var objectStems = ClaimLexicon.Stems(claimed.Groups["object"].Value);
        var wordingStems = ClaimLexicon.Stems(claimed.Groups["wording"].Value);
        if (objectStems.Count == 0)
        {
            return null;
        }
        var topic = claim.Stems.Where(s => !objectStems.Contains(s.Key) && !wordingStems.Contains(s.Key)).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        if (Overlap.Weight(topic) < 1)
        {
            return null;
        }
        var singledOut = units
            .Where(u => u.Shape == UnitShape.Sentence && LabelMost().IsMatch(u.Quote))
            .Select(u => (Unit: u, Overlap: Overlap.Of(topic, u.Stems)))
            .Where(x => x.Overlap >= options.NegationOverlap)
            .OrderByDescending(x => x.Overlap)
            .ThenBy(x => x.Unit.Quote.Length)
            .ToList();
        // Any label sentence that singles out what the claim names agrees with it ("also reported with the shoulder" does not).
        if (singledOut.Count == 0 || singledOut.Any(x => objectStems.All(SingledOutStems(x.Unit.Quote).Contains)))
        {
            return null;
        }
        var unit = singledOut[0].Unit;
        return Decision.Contradicted(VerdictBasis.Superlative, unit, $"The label names something else as the most frequent ({unit.SectionLabel}).");
    }

    /// <summary>The words of what a label sentence singles out: from "most frequently" to the end of that clause.</summary>
    private static HashSet<string> SingledOutStems(string quote)
    {
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (System.Text.RegularExpressions.Match match in LabelMost().Matches(quote))
        {
            var rest = quote[(match.Index + match.Length)..];
            var end = rest.IndexOfAny(['.', ';']);
            var clause = end < 0 ? rest : rest[..end];
            var also = clause.IndexOf(", and ", StringComparison.Ordinal);
            stems.UnionWith(ClaimLexicon.Stems(also < 0 ? clause : clause[..also]));
        }
        return stems;
    }

    [System.Text.RegularExpressions.GeneratedRegex(
        @"(?<wording>\b(?:most (?:often|frequently|commonly)|usually|mainly|mostly|primarily|typically|chiefly)\s+(?:affects?|involves?|occurs? (?:in|at)|seen in|happens? (?:in|at)|targets?|hits?))\s+(?:the\s+)?(?<object>[\w\- ]{3,60}?)\s*(?:[.,;!]|$)",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ClaimedMost();

    [System.Text.RegularExpressions.GeneratedRegex(@"\bmost (?:often|frequently|commonly|common|frequent)\b",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex LabelMost();

    public static Decision? Route(ClaimFeatures claim, IReadOnlyList<EvidenceUnit> units, LabelFacts facts)
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

    public static Decision? Population(ClaimFeatures claim, IReadOnlyList<EvidenceUnit> units)
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
    public Decision? Restriction(ClaimFeatures claim, IReadOnlyList<EvidenceUnit> units)
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
            : Decision.Contradicted(VerdictBasis.Restriction, restriction, $"The label restricts this use ({restriction.SectionLabel}).");
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
    public Decision? Number(ClaimFeatures claim, IReadOnlyList<EvidenceUnit> units)
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
            .Where(u => SupportFinder.CanSupport(claim, u))
            .Select(u => (Unit: u, Overlap: Overlap.Of(topic, claim.ContextStems, u.Stems)))
            .Where(x => x.Overlap >= needed || CapsDosing(x.Unit, quantities))
            .OrderByDescending(x => x.Overlap)
            .ThenBy(x => SupportFinder.ShapePenalty(x.Unit))
            .ToList();
        foreach (var (unit, overlap) in ranked)
        {
            foreach (var q in quantities)
            {
                if (Quantities.ExceedsMaximum(q, unit.Quantities))
                {
                    var cap = unit.Quantities.First(e => e.Role == QuantityRole.Maximum && e.SameUnit(q));
                    return Decision.Contradicted(VerdictBasis.Role, unit, $"The label's maximum is {cap}; the claim says more than {q} ({unit.SectionLabel}).");
                }
                if (Quantities.HasRoleConflict(q, unit.Quantities))
                {
                    var stated = unit.Quantities.First(e => e.Role == q.Role && e.SameUnit(q));
                    var role = q.Role == QuantityRole.Start ? "starting" : "maximum";
                    return Decision.Contradicted(VerdictBasis.Role, unit, $"The label's {role} value is {stated}, not {q} ({unit.SectionLabel}).");
                }
                // Another label sentence that states this very number at least as topically wins: the claim may just be worded differently.
                var coveredElsewhere = ranked.Any(x => x.Overlap >= overlap && !ReferenceEquals(x.Unit, unit) && Quantities.IsCovered(q, x.Unit.Quantities) && x.Unit.Quantities.Any(e => e.SameUnit(q)));
                if (!coveredElsewhere && Quantities.HasDifferentValue(q, unit.Quantities))
                {
                    var stated = unit.Quantities.Where(e => e.SameUnit(q)).Select(e => e.ToString()).Distinct(StringComparer.Ordinal);
                    return Decision.Contradicted(VerdictBasis.Number, unit, $"The label gives {string.Join(" / ", stated)} where the claim says {q} ({unit.SectionLabel}).");
                }
            }
        }
        return Ceiling(claim, units, quantities);
    }

    /// <summary>
    /// A claimed maximum above every dose the label's dosing section gives in that unit ("maximum 120 mg" against
    /// "Dose range: 10 to 80 mg").
    /// </summary>
    private static Decision? Ceiling(ClaimFeatures claim, IReadOnlyList<EvidenceUnit> units, IReadOnlyList<Quantity> quantities)
    {
        foreach (var q in quantities.Where(q => q.Role == QuantityRole.Maximum))
        {
            var dosing = units
                .Where(u => SupportFinder.CanSupport(claim, u) && u.Source.Passage.SectionCode == SectionCodes.DosageAndAdministration && u.Stems.Contains(DoseStem))
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
                return Decision.Contradicted(VerdictBasis.Role, highest.Unit, $"The label's dosing goes up to {highest.Quantity}; the claim's maximum is {q} ({highest.Unit.SectionLabel}).");
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

    public static Decision? Form(ClaimFeatures claim, IReadOnlyList<EvidenceUnit> units, LabelFacts facts)
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
            : Decision.Contradicted(VerdictBasis.Form, quote, $"The label's dosage form is {string.Join(", ", facts.Forms)}; the claim says {wrong} ({quote.SectionLabel}).");
    }
}
