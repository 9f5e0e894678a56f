using System.Text.RegularExpressions;

namespace LabelBot.ClaimCheck.Text;

/// <summary>
/// Turns claim and label text into comparable word stems: lowercased, lay phrases mapped to label vocabulary
/// ("side effects" → "adverse reactions", "kids" → "pediatric"), stop words dropped, suffixes stripped.
/// Applied identically to both sides, so a crude stemmer is enough.
/// </summary>
internal static partial class ClaimLexicon
{
    /// <summary>Weight of a word that carries little of a claim's meaning ("make", "help", "patients").</summary>
    public const double WeakWeight = 0.3;

    // Promotional copy paraphrases label vocabulary; map the common lay phrases onto the label's words.
    private static readonly (Regex Pattern, string Replacement)[] PhraseSynonyms =
    [
        (new Regex(@"\bside[\s-]effects?\b", RegexOptions.IgnoreCase), "adverse reactions"),
        (new Regex(@"\bheart attacks?\b", RegexOptions.IgnoreCase), "myocardial infarction"),
        (new Regex(@"\bhigh blood pressure\b", RegexOptions.IgnoreCase), "hypertension"),
        (new Regex(@"\bbad cholesterol\b", RegexOptions.IgnoreCase), "ldl-c"),
        (new Regex(@"\bby mouth\b", RegexOptions.IgnoreCase), "oral"),
        (new Regex(@"\bupset stomach\b", RegexOptions.IgnoreCase), "dyspepsia"),
        (new Regex(@"\b(?:pregnant wom[ae]n|wom[ae]n who are pregnant|expecting mothers?)\b", RegexOptions.IgnoreCase), "pregnancy"),
        (new Regex(@"\bnursing mothers?\b", RegexOptions.IgnoreCase), "lactation"),
        (new Regex(@"\bolder (?:adults?|patients?|people)\b", RegexOptions.IgnoreCase), "geriatric"),
    ];

