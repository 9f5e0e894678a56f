using System.Text;
using System.Text.RegularExpressions;

namespace LabelBot.Core.Answering.Phrasing;

/// <summary>One sentence of a model answer with the passage numbers it cites.</summary>
/// <param name="Text">The sentence with its citation markers rewritten as [n][m].</param>
/// <param name="Claim">The sentence without citation markers: what must be supported.</param>
/// <param name="Cited">Passage numbers cited, in order of first appearance.</param>
internal sealed record CitedSentence(string Text, string Claim, IReadOnlyList<int> Cited);

/// <summary>
/// Splits plain lines into sentences and reads their [n] markers. Markers written after the full stop
/// ("… with food. [2]") belong to the sentence before them, as models often place them there.
/// </summary>
internal static partial class CitedSentenceSplitter
{
    // A model citing more than this many passages in one marker is not citing, it is listing.
    private const int MaxRangeLength = 20;

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "etc", "approx", "vs", "dr", "fig", "inc", "ltd", "co", "st", "mr", "mrs", "ms", "u.s", "max", "min",
    };

    public static IReadOnlyList<CitedSentence> Split(IEnumerable<string> lines)
    {
        var sentences = new List<CitedSentence>();
        foreach (var line in lines)
        {
            foreach (var raw in SplitLine(line))
            {
                var sentence = Parse(raw);
                if (sentence is not null)
                {
                    sentences.Add(sentence);
                }
            }
        }
        return sentences;
    }

    private static IEnumerable<string> SplitLine(string line)
    {
        var start = 0;
        var i = 0;
        while (i < line.Length)
        {
            if (line[i] is not ('.' or '!' or '?'))
            {
                i++;
                continue;
            }
            var runEnd = i;
            while (runEnd < line.Length && line[runEnd] is '.' or '!' or '?' or '"' or '\'' or ')' or '”' or '’')
            {
                runEnd++;
            }
            if (IsBoundary(line, i, runEnd))
            {
                var end = AbsorbTrailingCitations(line, runEnd);
                yield return line[start..end];
                start = end;
                i = end;
            }
            else
            {
                i = runEnd;
            }
        }
        if (start < line.Length)
        {
            yield return line[start..];
        }
    }

    /// <summary>
    /// Whether the punctuation run line[terminator..runEnd) ends a sentence: it must be followed by a space, a citation
    /// or the end (not "2.5", "vial.Intradermal", "..."), the next sentence must not start in lowercase
    /// ("b.i.d. or", "e.g. the"), an ellipsis ends a sentence only at the end of a line, and a full stop must not close an abbreviation, an initial or "No. 6".
    /// </summary>
    private static bool IsBoundary(string line, int terminator, int runEnd)
    {
        if (runEnd < line.Length && !char.IsWhiteSpace(line[runEnd]) && line[runEnd] != '[')
        {
            return false;
        }
        var next = runEnd;
        while (next < line.Length && char.IsWhiteSpace(line[next]))
        {
            next++;
        }
        if (next < line.Length && (char.IsLower(line[next]) || line.AsSpan(terminator, runEnd - terminator).Contains("..", StringComparison.Ordinal)))
        {
            return false; // a lowercase continuation or an ellipsis inside a line does not end the sentence
        }
        if (line[terminator] != '.')
        {
            return true;
        }
        var wordStart = terminator;
        while (wordStart > 0 && (char.IsLetter(line[wordStart - 1]) || line[wordStart - 1] == '.'))
        {
            wordStart--;
        }
        var word = line[wordStart..terminator];
        if (Abbreviations.Contains(word) || (word.Length == 1 && char.IsUpper(word[0])))
        {
            return false;
        }
        var numberFollows = next < line.Length && char.IsDigit(line[next]);
        return !(numberFollows && word.Equals("no", StringComparison.OrdinalIgnoreCase));
    }

    private static int AbsorbTrailingCitations(string line, int end)
    {
        while (true)
        {
            var probe = end;
            while (probe < line.Length && char.IsWhiteSpace(line[probe]))
            {
                probe++;
            }
            var marker = CitationMarker().Match(line, probe);
            if (!marker.Success || marker.Index != probe)
            {
                return end;
            }
            end = probe + marker.Length;
        }
    }

    private static CitedSentence? Parse(string raw)
    {
        var cited = new List<int>();
        var claim = CitationMarker().Replace(raw, " ");
        claim = Whitespace().Replace(claim, " ").Trim();
        var text = CitationMarker().Replace(raw, m =>
        {
            var numbers = ReadNumbers(m.Groups[1].Value);
            foreach (var n in numbers)
            {
                if (!cited.Contains(n))
                {
                    cited.Add(n);
                }
            }
            var rendered = new StringBuilder();
            foreach (var n in numbers)
            {
                rendered.Append('[').Append(n).Append(']');
            }
            return rendered.ToString();
        });
        text = Whitespace().Replace(text, " ").Trim();
        if (!claim.Any(char.IsLetterOrDigit))
        {
            return null; // stray punctuation or a lone marker is not a sentence
        }
        return new CitedSentence(text, claim, cited);
    }

    private static List<int> ReadNumbers(string list)
    {
        var numbers = new List<int>();
        foreach (Match part in CitationPart().Matches(list))
        {
            if (!int.TryParse(part.Groups[1].Value, out var from))
            {
                continue;
            }
            var to = from;
            if (part.Groups[2].Success && int.TryParse(part.Groups[2].Value, out var parsedTo) && parsedTo >= from && parsedTo - from < MaxRangeLength)
            {
                to = parsedTo;
            }
            for (var n = from; n <= to; n++)
            {
                numbers.Add(n);
            }
        }
        return numbers;
    }

    [GeneratedRegex(@"\[\s*(\d{1,4}(?:\s*(?:,|;|-|–|and)\s*\d{1,4})*)\s*\]")]
    private static partial Regex CitationMarker();

    [GeneratedRegex(@"(\d{1,4})(?:\s*[-–]\s*(\d{1,4}))?")]
    private static partial Regex CitationPart();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
