using System.Net;
using System.Text.RegularExpressions;

namespace LabelBot.Core.Answering.Phrasing;

/// <summary>
/// Turns model output into plain text lines: HTML and Markdown are removed because channels render the answer
/// themselves and model markup must never reach a user's screen as active content.
/// </summary>
internal static partial class ModelTextCleaner
{
    public static IReadOnlyList<string> ToPlainLines(string modelText)
    {
        var text = modelText.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        text = StripHtml(text);
        // Decoding can reveal encoded tags (&lt;script&gt;), so strip a second time.
        text = StripHtml(WebUtility.HtmlDecode(text));
        text = StripMarkdown(text);

        var lines = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = Whitespace().Replace(raw, " ").Trim();
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }
        return lines;
    }

    private static string StripHtml(string text)
    {
        text = ScriptOrStyleBlock().Replace(text, " ");
        // SAFETY: a link to a script URL is an attack, not content: its text goes too, so nothing of it can pass for a
        // supported sentence (likewise for Markdown links below).
        text = ScriptLinkHtml().Replace(text, " ");
        text = HtmlComment().Replace(text, " ");
        text = BlockBreakTag().Replace(text, "\n");
        return HtmlTag().Replace(text, " ");
    }

    private static string StripMarkdown(string text)
    {
        // SAFETY: "[Zentrafil](javascript:…)" goes whole; keeping its text would leave "Zentrafil" as a cited sentence.
        text = ScriptLinkMarkdown().Replace(text, " ");
        text = MarkdownImage().Replace(text, " ");
        // A link whose text is a citation list keeps the citation; any other link keeps only its text.
        text = MarkdownLink().Replace(text, m => CitationDigits().IsMatch(m.Groups[1].Value) ? $"[{m.Groups[1].Value}]" : m.Groups[1].Value);
        text = HorizontalRule().Replace(text, "\n");
        text = HeadingMarker().Replace(text, string.Empty);
        text = BlockquoteMarker().Replace(text, string.Empty);
        text = ListMarker().Replace(text, string.Empty);
        text = EmphasisMarker().Replace(text, string.Empty);
        return text.Replace('|', ' ');
    }

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ScriptOrStyleBlock();

    [GeneratedRegex(@"<a\b[^>]*\bhref\s*=\s*[""']?\s*(?:javascript|vbscript|data)\s*:[^>]*>.*?</a\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ScriptLinkHtml();

    [GeneratedRegex(@"!?\[[^\]]*\]\(\s*<?\s*(?:javascript|vbscript|data)\s*:[^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptLinkMarkdown();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"<\s*(br|/p|/li|/div|/tr|/h[1-6]|p|li|tr)\b[^<>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockBreakTag();

    // A tag name must follow '<' immediately, so label text such as "< 1%" or "<5 mg" is not taken for a tag.
    [GeneratedRegex(@"</?[A-Za-z][A-Za-z0-9:-]*(\s[^<>]*)?/?>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"!\[[^\]]*\]\([^)]*\)")]
    private static partial Regex MarkdownImage();

    [GeneratedRegex(@"\[([^\]]+)\]\([^)]*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^\s*\d+(\s*[,;-]\s*\d+)*\s*$")]
    private static partial Regex CitationDigits();

    [GeneratedRegex(@"^\s*([-*_]\s*){3,}$", RegexOptions.Multiline)]
    private static partial Regex HorizontalRule();

    [GeneratedRegex(@"^\s*#{1,6}\s*", RegexOptions.Multiline)]
    private static partial Regex HeadingMarker();

    [GeneratedRegex(@"^\s*>+\s?", RegexOptions.Multiline)]
    private static partial Regex BlockquoteMarker();

    [GeneratedRegex(@"^\s*([-*+•]|\d{1,2}[.)])\s+", RegexOptions.Multiline)]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"\*+|`+|~~|(?<!\w)__|__(?!\w)")]
    private static partial Regex EmphasisMarker();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
