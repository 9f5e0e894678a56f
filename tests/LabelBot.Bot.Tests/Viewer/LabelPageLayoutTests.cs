using LabelBot.Bot.Rendering;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Bot.Viewer;
using LabelBot.Core.Answering;
using LabelBot.Core.Labels;
using LabelBot.Labels;
using Microsoft.Extensions.Configuration;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Viewer;

/// <summary>The viewer's layout of real stored passages, and the citation links the channels carry.</summary>
public sealed class LabelPageLayoutTests
{
    private static readonly IReadOnlyList<Passage> Ciprofloxacin =
        PassageChunker.Chunk(SplParser.ParseFile(Path.Combine(RepoPaths.LabelsFolder, "ciprofloxacin-hydrochloride-cc768d3e.xml")));

    [Fact]
    public void The_section_tree_nests_numbered_subsections_under_their_sections_in_label_order()
    {
        var outline = LabelOutline.Build(Ciprofloxacin);

        var warnings = outline.Single(s => s.Heading.StartsWith("5 ", StringComparison.Ordinal) && s.Heading.Contains("WARNINGS", StringComparison.OrdinalIgnoreCase));
        Assert.True(warnings.Children.Count >= 5, $"{warnings.Children.Count} subsections under {warnings.Heading}");
        Assert.All(warnings.Children, child => Assert.StartsWith("5.", child.Heading, StringComparison.Ordinal));
        Assert.All(warnings.Children, child => Assert.Equal(1, child.Depth));
        var numbers = warnings.Children.Select(c => int.Parse(c.Heading[2..c.Heading.IndexOf(' ', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(numbers.Order(), numbers);
        // Every stored passage appears exactly once, and every anchor is unique.
        var all = Flatten(outline).ToList();
        Assert.Equal(Ciprofloxacin.Count, all.Sum(s => s.Passages.Count));
        Assert.Equal(all.Count, all.Select(s => s.Anchor).Distinct().Count());
    }

    [Fact]
    public void Table_rows_are_laid_out_as_table_cells_and_prose_keeps_its_lines()
    {
        var tablePassage = Ciprofloxacin.First(p => p.Text.Split('\n').Count(l => l.Contains(" | ", StringComparison.Ordinal)) >= 3);
        var blocks = PassageLayout.Blocks(tablePassage.Text);
        var table = blocks.First(b => b.Kind == LayoutKind.Table);
        Assert.True(table.Rows.Count >= 3);
        Assert.All(table.Rows, row => Assert.True(row.Count >= 2));
        Assert.All(table.Rows.SelectMany(r => r), cell => Assert.DoesNotContain(" | ", cell, StringComparison.Ordinal));
        // Nothing is lost: the cells and lines hold every word of the passage.
        var laidOut = string.Join(' ', blocks.SelectMany(b => b.Lines.Concat(b.Rows.SelectMany(r => r))));
        Assert.Equal(Words(tablePassage.Text.Replace("|", " ", StringComparison.Ordinal)), Words(laidOut));

        var prose = PassageLayout.Blocks("Lead-in:\n• first item\n  ◦ nested item\n\nNext paragraph.");
        Assert.Equal(2, prose.Count);
        Assert.Equal(["Lead-in:", "• first item", "  ◦ nested item"], prose[0].Lines);
    }

    [Fact]
    public void Web_chat_pop_up_gets_a_relative_viewer_link_first_teams_and_the_emulator_only_an_absolute_one()
    {
        var citation = new Citation(1, "5015a380-a229-4eff-8e31-528065c6ed64", "9", "2026-01-15", "Allergy Relief", "50567-7", "", "When using this product", "5015a380-v9-0123456789ab", "marked drowsiness may occur", LabelNaming.DailyMedUrl("5015a380-a229-4eff-8e31-528065c6ed64"));
        var result = new AnswerResult(AnswerKind.Answer, "Text [1].", [citation], [], [], 1);
        const string path = "/labels/5015a380-a229-4eff-8e31-528065c6ed64/v9?passage=5015a380-v9-0123456789ab#p-5015a380-v9-0123456789ab";

        var relative = new LabelViewerLinks(null);
        // Web chat (this host's page): the citation pop-up links the viewer first, then DailyMed; no card.
        var web = AnswerReplyBuilder.Build(result, "directline", "a1", relative);
        Assert.Empty(web.Attachments ?? []);
        var popup = (string)JObject.FromObject(web.Entities.First(e => e.Type == WebChatCitations.EntityType))["citation"]![0]!["appearance"]!["text"]!;
        var viewerLine = popup.IndexOf($"[{SourcesCard.ViewerActionTitle}]({path})", StringComparison.Ordinal);
        Assert.True(viewerLine >= 0, popup);
        Assert.True(popup.IndexOf($"[Open the label on DailyMed]({citation.Url})", StringComparison.Ordinal) > viewerLine, popup);
        // Without the viewer the pop-up keeps DailyMed alone.
        var webWithoutViewer = (string)JObject.FromObject(AnswerReplyBuilder.Build(result, "directline", "a1").Entities.First(e => e.Type == WebChatCitations.EntityType))["citation"]![0]!["appearance"]!["text"]!;
        Assert.DoesNotContain(SourcesCard.ViewerActionTitle, webWithoutViewer, StringComparison.Ordinal);
        Assert.Contains(citation.Url, webWithoutViewer, StringComparison.Ordinal);

        // Teams and the Emulator cannot open a relative link: DailyMed only, in the card and in Teams' citation pop-up.
        var teams = AnswerReplyBuilder.Build(result, "msteams", "a1", relative);
        Assert.Equal([citation.Url], CardUrls(teams));
        Assert.Equal(citation.Url, (string?)JObject.FromObject(teams.Entities.Single())["citation"]![0]!["appearance"]!["url"]);
        Assert.Equal([citation.Url], CardUrls(AnswerReplyBuilder.Build(result, "emulator", "a1", relative)));

        var hosted = LabelViewerLinks.Resolve(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [LabelViewerLinks.SettingName] = "https://labelbot.example.org/" }).Build());
        var teamsHosted = AnswerReplyBuilder.Build(result, "msteams", "a1", hosted);
        Assert.Equal(["https://labelbot.example.org" + path, citation.Url], CardUrls(teamsHosted));
        Assert.Equal("https://labelbot.example.org" + path, (string?)JObject.FromObject(teamsHosted.Entities.Single())["citation"]![0]!["appearance"]!["url"]);
        Assert.Equal(["https://labelbot.example.org" + path, citation.Url], CardUrls(AnswerReplyBuilder.Build(result, "emulator", "a1", hosted)));
        var webHosted = (string)JObject.FromObject(AnswerReplyBuilder.Build(result, "directline", "a1", hosted).Entities.First(e => e.Type == WebChatCitations.EntityType))["citation"]![0]!["appearance"]!["text"]!;
        Assert.Contains($"({"https://labelbot.example.org" + path})", webHosted, StringComparison.Ordinal);

        // Version not stated (an openFDA copy) is stored as version 0.
        Assert.StartsWith("/labels/x/v0?passage=", LabelViewerLinks.CitationPath(citation with { SetId = "x", Version = "" }), StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new LabelViewerLinks("javascript:alert(1)"));
        Assert.Throws<InvalidOperationException>(() => new LabelViewerLinks("labelbot.example.org"));
    }

    private static List<string> CardUrls(Microsoft.Bot.Schema.IActivity reply)
    {
        var card = (JObject)((Microsoft.Bot.Schema.IMessageActivity)reply).Attachments.Single().Content;
        var block = card["body"]!.Single(b => (string?)b["id"] == "citation-1");
        return block["items"]!.Single(i => (string?)i["type"] == "ActionSet")["actions"]!.Select(a => (string)a["url"]!).ToList();
    }

    private static IEnumerable<OutlineSection> Flatten(IEnumerable<OutlineSection> sections) =>
        sections.SelectMany(s => new[] { s }.Concat(Flatten(s.Children)));

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
