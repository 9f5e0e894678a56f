using System.Text.RegularExpressions;
using LabelBot.Core.Text;

namespace LabelBot.ClaimCheck.Text;

/// <summary>
/// Surface signals of a claim or a label sentence: prices, survey and study language, dosing instructions, routes,
/// dosage forms, populations and negation. Each is a small regular vocabulary so the rules stay readable and testable.
/// </summary>
internal static partial class ClaimSignals
{
    /// <summary>Canonical routes: "oral", "nasal", "intravenous", "intramuscular", "subcutaneous", "injection"
    /// (any parenteral route), "topical", "inhalation", "rectal", "sublingual", "transdermal".</summary>
    private static readonly (string Route, Regex Pattern)[] RoutePatterns =
    [
        ("oral", new Regex(@"\b(?:orally|by mouth|swallowed|oral (?:tablets?|suspension|solution|use|administration|route|dose|doses|dosing|form|formulation|liquid))\b", RegexOptions.IgnoreCase)),
        ("nasal", new Regex(@"\b(?:intranasal(?:ly)?|nasally|nasal (?:spray|use|administration|route)|in(?:to)? (?:the|one|each|either) nostrils?|in(?:to)? the nose)\b", RegexOptions.IgnoreCase)),
        ("intravenous", new Regex(@"\b(?:intravenous(?:ly)?|i\.v\.|infusions?|infused|(?<=\b(?:given|administered|by|as an?|via)\s)IV)\b|\bIV (?:infusion|injection|push|drip|use)\b", RegexOptions.IgnoreCase)),
        ("intramuscular", new Regex(@"\b(?:intramuscular(?:ly)?|into the (?:muscle|thigh|buttock|upper arm))\b", RegexOptions.IgnoreCase)),
        ("subcutaneous", new Regex(@"\b(?:subcutaneous(?:ly)?|under the skin|sub-?q)\b", RegexOptions.IgnoreCase)),
        ("injection", new Regex(@"\b(?:injections?|injected|injectable|shots?)\b", RegexOptions.IgnoreCase)),
        ("topical", new Regex(@"\b(?:topical(?:ly)?|applied to the skin|rubbed on)\b", RegexOptions.IgnoreCase)),
        ("inhalation", new Regex(@"\b(?:inhaled|inhalation|inhaler)\b", RegexOptions.IgnoreCase)),
        ("rectal", new Regex(@"\b(?:rectal(?:ly)?|suppositor(?:y|ies))\b", RegexOptions.IgnoreCase)),
        ("sublingual", new Regex(@"\b(?:sublingual(?:ly)?|under the tongue)\b", RegexOptions.IgnoreCase)),
        ("transdermal", new Regex(@"\b(?:transdermal(?:ly)?|skin patch(?:es)?)\b", RegexOptions.IgnoreCase)),
    ];

    private static readonly (string Form, Regex Pattern)[] FormPatterns =
    [
        ("tablet", new Regex(@"\b(?:tablets?|pills?|caplets?)\b", RegexOptions.IgnoreCase)),
        ("capsule", new Regex(@"\bcapsules?\b", RegexOptions.IgnoreCase)),
        ("liquid", new Regex(@"\b(?:suspensions?|liquids?|syrups?|solutions?|drinks?)\b", RegexOptions.IgnoreCase)),
        ("spray", new Regex(@"\bsprays?\b", RegexOptions.IgnoreCase)),
        ("injection", new Regex(@"\b(?:injections?|injectables?|syringes?|auto-?injectors?|vials?)\b", RegexOptions.IgnoreCase)),
        ("patch", new Regex(@"\bpatch(?:es)?\b", RegexOptions.IgnoreCase)),
        ("topical", new Regex(@"\b(?:creams?|gels?|ointments?|lotions?)\b", RegexOptions.IgnoreCase)),
        ("inhaler", new Regex(@"\binhalers?\b", RegexOptions.IgnoreCase)),
        ("suppository", new Regex(@"\bsuppositor(?:y|ies)\b", RegexOptions.IgnoreCase)),
    ];

    /// <summary>Canonical populations, as <see cref="ClaimLexicon.Words"/> writes them.</summary>
    public static readonly IReadOnlyList<string> PopulationWords = ["pediatric", "geriatric", "pregnancy", "lactation", "women"];

