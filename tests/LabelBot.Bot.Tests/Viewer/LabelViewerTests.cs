using System.Net;
using System.Text.RegularExpressions;
using LabelBot.Bot.Rendering;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Bot.Viewer;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Viewer;

/// <summary>The label viewer on the real host and a real SQLite store with two versions of one label.</summary>
[Collection(ViewerHostCollection.Name)]
public sealed partial class LabelViewerTests(ViewerHostFixture fixture)
{
    private const string SetId = ViewerHostFixture.SetId;

    private HttpClient Http => fixture.Host.Http;

    [Fact]
    public async Task A_cited_passage_opens_at_its_version_highlighted_from_the_web_chat_citation_pop_up()
    {
        var client = new DirectLineTestClient(Http);
        await client.StartAsync();
        var questionId = await client.PostTextAsync("What does the diphenhydramine label say about drowsiness?");
        var answer = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == questionId, TimeSpan.FromSeconds(90));

        // Web chat has no card: each citation pop-up (a Claim's text) links the viewer first, DailyMed kept second.
        Assert.Null(answer["attachments"]?.FirstOrDefault());
        var popups = answer["entities"]!.Single(e => (string?)e["type"] == WebChatCitations.EntityType)["citation"]!
            .Select(c => (string)c["appearance"]!["text"]!).ToList();
        Assert.NotEmpty(popups);
        var links = popups.Select(p => MarkdownLink().Matches(p).Select(m => (Title: m.Groups["title"].Value, Url: m.Groups["url"].Value)).ToList()).ToList();
        foreach (var popupLinks in links)
        {
            Assert.Equal([SourcesCard.ViewerActionTitle, "Open the label on DailyMed"], popupLinks.Select(l => l.Title));
            Assert.StartsWith($"/labels/{SetId}/v{ViewerHostFixture.NewVersion}?passage=", popupLinks[0].Url, StringComparison.Ordinal);
        }

        var viewerUrl = links[0][0].Url;
        var passageId = Uri.UnescapeDataString(viewerUrl[(viewerUrl.IndexOf('#', StringComparison.Ordinal) + 3)..]);
        // The pop-up's quote: its block-quote lines with the Markdown escapes taken off.
        var quote = string.Join('\n', popups[0].Split('\n').Where(l => l.StartsWith('>')).Select(l => MarkdownEscape().Replace(l.TrimStart('>').Trim(), "$1")).Where(l => l.Length > 0));

