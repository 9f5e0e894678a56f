using LabelBot.Core.Text;

namespace LabelBot.Core.Answering.Extractive;

/// <summary>
/// Splits label text into sentences as spans of the original string, so every sentence is a verbatim substring.
/// Line breaks always end a sentence (list items, table rows). A full stop ends one only when followed by white space
/// and then something that can start a sentence, and never after an abbreviation ("e.g.", "approx.", "Fig."),
/// inside a number ("2.5 mg") or before a lower-case word ("10 mg. once daily").
/// </summary>
public static class SentenceSplitter
{
    // Abbreviations that never end a sentence even before a capital ("e.g. Crohn's", "Dr. Smith", "No. 5").
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "eg", "ie", "approx", "vs", "dr", "drs", "fig", "figs", "no", "nos", "inc", "ltd", "co", "corp", "st", "mr",
        "mrs", "ms", "u.s", "u.s.a", "ca", "cf", "al", "resp", "ref", "refs", "vol", "pp", "sect", "sec", "ed", "eds", "jr", "sr",
        "tab", "tabs", "cap", "caps", "incl", "max", "min", "est", "dept", "univ", "b.i.d", "t.i.d", "q.i.d", "q.d", "p.o", "i.v",
        "i.m", "s.c", "a.m", "p.m", "ph", "mfd", "mfr",
    };

    /// <summary>Characters that open a list item at the start of a line.</summary>
    internal static readonly char[] BulletChars = ['•', '◦', '▪', '●', '-', '*', '–', '—'];

    public static IReadOnlyList<TextSpan> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spans = new List<TextSpan>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r')
            {
                Add(text, start, i, spans);
                start = i + 1;
            }
            else if (c is '.' or '!' or '?' && EndsSentence(text, i))
            {
                var end = i + 1;
                // Keep closing quotes and brackets with the sentence they close.
                while (end < text.Length && text[end] is '"' or '\'' or ')' or ']' or '”' or '’')
                {
                    end++;
                }
                Add(text, start, end, spans);
                start = end;
                i = end - 1;
            }
        }
        Add(text, start, text.Length, spans);
        return spans;
    }

    /// <summary>The sentences of <paramref name="text"/> as strings (verbatim).</summary>
    public static IReadOnlyList<string> SplitToStrings(string text) => Split(text).Select(s => s.Of(text)).ToList();

    private static bool EndsSentence(string text, int index)
    {
        var next = index + 1;
        while (next < text.Length && text[next] is '"' or '\'' or ')' or ']' or '”' or '’')
        {
            next++;
        }
        if (next >= text.Length)
        {
            return true;
        }
        if (!char.IsWhiteSpace(text[next]))
        {
            return false; // "2.5", "e.g.," "www.fda.gov"
        }
        var following = next;
        while (following < text.Length && text[following] is ' ' or '\t')
        {
            following++;
        }
        if (following >= text.Length || text[following] is '\n' or '\r')
        {
            return true;
        }
        var first = text[following];
        // A lettered list item run into the text ("… when the drug is discontinued. c. Impaired Renal Function: …") starts a sentence.
        var listLetter = char.IsLower(first) && following + 2 < text.Length && text[following + 1] == '.' && text[following + 2] == ' ';
        if ((char.IsLower(first) && !listLetter) || first is ',' or ';' or ':')
        {
            return false; // "10 mg. once daily", "approx. one-third"
        }
        if (text[index] != '.')
        {
            return true;
        }
        var word = WordBefore(text, index);
        if (word.Length == 0)
        {
            return true;
        }
        if (Abbreviations.Contains(word))
        {
            return false;
        }
        // A single capital letter is an initial ("J. Smith"), not a sentence end.
        return !(word.Length == 1 && char.IsUpper(word[0]));
    }

    private static string WordBefore(string text, int dotIndex)
    {
        var begin = dotIndex;
        while (begin > 0 && (char.IsLetter(text[begin - 1]) || text[begin - 1] == '.'))
        {
            begin--;
        }
        return text[begin..dotIndex];
    }

    private static void Add(string text, int start, int end, List<TextSpan> spans)
    {
        while (start < end && (char.IsWhiteSpace(text[start]) || Array.IndexOf(BulletChars, text[start]) >= 0))
        {
            start++;
        }
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }
        if (end - start >= 2 && text.AsSpan(start, end - start).ContainsAnyExcept(" .!?\t"))
        {
            spans.Add(new TextSpan(start, end - start));
        }
    }
}