    /// <summary>Prices and costs: never part of an FDA label.</summary>
    public static bool MentionsPrice(string text) => Price().IsMatch(text);

    /// <summary>Survey, poll, rating or preference language: figures the label never reports.</summary>
    public static bool MentionsSurvey(string text) => Survey().IsMatch(text);

    /// <summary>"Studies show", "in clinical trials", "research": the claim reports a study result.</summary>
    public static bool MentionsStudy(string text) => Study().IsMatch(text);

    /// <summary>Routes the text says the drug is given by, in clauses that are not negated.</summary>
    public static IReadOnlyList<string> AssertedRoutes(string text)
    {
        var routes = new List<string>();
        foreach (var clause in Clauses.Split(text).Where(c => !IsNegated(c)))
        {
            foreach (var (route, pattern) in RoutePatterns)
            {
                if (pattern.IsMatch(clause) && !routes.Contains(route))
                {
                    routes.Add(route);
                }
            }
        }
        return routes;
    }

    /// <summary>Canonical route of an SPL route name ("ORAL", "NASAL", "INTRAVENOUS"), or null.</summary>
    public static string? CanonicalLabelRoute(string splRoute)
    {
        var r = splRoute.ToUpperInvariant();
        return r switch
        {
            _ when r.Contains("SUBLINGUAL", StringComparison.Ordinal) || r.Contains("BUCCAL", StringComparison.Ordinal) => "sublingual",
            _ when r.Contains("ORAL", StringComparison.Ordinal) => "oral",
            _ when r.Contains("NASAL", StringComparison.Ordinal) => "nasal",
            _ when r.Contains("INTRAVENOUS", StringComparison.Ordinal) => "intravenous",
            _ when r.Contains("INTRAMUSCULAR", StringComparison.Ordinal) => "intramuscular",
            _ when r.Contains("SUBCUTANEOUS", StringComparison.Ordinal) => "subcutaneous",
            _ when r.Contains("TRANSDERMAL", StringComparison.Ordinal) => "transdermal",
            _ when r.Contains("TOPICAL", StringComparison.Ordinal) || r.Contains("CUTANEOUS", StringComparison.Ordinal) => "topical",
            _ when r.Contains("INHAL", StringComparison.Ordinal) || r.Contains("RESPIRATORY", StringComparison.Ordinal) => "inhalation",
            _ when r.Contains("RECTAL", StringComparison.Ordinal) => "rectal",
            _ => null,
        };
    }

    /// <summary>True when a route asserted by a claim is one of the label's routes.</summary>
    public static bool RouteAllowed(string claimedRoute, IReadOnlyCollection<string> labelRoutes) =>
        claimedRoute == "injection"
            ? labelRoutes.Any(r => r is "intravenous" or "intramuscular" or "subcutaneous")
            : labelRoutes.Contains(claimedRoute);

    /// <summary>Words in label text that state a route, for quoting the label's own route.</summary>
    public static Regex LabelRouteWords(string route) => route switch
    {
        "oral" => OralWords(),
        "nasal" => NasalWords(),
        _ => new Regex($@"\b{Regex.Escape(route)}", RegexOptions.IgnoreCase),
    };

    /// <summary>Dosage forms the claim says the product comes in ("available as a skin patch").</summary>
    public static IReadOnlyList<string> AssertedForms(string text)
    {
        if (!Availability().IsMatch(text) || IsNegated(text))
        {
            return [];
        }
        return FormPatterns.Where(f => f.Pattern.IsMatch(text)).Select(f => f.Form).ToList();
    }

    /// <summary>Canonical form of an SPL dosage form ("TABLET, FILM COATED" → "tablet").</summary>
    public static string? CanonicalLabelForm(string? splForm)
    {
        if (string.IsNullOrWhiteSpace(splForm))
        {
            return null;
        }
        return FormPatterns.FirstOrDefault(f => f.Pattern.IsMatch(splForm)).Form
            ?? (splForm.Contains("KIT", StringComparison.OrdinalIgnoreCase) ? "kit" : null);
    }

    /// <summary>The nouns that name a canonical dosage form in text ("liquid" → suspension, solution, liquid).</summary>
    public static IReadOnlyList<string> FormNouns(string form) => form switch
    {
        "tablet" => ["tablet", "tablets"],
        "capsule" => ["capsule", "capsules"],
        "liquid" => ["suspension", "solution", "liquid"],
        "spray" => ["spray", "sprays"],
        "injection" => ["injection"],
        _ => [form],
    };

