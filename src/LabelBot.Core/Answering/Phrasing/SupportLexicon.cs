using System.Text.RegularExpressions;
using LabelBot.Core.Labels;

namespace LabelBot.Core.Answering.Phrasing;

/// <summary>
/// The small vocabularies behind <see cref="PhrasedAnswerVerifier"/>: which words a paraphrase may add freely, which
/// words always need the label's own support, and which words name populations, sections or directions. Kept short on
/// purpose: every entry is a word a model may write without the label saying it, so each one is a risk.
/// </summary>
internal static partial class SupportLexicon
{
    /// <summary>Linking and paraphrase words a sentence may use without the cited sentence containing them.</summary>
    public static readonly HashSet<string> Linking = Stems(
        "yes", "also", "use", "used", "uses", "using", "take", "takes", "taken", "taking", "people", "person", "patient", "patients",
        "someone", "anyone", "medicine", "medicines", "medication", "medications", "drug", "drugs", "product", "help", "include",
        "includes", "including", "like", "called", "both", "overall", "certain", "specific", "specifically", "indicated", "indication",
        "indications", "generally", "usually", "lists", "listed", "reports", "reported", "occurred", "occur", "occurs");

    /// <summary>Spelled-out numbers: checked as quantities (with their unit), not as words.</summary>
    public static readonly HashSet<string> NumberWords = Stems(
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fourteen", "fifteen",
        "twenty", "thirty", "forty", "fifty", "sixty", "hundred");

    /// <summary>
    /// Words that change what a sentence claims so much that only the label's own word supports them, even when the user's
    /// question used them ("cures", "prevents", "safe"): a label that says "reduce the risk" never supports "prevents".
    /// </summary>
    public static readonly HashSet<string> Strong = Stems(
        "cure", "cures", "cured", "curing", "prevent", "prevents", "prevented", "prevention", "eliminate", "eliminates", "guarantee",
        "guarantees", "guaranteed", "safe", "safely", "completely", "complete", "permanent", "permanently", "always", "effective",
        "proven", "treat", "treats", "treated", "treating", "approved", "recommend", "recommended", "harmless", "risk-free");

    /// <summary>Stems a cited sentence may use for the claim's stem: the same meaning in the label's register.</summary>
    public static readonly Dictionary<string, string[]> Synonyms = new(StringComparer.Ordinal)
    {
        [Stem("start")] = [Stem("initiating"), Stem("initiation"), Stem("starting")],
        [Stem("begin")] = [Stem("initiating"), Stem("initiation")],
        [Stem("stop")] = [Stem("discontinue"), Stem("discontinued")],
        [Stem("doctor")] = [Stem("physician"), Stem("healthcare"), Stem("prescriber")],
        [Stem("side")] = [Stem("adverse")],
        [Stem("effect")] = [Stem("reaction"), Stem("reactions"), Stem("event"), Stem("events"), Stem("experience")],
        [Stem("treatment")] = [Stem("therapy")],
    };

    /// <summary>Populations: a sentence naming one must be supported by a cited sentence (or section title) naming the same one.</summary>
    public static readonly IReadOnlyList<(string Name, HashSet<string> Words)> Populations =
    [
        ("children", Stems("child", "children", "childhood", "pediatric", "paediatric", "kid", "kids", "infant", "infants", "adolescent",
            "adolescents", "juvenile", "boys", "girls", "newborn", "newborns", "neonate", "neonates", "neonatal", "teen", "teens", "teenagers")),
        ("adults", Stems("adult", "adults")),
        ("older people", Stems("elderly", "geriatric", "older", "seniors")),
        ("pregnancy", Stems("pregnant", "pregnancy", "pregnancies", "gestation")),
        ("breastfeeding", Stems("breastfeed", "breastfeeding", "breastfed", "nursing", "lactation", "lactating")),
        ("women", Stems("women", "woman", "female", "females")),
        ("men", Stems("men", "man", "male", "males")),
    ];

    /// <summary>Every population word, so the coverage check leaves them to the population check.</summary>
    public static readonly HashSet<string> PopulationWords = new(Populations.SelectMany(p => p.Words), StringComparer.Ordinal);

    /// <summary>Words that say "more" and "less"; a sentence must not turn one into the other ("reduce HDL-C" where the label says "increase HDL-C").</summary>
    public static readonly HashSet<string> Up = Stems("increase", "increased", "increases", "increasing", "raise", "raises", "higher", "greater", "elevate", "elevated", "more", "over", "above", "older");

    public static readonly HashSet<string> Down = Stems("reduce", "reduced", "reduces", "reducing", "decrease", "decreased", "decreases", "lower", "lowers", "lowered", "less", "fewer", "under", "below", "younger");

