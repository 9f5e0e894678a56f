using System.Text.RegularExpressions;

namespace LabelBot.Core.Answering.Phrasing;

/// <summary>One word of a text: as written (lowercased), its stem, whether it is a content word, whether it negates.</summary>
internal readonly record struct WordToken(string Word, string Stem, bool IsContent, bool IsNegation);

/// <summary>
/// Lowercased, lightly stemmed words that carry meaning: what a paraphrase must share with its source.
/// The stemmer is deliberately crude (suffix stripping) but applied identically to both sides.
/// </summary>
internal static partial class ContentWords
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been",
        "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "during",
        "each", "either", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him",
        "his", "how", "however", "if", "in", "into", "is", "it", "its", "itself", "just", "may", "me", "might", "more", "most",
        "must", "my", "neither", "nor", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own",
        "per", "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
        "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "us", "very",
        "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "why", "will", "with",
        "would", "you", "your", "yours", "yourself", "label", "labeling", "passage", "passages", "according", "states",
        "state", "says", "say", "stated", "mentions", "mentioned", "notes", "noted", "section", "information", "following",
        "not", "no", "never",
    };

    private static readonly HashSet<string> Negations = new(StringComparer.Ordinal) { "not", "no", "never", "without", "cannot", "none", "nor", "neither" };

    /// <summary>Distinct content stems of <paramref name="text"/>.</summary>
    public static HashSet<string> Stems(string text)
    {
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in Words(text))
        {
            if (word.Length >= 2 && !StopWords.Contains(word))
            {
                stems.Add(Stem(word));
            }
        }
        return stems;
    }

    /// <summary>True when the text negates something ("not", "no", "never", "without", "-n't").</summary>
    public static bool HasNegation(string text) => Words(text).Any(Negations.Contains);

    /// <summary>Every word of <paramref name="text"/> in order, lowercased ("n't" spelled out as "not"), with its stem and whether it carries meaning.</summary>
    public static IReadOnlyList<WordToken> Tokens(string text) =>
        Words(text).Select(w => new WordToken(w, Stem(w), w.Length >= 2 && !StopWords.Contains(w), Negations.Contains(w))).ToList();

    private static IEnumerable<string> Words(string text)
    {
        var lowered = text.ToLowerInvariant().Replace("n't", " not", StringComparison.Ordinal).Replace("n’t", " not", StringComparison.Ordinal);
        foreach (Match m in Word().Matches(lowered))
        {
            yield return m.Value;
        }
    }

    internal static string Stem(string word)
    {
        var w = word;
        if (w.EndsWith("'s", StringComparison.Ordinal) || w.EndsWith("’s", StringComparison.Ordinal))
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

        foreach (var suffix in new[] { "ingly", "edly", "ing", "ed", "ly", "en" })
        {
            if (w.Length > suffix.Length + 2 && w.EndsWith(suffix, StringComparison.Ordinal))
            {
                w = w[..^suffix.Length];
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

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    [GeneratedRegex(@"[a-z][a-z'’]*[a-z]|[a-z]")]
    private static partial Regex Word();
}
