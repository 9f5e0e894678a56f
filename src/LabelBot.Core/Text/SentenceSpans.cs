namespace LabelBot.Core.Text;

/// <summary>
/// Splits one line of text into sentences as spans. A full stop ends a sentence only before white space and a
/// capital, digit or quote, and never after an abbreviation ("e.g.", "approx.", "Dr."), an initial or inside a number.
/// </summary>
public static class SentenceSpans
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "eg", "ie", "approx", "vs", "dr", "drs", "fig", "no", "inc", "ltd", "co", "st", "mr", "mrs", "ms",
        "u.s", "ca", "cf", "al", "ref", "vol", "max", "min", "b.i.d", "t.i.d", "q.i.d", "p.o", "i.v", "i.m", "a.m", "p.m",
        "tab", "tabs", "caps", "sr", "jr", "est",
    };

    /// <summary>Sentences of text[start..end), trimmed, without empty ones.</summary>
    public static IReadOnlyList<TextSpan> Split(string text, int start, int end)
    {
        var spans = new List<TextSpan>();
        var sentenceStart = start;
        for (var i = start; i < end; i++)
        {
            if (text[i] is not ('.' or '!' or '?'))
            {
                continue;
            }
            var close = i + 1;
            while (close < end && text[close] is '"' or '\'' or ')' or ']' or '”' or '’')
            {
                close++;
            }
            if (EndsSentence(text, i, close, end))
            {
                AddTrimmed(text, sentenceStart, close, spans);
                sentenceStart = close;
                i = close - 1;
            }
        }
        AddTrimmed(text, sentenceStart, end, spans);
        return spans;
    }

    public static IReadOnlyList<TextSpan> Split(string text) => Split(text, 0, text.Length);

    /// <summary>The span text[start..end) without surrounding white space, or null when nothing is left.</summary>
    public static TextSpan? Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }
        return end > start ? new TextSpan(start, end - start) : null;
    }

    private static void AddTrimmed(string text, int start, int end, List<TextSpan> spans)
    {
        if (Trim(text, start, end) is { } span && text.AsSpan(span.Start, span.Length).ContainsAnyExcept(" \t.!?;:,-•*"))
        {
            spans.Add(span);
        }
    }

    private static bool EndsSentence(string text, int terminator, int close, int end)
    {
        if (close >= end)
        {
            return true;
        }
        if (!char.IsWhiteSpace(text[close]))
        {
            return false; // "2.5", "e.g.,", "www.fda.gov"
        }
        var next = close;
        while (next < end && char.IsWhiteSpace(text[next]))
        {
            next++;
        }
        if (next >= end)
        {
            return true;
        }
        var first = text[next];
        if (!(char.IsUpper(first) || char.IsDigit(first) || first is '"' or '“' or '(' or '[' or '•' or '$'))
        {
            return false; // "10 mg. once daily", "approx. one-third"
        }
        if (text[terminator] != '.')
        {
            return true;
        }
        var wordStart = terminator;
        while (wordStart > 0 && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
        {
            wordStart--;
        }
        var word = text[wordStart..terminator];
        if (word.Length == 0)
        {
            return true;
        }
        // A single capital is an initial ("Y. pestis"); an abbreviation does not end a sentence.
        return !Abbreviations.Contains(word) && !(word.Length == 1 && char.IsUpper(word[0]));
    }
}