    /// <summary>Sections a sentence can name, with the codes that make a cited passage that section, and whether the label's own word for it also counts.</summary>
    public static readonly IReadOnlyList<NamedSection> Sections =
    [
        new(BoxedWarningName(), [SectionCodes.BoxedWarning], Stems("boxed", "box", "black", "warning", "warnings"), LiteralCounts: false),
        new(ContraindicationName(), [SectionCodes.Contraindications, SectionCodes.OtcDoNotUse], Stems("contraindicated", "contraindication", "contraindications"), LiteralCounts: true),
        new(AdverseReactionName(), [SectionCodes.AdverseReactions, SectionCodes.BoxedWarning, SectionCodes.WarningsAndPrecautions, SectionCodes.Warnings, SectionCodes.Precautions,
            SectionCodes.PatientCounseling, SectionCodes.MedicationGuide, SectionCodes.OtcStopUse, SectionCodes.OtcWhenUsing], Stems("side", "effect", "effects", "adverse", "reaction", "reactions"), LiteralCounts: true),
        new(WarningsName(), [SectionCodes.BoxedWarning, SectionCodes.WarningsAndPrecautions, SectionCodes.Warnings, SectionCodes.Precautions, SectionCodes.OtcDoNotUse,
            SectionCodes.OtcAskDoctor, SectionCodes.OtcAskDoctorOrPharmacist, SectionCodes.OtcWhenUsing, SectionCodes.OtcStopUse], Stems("warning", "warnings", "warns", "precaution", "precautions"), LiteralCounts: true),
    ];

    /// <summary>Sections where a label states what a product is for.</summary>
    public static readonly HashSet<string> IndicationSections = new(StringComparer.Ordinal) { SectionCodes.IndicationsAndUsage, SectionCodes.OtcPurpose };

    /// <summary>A sentence that says what the product is for: its condition must come from a sentence that says so.</summary>
    [GeneratedRegex(@"\b(?:is|are|be|been|was|were)\s+(?:(?:also|only|not)\s+)?(?:used|indicated|approved)\b|\b(?:is|are)\s+(?:also\s+)?for\s+(?:the\s+)?(?:treatment|relief|prevention)\b|\btreats\b|\bcures?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex IndicationClaim();

    /// <summary>Where a sentence splits into clauses that must each be supported on their own.</summary>
    [GeneratedRegex(@"\s*;\s*|,\s*(?:and|but|or|while|whereas|because|so|which|although|though)\s+|\s+(?:because|but|although|whereas)\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex ClauseBreak();

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex And();

    /// <summary>A comparator written before a number ("over 60", "less than 1%"): +1 more, -1 less, 0 none.</summary>
    public static int ComparatorBefore(string text, int index)
    {
        var before = text[..index];
        var m = Comparator().Match(before);
        if (!m.Success)
        {
            return 0;
        }
        return m.Groups["up"].Success ? 1 : -1;
    }

    [GeneratedRegex(@"(?:(?<up>\bover|\babove|\bmore\s+than|\bgreater\s+than|\bolder\s+than|\bat\s+least|\bexceed(?:s|ing)?|>\s*=?|≥)|(?<down>\bunder|\bbelow|\bless\s+than|\bfewer\s+than|\byounger\s+than|\bup\s+to|\bat\s+most|<\s*=?|≤))\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.RightToLeft)]
    private static partial Regex Comparator();

    [GeneratedRegex(@"\bbox(?:ed)?\s+warnings?\b|\bblack[\s-]*box\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BoxedWarningName();

    [GeneratedRegex(@"\bcontraindicat", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContraindicationName();

    [GeneratedRegex(@"\bside[\s-]+effects?\b|\badverse\s+(?:reactions?|events?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AdverseReactionName();

    [GeneratedRegex(@"\bwarn(?:s|ings?)?\b|\bprecautions?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WarningsName();

    private static string Stem(string word) => ContentWords.Stem(word);

    private static HashSet<string> Stems(params string[] words) => new(words.Select(Stem), StringComparer.Ordinal);
}

/// <summary>A section a sentence may name ("the boxed warning says …").</summary>
/// <param name="Mention">How a sentence names it.</param>
/// <param name="Codes">LOINC codes (section or top section) of passages that are that section.</param>
/// <param name="Words">The naming words, left to this check instead of word coverage when the section matches.</param>
/// <param name="LiteralCounts">Whether the cited sentence using the name itself ("is contraindicated") also supports it.</param>
internal sealed record NamedSection(Regex Mention, IReadOnlyList<string> Codes, HashSet<string> Words, bool LiteralCounts);