        using var response = await Http.GetAsync(new Uri(viewerUrl.TrimStart('/'), UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var passage = PassageElement(html, passageId);
        Assert.Contains("class=\"passage cited\"", passage, StringComparison.Ordinal);
        Assert.Contains("<mark>", passage, StringComparison.Ordinal);
        Assert.Contains("Cited passage", passage, StringComparison.Ordinal);
        // Everything the pop-up showed of the quote is in the highlighted passage (cross-references are cut with "…").
        foreach (var fragment in LabelBot.Core.Answering.Extractive.QuoteDisplay.Fragments(quote))
        {
            Assert.Contains(Flat(fragment), Flat(VisibleText(passage)), StringComparison.Ordinal);
        }
        Assert.Contains("The highlighted passage is the one the answer cited.", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"#p-{passageId}\"", html, StringComparison.Ordinal);
        Assert.Contains("Current version", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_superseded_version_says_so_and_links_to_the_current_one()
    {
        var old = await GetAsync($"labels/{SetId}/v{ViewerHostFixture.OldVersion}");
        Assert.Contains("<strong>Not the current version.</strong>", old, StringComparison.Ordinal);
        Assert.Contains("This version was replaced by version 9 (effective 2026-01-15).", old, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/labels/{SetId}\">Go to the current version (version 9)</a>", old, StringComparison.Ordinal);
        Assert.Contains($"href=\"/labels/{SetId}/changes?from=8&amp;to=9\"", old, StringComparison.Ordinal);
        Assert.Contains("https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=" + SetId, old, StringComparison.Ordinal);
        // Version 8 as ingested: its own wording, not version 9's.
        Assert.Contains(SplEditor.OriginalItem, VisibleText(old), StringComparison.Ordinal);
        Assert.DoesNotContain(SplEditor.AddedItem, VisibleText(old), StringComparison.Ordinal);

        var current = await GetAsync($"labels/{SetId}");
        Assert.DoesNotContain("Not the current version", current, StringComparison.Ordinal);
        Assert.Contains("Current version", current, StringComparison.Ordinal);
        Assert.Contains("<dt>Version</dt><dd><strong>9</strong></dd>", current, StringComparison.Ordinal);
        Assert.Contains("<dt>Effective</dt><dd><strong>2026-01-15</strong></dd>", current, StringComparison.Ordinal);
        Assert.Contains(SplEditor.AddedItem, VisibleText(current), StringComparison.Ordinal);
        Assert.Equal(current, await GetAsync($"labels/{SetId}/v{ViewerHostFixture.NewVersion}"));

        // Sections as headings, and a contents list linking to each of them.
        Assert.Contains("<section class=\"sec\" id=\"s-1\"><h2>", current, StringComparison.Ordinal);
        Assert.Contains("<details class=\"toc\"><summary>Contents</summary><ol><li><a href=\"#s-1\">", current, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_citation_of_another_version_is_pointed_to_not_invented()
    {
        var oldPage = await GetAsync($"labels/{SetId}/v{ViewerHostFixture.OldVersion}");
        var oldPassage = PassageIds().Matches(oldPage).Select(m => m.Groups[1].Value).First();

        var current = await GetAsync($"labels/{SetId}?passage={Uri.EscapeDataString(oldPassage)}");
        Assert.DoesNotContain("class=\"passage cited\"", current, StringComparison.Ordinal);
        Assert.Contains("The cited passage is not in this version. It is in version 8 of this label.", current, StringComparison.Ordinal);
        Assert.Contains($"href=\"/labels/{SetId}/v8?passage={oldPassage}#p-{oldPassage}\"", current, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_changes_page_marks_removed_and_added_text_of_the_edited_section()
    {
        var html = await GetAsync($"labels/{SetId}/changes?from=8&to=9");
        Assert.Contains("<h3>When using this product</h3>", html, StringComparison.Ordinal);
        Assert.Matches(new Regex($@"<span class=""tag"">Removed:</span> <del>[^<]*{Regex.Escape(SplEditor.OriginalItem)}[^<]*</del>"), html);
        Assert.Matches(new Regex($@"<span class=""tag"">Added:</span> <ins>[^<]*{Regex.Escape(SplEditor.RewordedItem)}[^<]*</ins>"), html);
        Assert.Matches(new Regex($@"<span class=""tag"">Added:</span> <ins>[^<]*{Regex.Escape(SplEditor.AddedItem)}[^<]*</ins>"), html);
        Assert.Contains("1 section(s) changed, 0 added, 0 removed", html, StringComparison.Ordinal);
        Assert.Contains($"<a class=\"where\" href=\"/labels/{SetId}/v9?passage=", html, StringComparison.Ordinal);

        var same = await Http.GetAsync(new Uri($"labels/{SetId}/changes?from=9&to=9", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, same.StatusCode);
        Assert.Contains("choose two different versions", await same.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_finds_labels_by_name_and_by_ingredient()
    {
        var all = await GetAsync("labels");
        Assert.Contains($"href=\"/labels/{SetId}\"", all, StringComparison.Ordinal);
        Assert.Contains("<dt>Stored versions</dt><dd>2</dd>", all, StringComparison.Ordinal);
        Assert.Contains("<dt>Format</dt><dd>SPL · OTC Drug Facts</dd>", all, StringComparison.Ordinal);
        Assert.Contains("<dt>Copy</dt><dd>complete</dd>", all, StringComparison.Ordinal);

        Assert.Contains($"href=\"/labels/{SetId}\"", await GetAsync("labels?q=DIPHENHYDRAMINE+hydrochloride"), StringComparison.Ordinal);
        Assert.Contains($"href=\"/labels/{SetId}\"", await GetAsync("labels?q=allergy"), StringComparison.Ordinal);
        var none = await GetAsync("labels?q=atorvastatin");
        Assert.DoesNotContain($"href=\"/labels/{SetId}\"", none, StringComparison.Ordinal);
        Assert.Contains("No ingested label matches", none, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(new Uri($"labels/{SetId}/v7", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(new Uri("labels/00000000-0000-0000-0000-000000000000", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Label_text_and_request_values_are_encoded_never_markup()
    {
        var page = await GetAsync($"labels/{SetId}");
        var changes = await GetAsync($"labels/{SetId}/changes?from=8&to=9");
        const string probe = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
        var search = await GetAsync("labels?q=" + Uri.EscapeDataString(probe));
        var cited = await GetAsync($"labels/{SetId}?passage=" + Uri.EscapeDataString(probe));
        foreach (var html in new[] { page, changes, search, cited })
        {
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("onerror=alert", html.Replace("onerror=alert(1)&gt;", "", StringComparison.Ordinal).Replace("onerror=alert(2)&gt;", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("<h1>fake", html, StringComparison.Ordinal);
        }
        // Shown as text, exactly as the label has it.
        Assert.Contains(Flat(ViewerHostFixture.HostileText), Flat(VisibleText(page)), StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;label&#x27;)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.Contains(Flat(ViewerHostFixture.HostileText), Flat(VisibleText(changes)), StringComparison.Ordinal);
        Assert.Contains(Flat(probe), Flat(VisibleText(search)), StringComparison.Ordinal);

        using var response = await Http.GetAsync(new Uri($"labels/{SetId}", UriKind.Relative));
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    private Task<string> GetAsync(string path) => ViewerPages.GetAsync(Http, path);

    private static string PassageElement(string html, string passageId) => ViewerPages.PassageElement(html, passageId);

    private static string VisibleText(string html) => ViewerPages.VisibleText(html);

    private static string Flat(string text) => ViewerPages.Flat(text);

    [GeneratedRegex(@"<div class=""passage"" id=""p-([^""]+)""")]
    private static partial Regex PassageIds();

    [GeneratedRegex(@"\[(?<title>[^\]\n]+)\]\((?<url>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"\\(.)")]
    private static partial Regex MarkdownEscape();
}
