using System.Text.RegularExpressions;
using LabelBot.Core.Answering.Prompts;

namespace LabelBot.Core.Answering.Quality;

/// <summary>
/// The part of an answer's text a reader takes in as the answer: everything before the Sources block, without the
/// disclaimer footer. Both are the same on every answer, so lengths and junk are measured on this body.
/// </summary>
public static partial class DisplayedAnswer
{
    /// <summary>The text up to the "Sources:" heading (prompts/sources-heading.md), disclaimer removed, trimmed.</summary>
    public static string Body(string text, PromptCatalog? prompts = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var catalog = prompts ?? PromptCatalog.Default;
        var heading = catalog.Render("sources-heading").Trim();
        var disclaimer = catalog.Render("disclaimer").Trim();
        var body = text.ReplaceLineEndings("\n");
        var lines = body.Split('\n');
        var sourcesLine = Array.FindIndex(lines, line => line.Trim() == heading);
        if (sourcesLine >= 0)
        {
            body = string.Join('\n', lines[..sourcesLine]);
        }
        if (disclaimer.Length > 0)
        {
            body = body.Replace(disclaimer, string.Empty, StringComparison.Ordinal);
        }
        return body.Trim();
    }

    /// <summary>Words a reader reads: tokens with a letter or digit, citation markers ("[1]") not counted.</summary>
    public static int WordCount(string displayedText)
    {
        ArgumentNullException.ThrowIfNull(displayedText);
        return Word().Matches(Marker().Replace(displayedText, " ")).Count;
    }

    [GeneratedRegex(@"\S*[\p{L}\p{N}]\S*")]
    private static partial Regex Word();

    [GeneratedRegex(@"\[\d{1,4}\]")]
    private static partial Regex Marker();
}
