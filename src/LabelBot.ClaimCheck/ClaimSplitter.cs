using System.Text.RegularExpressions;
using LabelBot.ClaimCheck.Text;
using LabelBot.Core.Text;

namespace LabelBot.ClaimCheck;

/// <summary>Where a claim came from in the checked text.</summary>
public enum ClaimLayout { Sentence, Bullet, TableRow }

/// <summary>
/// One atomic claim. <see cref="Text"/> is what the author wrote (shown in reports); <see cref="MatchText"/> is what is
/// compared with the label: a bullet under a lead-in ("LIPITOR is indicated to:") carries the lead-in with it.
/// </summary>
public sealed record SplitClaim(int N, string Text, string MatchText, ClaimLayout Layout);

/// <summary>
/// Splits a promotional or pasted text into atomic claims: each sentence of a paragraph, each bullet or numbered item
/// (split further into sentences), each table row ("a | b"). Headings, questions, table headers and separators, and
/// fragments shorter than <see cref="MinimumWords"/> words are dropped.
/// </summary>
public static partial class ClaimSplitter
{
    public const int MinimumWords = 3;

    // A line without end punctuation and at most this many words is a heading or a tagline, not a claim.
    private const int MaxHeadingWords = 12;

    public static IReadOnlyList<SplitClaim> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = InlineBullet().Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'), "\n• ").Split('\n');
        var claims = new List<SplitClaim>();
        string? leadIn = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || TableSeparator().IsMatch(line))
            {
                continue; // a blank line may sit between a lead-in and its bullets
            }
            if (line.StartsWith('#'))
            {
                leadIn = null; // Markdown heading
                continue;
            }
            if (TableCells(line) is { } cells)
            {
                if (!IsTableHeader(lines, i, cells))
                {
                    AddClaim(claims, string.Join(" | ", cells), string.Join(" ", cells), ClaimLayout.TableRow);
                }
                continue;
            }
            var bullet = BulletMarker().Match(line);
            if (bullet.Success)
            {
                foreach (var sentence in Sentences(line[bullet.Length..]))
                {
                    if (!IsQuestion(sentence))
                    {
                        AddClaim(claims, sentence, leadIn is null ? sentence : $"{leadIn} {sentence}", ClaimLayout.Bullet);
                    }
                }
                continue;
            }
            leadIn = null;
            if (IsHeading(line))
            {
                continue;
            }
            var sentences = Sentences(line);
            for (var s = 0; s < sentences.Count; s++)
            {
                var sentence = sentences[s];
                if (s == sentences.Count - 1 && sentence.EndsWith(':'))
                {
                    // "LIPITOR is indicated to:" introduces the bullets below; it is context, not a claim.
                    leadIn = WordCount(sentence) >= MinimumWords ? sentence.TrimEnd(':').Trim() : null;
                    continue;
                }
                if (!IsQuestion(sentence))
                {
                    AddClaim(claims, sentence, sentence, ClaimLayout.Sentence);
                }
            }
        }
        return claims;
    }

    private static void AddClaim(List<SplitClaim> claims, string text, string matchText, ClaimLayout layout)
    {
        var trimmed = text.Trim();
        if (WordCount(trimmed) >= MinimumWords)
        {
            claims.Add(new SplitClaim(claims.Count + 1, trimmed, matchText.Trim(), layout));
        }
    }

    private static List<string> Sentences(string line) =>
        SentenceSpans.Split(line).Select(s => s.Of(line)).ToList();

    private static bool IsQuestion(string sentence) => sentence.TrimEnd('"', '\'', ')', '”').EndsWith('?');

    private static bool IsHeading(string line) =>
        !EndPunctuation().IsMatch(line) && WordCount(line) <= MaxHeadingWords;

    private static int WordCount(string text) => WordPattern().Count(text);

    /// <summary>
    /// The cells of a table row ("a | b", "| a | b |", or tab-separated as pasted from a spreadsheet), or null when the
    /// line is not one.
    /// </summary>
    private static List<string>? TableCells(string line)
    {
        var separator = line.Contains('|', StringComparison.Ordinal) ? '|' : line.Contains('\t', StringComparison.Ordinal) ? '\t' : (char?)null;
        if (separator is null)
        {
            return null;
        }
        var cells = line.Trim('|').Split(separator.Value).Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
        return cells.Count >= 2 ? cells : null;
    }

    /// <summary>
    /// A header row is followed by a Markdown separator, or opens a table with short, number-free cells followed by
    /// another row ("Infection | Dose | Duration").
    /// </summary>
    private static bool IsTableHeader(string[] lines, int index, List<string> cells)
    {
        var next = NextNonEmpty(lines, index);
        if (next is not null && TableSeparator().IsMatch(next))
        {
            return true;
        }
        var opensTable = index == 0 || TableCells(lines[index - 1].Trim()) is null;
        return opensTable
            && next is not null && TableCells(next) is not null
            && cells.All(c => WordCount(c) <= 3 && !c.Any(char.IsDigit));
    }

    private static string? NextNonEmpty(string[] lines, int index)
    {
        for (var j = index + 1; j < lines.Length; j++)
        {
            var candidate = lines[j].Trim();
            if (candidate.Length > 0)
            {
                return candidate;
            }
        }
        return null;
    }

    // "•", "-", "*", "–", "+", "1.", "1)", "a)" followed by white space; "1.5 mg" is not a marker.
    [GeneratedRegex(@"^(?:[•◦▪●‣\-*–—+]|\d{1,2}[.)]|[a-z][.)])\s+")]
    private static partial Regex BulletMarker();

    [GeneratedRegex(@"(?<=\S)\s+•\s+")]
    private static partial Regex InlineBullet();

    [GeneratedRegex(@"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")]
    private static partial Regex TableSeparator();

    [GeneratedRegex(@"[.!?:;][""'”’)\]]*$")]
    private static partial Regex EndPunctuation();

    [GeneratedRegex(@"[\p{L}\p{N}$%][\p{L}\p{N}'’.,%°/-]*")]
    private static partial Regex WordPattern();
}