    // Single words mapped onto one label word each, after lowercasing and before stemming.
    private static readonly Dictionary<string, string> WordSynonyms = new(StringComparer.Ordinal)
    {
        ["kids"] = "pediatric", ["kid"] = "pediatric", ["children"] = "pediatric", ["child"] = "pediatric",
        ["paediatric"] = "pediatric", ["infants"] = "pediatric", ["infant"] = "pediatric", ["babies"] = "pediatric",
        ["baby"] = "pediatric", ["toddlers"] = "pediatric", ["teens"] = "pediatric", ["teenagers"] = "pediatric",
        ["adolescents"] = "pediatric", ["adolescent"] = "pediatric", ["newborns"] = "pediatric", ["neonates"] = "pediatric",
        ["elderly"] = "geriatric", ["seniors"] = "geriatric",
        ["pregnant"] = "pregnancy", ["breastfeeding"] = "lactation", ["breast-feeding"] = "lactation", ["lactating"] = "lactation",
        ["woman"] = "women", ["female"] = "women", ["females"] = "women",
        ["stop"] = "discontinue", ["stopped"] = "discontinue", ["stopping"] = "discontinue", ["quit"] = "discontinue",
        ["intravenously"] = "intravenous", ["iv"] = "intravenous", ["intramuscularly"] = "intramuscular",
        ["subcutaneously"] = "subcutaneous", ["intranasal"] = "nasal", ["intranasally"] = "nasal", ["nostril"] = "nasal",
        ["nose"] = "nasal", ["orally"] = "oral",
        ["pills"] = "tablet", ["pill"] = "tablet",
        ["dosage"] = "dose", ["dosing"] = "dose", ["dosages"] = "dose",
        ["max"] = "maximum", ["approved"] = "indicated", ["approval"] = "indicated",
        ["medicine"] = "drug", ["medicines"] = "drug", ["medication"] = "drug", ["medications"] = "drug",
        ["doctor"] = "physician", ["doctors"] = "physician",
        ["trial"] = "study", ["trials"] = "study", ["studies"] = "study",
        ["mi"] = "myocardial",
        ["response"] = "respond", ["responses"] = "respond", ["responds"] = "respond", ["responded"] = "respond",
        ["responding"] = "respond",
        ["reduction"] = "reduce", ["reductions"] = "reduce", ["reduced"] = "reduce", ["reduces"] = "reduce", ["reducing"] = "reduce",
        ["discontinuation"] = "discontinue", ["discontinued"] = "discontinue", ["discontinuing"] = "discontinue",
        ["cessation"] = "discontinue",
        // "Effective for stroke" and "the efficacy … in stroke has not been established" are about the same thing.
        ["efficacy"] = "effective", ["efficacious"] = "effective", ["effectiveness"] = "effective",
        // Short verb forms the suffix stripper leaves alone.
        ["used"] = "use", ["uses"] = "use", ["using"] = "use", ["taken"] = "take", ["takes"] = "take", ["taking"] = "take",
        ["took"] = "take", ["given"] = "give", ["gives"] = "give", ["giving"] = "give", ["gave"] = "give",
    };

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been",
        "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "during",
        "each", "either", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him",
        "his", "how", "however", "if", "in", "into", "is", "it", "its", "itself", "may", "me", "might", "more", "most",
        "must", "my", "of", "off", "on", "once", "or", "our", "ours", "out", "over", "own", "per", "same", "shall", "she",
        "should", "so", "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this",
        "those", "through", "to", "too", "under", "until", "up", "us", "very", "was", "we", "were", "what", "when", "where",
        "whether", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself",
        "not", "no", "never", "nor", "neither", "cannot", "see", "also", "just", "only", "even", "every", "other",
        "including", "include", "includes", "e.g", "i.e", "etc", "vs", "via", "within", "without", "upon", "less", "least",
        // Units belong to quantities, which are compared separately; as words they would match any dosing table.
        "mg", "mcg", "ml", "kg", "mmhg", "hour", "hours", "hr", "hrs", "minute", "minutes", "min", "mins", "percent",
        "week", "weeks", "days", "month", "months", "years", "mg/kg", "mg/dl", "ml/min", "twice", "thrice", "daily",
    };

    // Words that say little about what a claim asserts; they count, but weakly.
    private static readonly HashSet<string> WeakWords = new(StringComparer.Ordinal)
    {
        "make", "makes", "made", "sure", "work", "works", "worked", "help", "helps", "get", "gets", "got", "keep", "keeps",
        "need", "needs", "want", "feel", "feels", "give", "given", "gives", "giving", "take", "takes", "taken", "taking", "use",
        "used", "uses", "using", "one", "new", "great", "best", "better", "good", "well", "much", "many", "always", "often",
        "life", "lives", "people", "person", "patient", "patients", "treatment", "therapy", "drug", "thing", "things", "way",
        "today", "now", "day", "fast", "quick", "quickly", "easy", "simple", "proven", "trusted", "trust", "real", "truly",
        "really", "ever", "available", "like", "unlike", "recommended", "recommend", "common", "commonly", "usual", "usually",
        "dose", "doses", "time", "times", "following", "information", "label", "labeling", "come", "comes", "supplied",
        "men", "man",
    };

    /// <summary>Lowercased words with phrase and word synonyms applied; keeps stop words and digits.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var lowered = NormalizeApostrophes(text).ToLowerInvariant();
        foreach (var (pattern, replacement) in PhraseSynonyms)
        {
            lowered = pattern.Replace(lowered, replacement);
        }
        var words = new List<string>();
        foreach (Match m in Word().Matches(lowered))
        {
            var word = m.Value;
            words.Add(WordSynonyms.TryGetValue(word, out var synonym) ? synonym : word);
        }
        return words;
    }

    /// <summary>Distinct content stems of <paramref name="text"/> with their weights (1, or <see cref="WeakWeight"/>).</summary>
    public static Dictionary<string, double> WeightedStems(string text, IReadOnlySet<string>? excludedStems = null)
    {
        var stems = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var word in Words(text))
        {
            if (!IsContentWord(word))
            {
                continue;
            }
            var stem = Stem(word);
            if (excludedStems is not null && excludedStems.Contains(stem))
            {
                continue;
            }
            var weight = WeakWords.Contains(word) ? WeakWeight : 1.0;
            stems[stem] = Math.Max(weight, stems.GetValueOrDefault(stem));
        }
        return stems;
    }

    /// <summary>Content stems of <paramref name="text"/> in reading order (with repeats), for proximity checks.</summary>
    public static List<string> StemSequence(string text) =>
        Words(text).Where(IsContentWord).Select(Stem).ToList();

    /// <summary>Distinct content stems of <paramref name="text"/>.</summary>
    public static HashSet<string> Stems(string text) => [.. WeightedStems(text).Keys];

    /// <summary>Stems of a product's names, so that naming the drug does not count as evidence about it.</summary>
    public static HashSet<string> NameStems(IEnumerable<string?> names)
    {
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                continue;
            }
            foreach (var word in Words(name))
            {
                if (word.Length >= 3 && IsContentWord(word) && !GenericNameWords.Contains(word))
                {
                    stems.Add(Stem(word));
                }
            }
        }
        return stems;
    }

    // Parts of product names that are ordinary label vocabulary and must stay comparable.
    private static readonly HashSet<string> GenericNameWords = new(StringComparer.Ordinal)
    {
        "tablet", "tablets", "oral", "suspension", "solution", "nasal", "spray", "injection", "capsule", "capsules", "film",
        "coated", "extended", "release", "delayed", "chewable", "usp", "cream", "gel", "ointment", "and",
    };

    public static bool IsContentWord(string word) =>
        word.Length >= 2 && !StopWords.Contains(word) && !char.IsDigit(word[0]);

    public static string NormalizeApostrophes(string text) => text.Replace('’', '\'').Replace('‘', '\'');

    internal static string Stem(string word)
    {
        var w = word;
        if (w.EndsWith("'s", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        if (w.Length > 4 && w.EndsWith("ies", StringComparison.Ordinal))
        {
            w = w[..^3] + "y";
        }
        else if (w.EndsWith("sses", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        else if (w.Length > 3 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal))
        {
            w = w[..^1];
        }
        foreach (var (suffix, replacement) in Suffixes)
        {
            if (w.Length > suffix.Length + 3 && w.EndsWith(suffix, StringComparison.Ordinal))
            {
                w = w[..^suffix.Length] + replacement;
                break;
            }
        }
        // stopped → stopp → stop, so the past tense meets the base form
        if (w.Length > 3 && w[^1] == w[^2] && w[^1] is not 'l' and not 's' and not 'z' && !IsVowel(w[^1]))
        {
            w = w[..^1];
        }
        if (w.Length > 3 && w[^1] == 'e')
        {
            w = w[..^1];
        }
        return w;
    }

    // "indication" and "indicated" both become "indicat".
    private static readonly (string Suffix, string Replacement)[] Suffixes =
        [("ingly", ""), ("edly", ""), ("ation", "at"), ("ing", ""), ("ion", ""), ("ed", ""), ("ly", ""), ("er", "")];

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    [GeneratedRegex(@"[a-z][a-z0-9'\-]*[a-z0-9]|[a-z]|\d+(?:\.\d+)?")]
    private static partial Regex Word();
}