    /// <summary>Populations named in the text (canonical words).</summary>
    public static IReadOnlyList<string> Populations(string text)
    {
        var words = ClaimLexicon.Words(text);
        var found = PopulationWords.Where(words.Contains).ToList();
        if (Minors().IsMatch(text) && !found.Contains("pediatric"))
        {
            found.Add("pediatric");
        }
        // "pregnant women" is about pregnancy, not about women in general.
        if (found.Contains("pregnancy") || found.Contains("lactation"))
        {
            found.Remove("women");
        }
        return found;
    }

    /// <summary>The claim says the drug is approved, safe or suitable ("approved for children", "safe in pregnancy").</summary>
    public static bool AssertsSuitability(string clause) => Suitability().IsMatch(clause) && !IsNegated(clause);

    /// <summary>Label wording that withholds a population ("not been established", "not indicated", "contraindicated").</summary>
    public static bool RestrictsUse(string labelText) => Restriction().IsMatch(labelText);

    /// <summary>
    /// True when the clause is negative ("not", "no", "never", "contraindicated", "avoid"). Phrases that only look
    /// negative ("with or without food", "no more than 25 mg") do not count.
    /// </summary>
    public static bool IsNegated(string clause)
    {
        var neutral = NeutralNegation().Replace(ClaimLexicon.NormalizeApostrophes(clause), " ");
        return Negation().IsMatch(neutral);
    }

    [GeneratedRegex(@"\$\s?\d|\b(?:US\$|USD|dollars?|cents?|price[sd]?|pricing|costs?|costing|copay|co-pay|copayment|coupons?|savings card|discount(?:ed)?|cheap(?:er|est)?|afford(?:able)?|insurance|rebate)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Price();

    [GeneratedRegex(@"\b(?:survey(?:ed|s)?|polls?|polled|rated|ratings?|stars?|reviews?|testimonials?|prefer(?:red|s)?|favou?rite|#\s?1|number one|(?:physicians|doctors|cardiologists|urologists|pharmacists|users|customers) (?:recommend|trust|choose|say|said|agree))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Survey();

    [GeneratedRegex(@"\b(?:stud(?:y|ies)|trials?|research|researchers|data show|clinically proven|proven to|evidence shows|scientists|published)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Study();

    [GeneratedRegex(@"\b(?:available|comes?|supplied|formulated|offered|sold|packaged)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Availability();

    [GeneratedRegex(@"\b(?:under|younger than|below|less than)\s+(?:the age of\s+)?(?:1[0-8]|[2-9])\b(?:\s*years)?", RegexOptions.IgnoreCase)]
    private static partial Regex Minors();

    [GeneratedRegex(@"\b(?:approved|indicated|safe(?:ly)?|suitable|appropriate|effective|ok|okay|fine|great for|perfect for|for use|for (?:all|any)|can (?:be )?(?:used|given|taken|take|use|give)|may (?:be )?(?:used|given|taken)|without (?:any )?risks?|risk-free|harmless)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Suitability();

    [GeneratedRegex(@"\b(?:not (?:been )?established|not indicated|not for use|not recommended|contraindicated|contraindications?|should not|must not|do not|don't|never|not known (?:if|whether)|not (?:been )?approved|not (?:been )?studied|avoid|fetal harm|not safe|not for|(?:advised?|warned?|cautioned?) against)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Restriction();

    [GeneratedRegex(@"\b(?:with or without|whether or not|no more than|not more than|no later than|not later than|no less than|not less than|not only|not to exceed|do not exceed|not exceed|no matter)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NeutralNegation();

    [GeneratedRegex(@"\b(?:not|no|never|cannot|can't|don't|doesn't|isn't|aren't|won't|shouldn't|mustn't|wasn't|weren't|none|neither|nor|contraindicated|contraindications?|avoid(?:ed)?|unsafe|(?:advised?|warned?|recommended|cautioned?) against)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Negation();

    [GeneratedRegex(@"\b(?:oral(?:ly)?|by mouth|swallow(?:ed)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OralWords();

    [GeneratedRegex(@"\b(?:intranasal(?:ly)?|nasal|nostrils?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NasalWords();
}
