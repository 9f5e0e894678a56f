using System.Text.RegularExpressions;

namespace LabelBot.Core.Answering.Extractive;

/// <summary>
/// Crude, deterministic stems for comparing question words with label words ("dizziness" and "dizzy" both give
/// "dizzy", "reactions" gives "reaction"). The same function runs on both sides, so crude is enough.
/// </summary>
public static partial class TermStems
{
    public static IEnumerable<string> Words(string text)
    {
        foreach (Match m in Word().Matches(text.ToLowerInvariant()))
        {
            yield return m.Value;
        }
    }

    public static HashSet<string> Of(string text)
    {
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in Words(text))
        {
            if (word.Length >= 2)
            {
                stems.Add(Stem(word));
            }
        }
        return stems;
    }

    public static string Stem(string word)
    {
        var w = word.ToLowerInvariant().Replace("'s", string.Empty, StringComparison.Ordinal).Replace("'", string.Empty, StringComparison.Ordinal);
        if (w.Length <= 3)
        {
            return w;
        }
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[..^3] + "y";
        }
        else if (w.EndsWith("sses", StringComparison.Ordinal) || w.EndsWith("xes", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        else if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal)
                 && !w.EndsWith("is", StringComparison.Ordinal))
        {
            w = w[..^1];
        }
        foreach (var suffix in Suffixes)
        {
            if (w.Length > suffix.Length + 3 && w.EndsWith(suffix, StringComparison.Ordinal))
            {
                w = w[..^suffix.Length];
                break;
            }
        }
        if (w.Length > 3 && w[^1] == w[^2] && w[^1] is not 'l' and not 's' and not 'z' and not 'e')
        {
            w = w[..^1]; // "stopped" → "stopp" → "stop"
        }
        if (w.Length > 3 && w[^1] == 'e')
        {
            w = w[..^1];
        }
        if (w.Length > 3 && w[^1] == 'i')
        {
            w = w[..^1] + "y"; // "dizzi(ness)" → "dizzy"
        }
        return w;
    }

    /// <summary>
    /// True when a question stem and a label stem name the same thing: equal, or one a prefix (≥ 4 letters) of the
    /// other ("itch" / "itchy", "hepat" / "hepatic").
    /// </summary>
    public static bool Related(string questionStem, string labelStem) =>
        questionStem == labelStem
        || (questionStem.Length >= 4 && labelStem.StartsWith(questionStem, StringComparison.Ordinal))
        || (labelStem.Length >= 5 && questionStem.StartsWith(labelStem, StringComparison.Ordinal));

    private static readonly string[] Suffixes = ["ingly", "edly", "ness", "ment", "ing", "ity", "ed", "ly"];

    [GeneratedRegex(@"[a-z0-9][a-z0-9'\-]*[a-z0-9]|[a-z0-9]")]
    private static partial Regex Word();
}
