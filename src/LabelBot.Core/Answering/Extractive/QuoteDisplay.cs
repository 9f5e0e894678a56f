using System.Text;
using System.Text.RegularExpressions;

namespace LabelBot.Core.Answering.Extractive;

/// <summary>
/// How a verbatim quote is shown: cross-references ("[see Warnings and Precautions (5.1)]", "(1.1)") and table captions
/// are dropped, each cut marked with "…"; table cells are separated by " — " instead of pipes; list items go on their
/// own lines. Every displayed fragment stays verbatim in the quote (<see cref="IsFaithful"/>): the citation keeps the
/// full text, and a rendering that would not be faithful falls back to the quote itself.
/// </summary>
public static partial class QuoteDisplay
{
    public const string Cut = "…";
    public const string CellSeparator = " — ";

    private static readonly char[] Bullets = ['•', '◦', '▪', '●', '–', '—', '*', '-'];

    /// <summary>The quote as the user sees it (one line per sentence or list item; items start with "• ").</summary>
    public static string Render(string quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var lines = new List<string>();
        foreach (var raw in quote.Split('\n'))
        {
            var line = Whitespace().Replace(raw, " ").Trim();
            if (line.Length == 0 || IsCaption(line))
            {
                continue;
            }
            var item = false;
            if (line.Length > 1 && Array.IndexOf(Bullets, line[0]) >= 0 && line[1] == ' ')
            {
                item = true;
                line = line[2..].TrimStart();
            }
            line = DropCrossReferences(line);
            // A header row with an empty first cell ("| 25 mg | 50 mg") starts with its separator.
            line = Pipe().Replace(line.Trim().Trim('|'), CellSeparator).Trim();
            if (line.Length == 0 || line == Cut)
            {
                continue;
            }
            lines.Add(item ? "• " + line : line);
        }
        var rendered = string.Join("\n", lines);
        return rendered.Length > 0 && IsFaithful(rendered, quote) ? rendered : CitationContract.Normalize(quote);
    }

    /// <summary>True when every fragment of <paramref name="display"/> (between cuts, bullets, cell separators and lines) is verbatim in <paramref name="quote"/>.</summary>
    public static bool IsFaithful(string display, string quote)
    {
        ArgumentNullException.ThrowIfNull(display);
        ArgumentNullException.ThrowIfNull(quote);
        var source = CitationContract.Normalize(quote);
        foreach (var fragment in Fragments(display))
        {
            if (!source.Contains(fragment, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The verbatim pieces of a displayed quote, without the marks <see cref="Render"/> adds.</summary>
    public static IEnumerable<string> Fragments(string display)
    {
        ArgumentNullException.ThrowIfNull(display);
        foreach (var line in display.Split('\n'))
        {
            var text = line.StartsWith("• ", StringComparison.Ordinal) ? line[2..] : line;
            foreach (var cell in text.Split(CellSeparator))
            {
                foreach (var piece in cell.Split(Cut))
                {
                    var fragment = piece.Trim().Trim(',', ';').Trim();
                    if (fragment.Length > 0)
                    {
                        yield return fragment;
                    }
                }
            }
        }
    }

    private static string DropCrossReferences(string line)
    {
        var sb = new StringBuilder(line.Length);
        var last = 0;
        foreach (var match in CrossReference().Matches(line).Concat(SectionNumbers().Matches(line)).OrderBy(m => m.Index))
        {
            if (match.Index < last)
            {
                continue;
            }
            sb.Append(line, last, match.Index - last);
            var after = match.Index + match.Length;
            // "arrive [see …]." ends at the cut: the sentence's own full stop would read as a fragment of its own.
            var rest = line.AsSpan(after).Trim().ToString();
            sb.Append(' ').Append(Cut);
            // A full stop right after the cut is dropped with it ("(68 to 77°F) …. Protect" reads as "… Protect").
            last = rest is "." or ";" or "," or ".)" or "" ? line.Length
                : after < line.Length && line[after] is '.' or ';' or ',' ? after + 1
                : after;
        }
        sb.Append(line, last, line.Length - last);
        return Whitespace().Replace(sb.ToString(), " ").Trim();
    }

    private static bool IsCaption(string line) => Caption().IsMatch(line);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s*\|\s*")]
    private static partial Regex Pipe();

    // "[see Warnings and Precautions (5.1)]", "(see Clinical Pharmacology (12.3))", "[See USP Controlled Room Temperature]".
    [GeneratedRegex(@"\s*(?:\[\s*see\b[^\[\]]*\]|\(\s*see\b(?:[^()]|\([^()]*\))*\))", RegexOptions.IgnoreCase)]
    private static partial Regex CrossReference();

    // Bare section references of Highlights and cross-links: "(1.1)", "(5.1, 8.5)", "(2.6, 5.1, 7, 12.3)", "(7)".
    [GeneratedRegex(@"\s*\(\s*\d{1,2}(?:\.\d{1,2})*(?:\s*,\s*\d{1,2}(?:\.\d{1,2})*)*\s*\)(?=\s*(?:[.;,:)]|$))")]
    private static partial Regex SectionNumbers();

    // "Table 3: …", "Table 8. Medically Important …" on a line of its own.
    [GeneratedRegex(@"^Table\s+\d+[A-Za-z]?\s*[:.]", RegexOptions.IgnoreCase)]
    private static partial Regex Caption();
}
