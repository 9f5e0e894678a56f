using System.Net;
using System.Text.RegularExpressions;
using LabelBot.Bot.Viewer;

namespace LabelBot.Bot.Tests.Viewer;

/// <summary>Reading viewer pages in tests: fetch, cut out one passage, see the text a reader sees.</summary>
internal static partial class ViewerPages
{
    public static async Task<string> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        return body;
    }

    /// <summary>The HTML of one passage element (up to the next passage or section boundary).</summary>
    public static string PassageElement(string html, string passageId)
    {
        var anchor = html.IndexOf($"id=\"{LabelViewerLinks.PassageAnchor(passageId)}\"", StringComparison.Ordinal);
        Assert.True(anchor >= 0, $"passage {passageId} is not on the page");
        var start = html.LastIndexOf("<div", anchor, StringComparison.Ordinal);
        var ends = new[] { html.IndexOf("<div class=\"passage", anchor, StringComparison.Ordinal), html.IndexOf("<section", anchor, StringComparison.Ordinal), html.IndexOf("</section>", anchor, StringComparison.Ordinal) };
        var end = ends.Where(e => e > 0).Min();
        return html[start..end];
    }

    /// <summary>What a reader sees: tags dropped, entities decoded.</summary>
    public static string VisibleText(string html) => WebUtility.HtmlDecode(Tags().Replace(html, " "));

    /// <summary>Whitespace collapsed and table cell separators dropped, to compare stored text with rendered text.</summary>
    public static string Flat(string text) => string.Join(' ', text.Replace(" | ", " ", StringComparison.Ordinal).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
