using System.Globalization;
using System.Text;
using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Extractive;
using LabelBot.Core.Answering.Prompts;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Rendering;

/// <summary>
/// Sources in Web Chat's own citation UI (botframework-webchat 4.18): the text keeps its [n] markers and gains one Markdown
/// link definition per citation, <c>[n]: cite:n "…"</c>; the schema.org Message entity (<c>@id ""</c>) carries one Claim per
/// citation whose <c>position</c> is n. A Claim whose appearance has text and no url opens Web Chat's citation pop-up:
/// the quoted label text (as answers display it), the section, the label version and date, a link to the cited passage in
/// the label viewer (when the page can open it) and a link to the label on DailyMed.
/// </summary>
public static class WebChatCitations
{
    public const string EntityType = "https://schema.org/Message";
    public const string CiteScheme = "cite:";
    private const int MaxNameLength = 120;

    /// <summary>The answer text with a link definition per citation (the [n] markers become Web Chat citation buttons).</summary>
    public static string WithLinkDefinitions(string text, IReadOnlyList<Citation> citations)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(citations);
        if (citations.Count == 0)
        {
            return text;
        }
        var sb = new StringBuilder(text.TrimEnd()).Append("\n\n");
        foreach (var citation in citations.OrderBy(c => c.N))
        {
            // A Markdown title cannot hold a double quote; the Claim's name is what Web Chat shows anyway.
            sb.Append(CultureInfo.InvariantCulture, $"[{citation.N}]: {CiteScheme}{citation.N} \"{Name(citation).Replace('"', '\'')}\"\n");
        }
        return sb.ToString().TrimEnd();
    }

    /// <summary>The Message entity; <paramref name="modelWritten"/> adds the "AI generated" marker beside the answer.</summary>
    /// <param name="viewerLink">The label viewer link of a citation; the pop-up shows it before DailyMed's when it is set.</param>
    public static Entity Entity(IReadOnlyList<Citation> citations, bool modelWritten, PromptCatalog? prompts = null, Func<Citation, string?>? viewerLink = null)
    {
        ArgumentNullException.ThrowIfNull(citations);
        var catalog = prompts ?? PromptCatalog.Default;
        var entity = new Entity(EntityType);
        entity.Properties["@context"] = "https://schema.org";
        entity.Properties["@type"] = "Message";
        entity.Properties["@id"] = "";
        var claims = new JArray(citations.OrderBy(c => c.N).Select(c => Claim(c, viewerLink?.Invoke(c), catalog)));
        if (modelWritten && claims.Count > 0)
        {
            // Web Chat shows the first claim's interpreter (its slogan) in the activity status.
            claims[0]["claimInterpreter"] = new JObject
            {
                ["@type"] = "Project",
                ["name"] = "LabelBot",
                ["slogan"] = catalog.Render("ai-generated"),
            };
        }
        entity.Properties["citation"] = claims;
        return entity;
    }

    private static JObject Claim(Citation citation, string? viewerUrl, PromptCatalog prompts) => new()
    {
        ["@type"] = "Claim",
        ["position"] = citation.N,
        ["appearance"] = new JObject
        {
            ["@type"] = "DigitalDocument",
            ["name"] = Name(citation),
            // No url here: Web Chat opens the pop-up only for an appearance without one; the link is in the text.
            ["text"] = prompts.Render("webchat-citation", new Dictionary<string, string>
            {
                ["quote"] = Quote(citation),
                ["section"] = CitationText.EscapeMarkdown(CitationText.Section(citation)),
                ["version"] = CitationText.EscapeMarkdown(CitationVersionText.For(citation, prompts)),
                ["viewer"] = string.IsNullOrWhiteSpace(viewerUrl) ? "" : prompts.Render("webchat-citation-viewer", new Dictionary<string, string> { ["url"] = viewerUrl }),
                ["url"] = CitationText.Link(citation),
            }),
        },
    };

    private static string Name(Citation citation) => TextLimits.Truncate($"{citation.Title}: {CitationText.Section(citation)}", MaxNameLength);

    /// <summary>The displayed quote as a Markdown block quote, each line escaped so label punctuation shows verbatim.</summary>
    private static string Quote(Citation citation) => string.Join("\n>\n", QuoteDisplay.Render(citation.Quote)
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(line => "> " + CitationText.EscapeMarkdown(line)));
}
