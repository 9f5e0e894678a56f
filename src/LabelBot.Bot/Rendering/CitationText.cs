using System.Text;
using LabelBot.Core.Answering;

namespace LabelBot.Bot.Rendering;

/// <summary>How every channel names a citation's section, label version and link, so the card, Teams and web chat agree.</summary>
public static class CitationText
{
    /// <summary>"5.1 Tendinitis and Tendon Rupture", or the title alone when the section has no number.</summary>
    public static string Section(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        return string.IsNullOrWhiteSpace(citation.SectionNumber) ? citation.SectionTitle : $"{citation.SectionNumber} {citation.SectionTitle}";
    }

    /// <summary>
    /// The one place a citation's link is chosen (every channel uses it): the label viewer's link when the channel can
    /// open it (<see cref="Viewer.LabelViewerLinks.ForChannel"/>), else the link the answer carries (DailyMed's page of the
    /// label). Places that show both links put the viewer's first and name DailyMed's with <see cref="Link(Citation)"/>.
    /// </summary>
    public static string Link(Citation citation, string? viewerUrl)
    {
        ArgumentNullException.ThrowIfNull(citation);
        return string.IsNullOrWhiteSpace(viewerUrl) ? Link(citation) : viewerUrl;
    }

    /// <summary>DailyMed's page of the label (the link the answer carries).</summary>
    public static string Link(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        return citation.Url;
    }

    /// <summary>
    /// Label text shown as Markdown: punctuation that Markdown would read as formatting is escaped, so it shows verbatim.
    /// "&lt;" is left to <see cref="MarkupNeutralizer"/>, which escapes anything that looks like a tag.
    /// </summary>
    public static string EscapeMarkdown(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 16);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            // Emphasis, links, code, tables and strike-through anywhere; headings, quotes and lists only where a line starts.
            var special = c is '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '~'
                || (lineStart && c is '#' or '>' or '+' or '-' or '=')
                || (c is '.' or ')' && i > 0 && char.IsAsciiDigit(text[i - 1]) && (i + 1 == text.Length || text[i + 1] == ' ') && StartsLineWithDigits(text, i));
            if (special)
            {
                sb.Append('\\');
            }
            sb.Append(c);
            lineStart = c == '\n' || (lineStart && c == ' ');
        }
        return sb.ToString();
    }

    // "12. " or "3) " opening a line would become an ordered list.
    private static bool StartsLineWithDigits(string text, int index)
    {
        var i = index - 1;
        while (i >= 0 && char.IsAsciiDigit(text[i]))
        {
            i--;
        }
        while (i >= 0 && text[i] == ' ')
        {
            i--;
        }
        return i < 0 || text[i] == '\n';
    }
}
