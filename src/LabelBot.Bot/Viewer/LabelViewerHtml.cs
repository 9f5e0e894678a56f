using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using LabelBot.Bot.Texts;
using LabelBot.Core.Answering.Prompts;
using LabelBot.Core.Labels;
using LabelBot.DailyMed.Diff;

namespace LabelBot.Bot.Viewer;

/// <summary>
/// The viewer's server-rendered pages. Every piece of label text, title, id and query goes through <see cref="H"/>
/// (HTML-encoded, attributes included); the pages carry no script and work without one: the passage anchor scrolls by
/// itself and the highlight is rendered on the server.
/// </summary>
internal static class LabelViewerHtml
{
    // Encodes markup characters only: label text in any script stays readable in the page source.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>A list longer than this is cut (a 100x corpus has thousands of labels); the search finds the rest.</summary>
    public const int MaxListed = 500;

    public static string H(string? text) => Encoder.Encode(text ?? string.Empty);

    // ---- /labels ------------------------------------------------------------------------------------------------

    public static string ListPage(string? query, IReadOnlyList<LabelListEntry> labels, int totalLabels)
    {
        var body = new StringBuilder();
        body.Append("<h1>Drug labels</h1>");
        body.Append(CultureInfo.InvariantCulture, $"<p>{H(BotTexts.Get(ViewerTexts.Intro))}</p>");
        body.Append(CultureInfo.InvariantCulture, $"""
            <form class="search" method="get" action="{LabelViewerLinks.Root}" role="search">
              <label for="q">Product name or active ingredient</label>
              <div class="search-row"><input id="q" name="q" type="search" maxlength="{LabelCatalog.MaxQueryLength}" value="{H(query)}" autocomplete="off"><button type="submit">Search</button></div>
            </form>
            """);
        if (!string.IsNullOrWhiteSpace(query))
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"count\" role=\"status\">{labels.Count} of {totalLabels} labels match “{H(query)}”. <a href=\"{LabelViewerLinks.Root}\">Show all</a></p>");
            if (labels.Count == 0)
            {
                body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\">{H(BotTexts.Render(ViewerTexts.NoResults, new Dictionary<string, string> { ["query"] = query.Trim() }))}</p>");
            }
        }
        else
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"count\">{totalLabels} labels.</p>");
        }
        if (labels.Count > MaxListed)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"count\">Showing the first {MaxListed}; search to narrow the list.</p>");
        }
        body.Append("<ul class=\"labels\">");
        foreach (var entry in labels.Take(MaxListed))
        {
            var label = entry.Current;
            var ingredients = label.Products.SelectMany(p => p.ActiveIngredients).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            body.Append(CultureInfo.InvariantCulture, $"""
                <li><a class="name" href="{H(LabelViewerLinks.LabelPath(label.SetId))}">{H(label.DisplayName)}</a>
                <dl class="facts">
                  <dt>Active ingredients</dt><dd>{(ingredients.Count == 0 ? "not listed" : H(string.Join(", ", ingredients)))}</dd>
                  <dt>Format</dt><dd>{H(SourceText(label.Source))} · {H(FormatText(label.Format))}</dd>
                  <dt>Version</dt><dd>{H(VersionText(label.Version))}</dd>
                  <dt>Effective</dt><dd>{H(DateText(label.EffectiveDate))}</dd>
                  <dt>Copy</dt><dd>{(label.IsPartial ? "<strong>partial</strong>" : "complete")}</dd>
                  <dt>Stored versions</dt><dd>{entry.StoredVersions}</dd>
                </dl>{(label.IsWithdrawn ? $"<p class=\"tag-warning\">Withdrawn {H(DateText(label.WithdrawnOn!.Value))}</p>" : "")}</li>
                """);
        }
        body.Append("</ul>");
        return Page("Drug labels", body.ToString());
    }

    // ---- /labels/{setId}[/v{version}] ----------------------------------------------------------------------------

    public static string LabelPage(LabelPageModel model)
    {
        var label = model.Shown;
        var current = model.Versions.FirstOrDefault(v => v.IsCurrent);
        var isCurrent = label.IsCurrent;
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"{LabelViewerLinks.Root}\">All labels</a></nav>");
        body.Append(CultureInfo.InvariantCulture, $"<h1>{H(label.DisplayName)}</h1>");
        if (!string.Equals(label.Title, label.DisplayName, StringComparison.Ordinal))
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"label-title\">{H(label.Title)}</p>");
        }
        body.Append(CultureInfo.InvariantCulture, $"""
            <dl class="facts header-facts">
              <dt>Version</dt><dd><strong>{H(VersionText(label.Version))}</strong></dd>
              <dt>Effective</dt><dd><strong>{H(DateText(label.EffectiveDate))}</strong></dd>
              <dt>Status</dt><dd>{(isCurrent ? "<strong class=\"tag-current\">Current version</strong>" : "<strong class=\"tag-warning\">Not the current version</strong>")}</dd>
              <dt>Format</dt><dd>{H(SourceText(label.Source))} · {H(FormatText(label.Format))}</dd>
              <dt>Copy</dt><dd>{(label.IsPartial ? "<strong>partial</strong>" : "complete")}</dd>
              <dt>Set id</dt><dd><code>{H(label.SetId)}</code></dd>{(label.Labeler is { Length: > 0 } labeler ? $"\n  <dt>Labeler</dt><dd>{H(labeler)}</dd>" : "")}
            </dl>
            <p class="links"><a href="{H(LabelNaming.DailyMedUrl(label.SetId))}" rel="noreferrer">Open this label on DailyMed</a> (DailyMed shows its current version)</p>
            """);

        if (!isCurrent)
        {
            var replaced = current is null
                ? ""
                : BotTexts.Render(ViewerTexts.NotCurrent, new Dictionary<string, string> { ["version"] = VersionText(current.Version), ["date"] = DateText(current.EffectiveDate) });
            body.Append(CultureInfo.InvariantCulture, $"""
                <div class="notice notice-warning" role="note"><p><strong>Not the current version.</strong> {H(replaced)}</p>
                <p><a href="{H(LabelViewerLinks.LabelPath(label.SetId))}">Go to the current version{(current is null ? "" : $" (version {H(VersionText(current.Version))})")}</a>{(current is null ? "" : $" · <a href=\"{H(LabelViewerLinks.ChangesPath(label.SetId, label.Version, current.Version))}\">What changed since this version</a>")}</p></div>
                """);
        }
        else
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\">{H(BotTexts.Get(ViewerTexts.Current))}</p>");
        }
        var withdrawnOn = model.Versions.Select(v => v.WithdrawnOn).FirstOrDefault(d => d is not null);
        if (withdrawnOn is { } withdrawn)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice notice-warning\" role=\"note\">{H(BotTexts.Render(ViewerTexts.Withdrawn, new Dictionary<string, string> { ["date"] = DateText(withdrawn) }))}</p>");
        }
        if (label.IsPartial)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice notice-warning\" role=\"note\">{H(BotTexts.Render(ViewerTexts.Partial, new Dictionary<string, string> { ["sections"] = LabelNaming.JoinOr(label.MissingSections) }))}</p>");
        }
        body.Append(CitationNotice(model));
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"about\">{H(BotTexts.Get(ViewerTexts.AsIngested))}</p>");
        body.Append(VersionList(model));

        var outline = LabelOutline.Build(model.Passages);
        if (outline.Count > 0)
        {
            body.Append("<details class=\"toc\"><summary>Contents</summary>");
            AppendToc(outline, body);
            body.Append("</details>");
        }
        body.Append("<article class=\"label-text\">");
        foreach (var section in outline)
        {
            AppendSection(section, model.CitedPassageId, body);
        }
        body.Append("</article>");
        var pageTitle = $"{label.DisplayName}, {VersionText(label.Version)}";
        return Page(pageTitle, body.ToString());
    }

    private static string CitationNotice(LabelPageModel model)
    {
        if (model.CitedPassageId is null)
        {
            return "";
        }
        if (model.Passages.Any(p => p.Id == model.CitedPassageId))
        {
            return $"<p class=\"notice notice-cited\" role=\"note\">{H(BotTexts.Get(ViewerTexts.Cited))} <a href=\"#{H(Uri.EscapeDataString(LabelViewerLinks.PassageAnchor(model.CitedPassageId)))}\">Go to the cited passage</a></p>";
        }
        if (model.CitedElsewhere is { } elsewhere)
        {
            var text = BotTexts.Render(ViewerTexts.CitedElsewhere, new Dictionary<string, string> { ["version"] = VersionText(elsewhere.Version) });
            return $"<p class=\"notice notice-warning\" role=\"note\">{H(text)} <a href=\"{H(LabelViewerLinks.VersionPath(elsewhere.SetId, elsewhere.Version, elsewhere.Id))}\">Open version {H(VersionText(elsewhere.Version))} at the cited passage</a></p>";
        }
        return $"<p class=\"notice notice-warning\" role=\"note\">{H(BotTexts.Get(ViewerTexts.CitedMissing))}</p>";
    }

    private static string VersionList(LabelPageModel model)
    {
        var html = new StringBuilder("<section class=\"versions\"><h2>Stored versions</h2><ul>");
        var ordered = model.Versions.OrderByDescending(v => v.Version).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var v = ordered[i];
            var older = i + 1 < ordered.Count ? ordered[i + 1] : null;
            var shown = v.Version == model.Shown.Version;
            html.Append("<li>");
            html.Append(shown
                ? $"<strong aria-current=\"page\">Version {H(VersionText(v.Version))}</strong>"
                : $"<a href=\"{H(LabelViewerLinks.VersionPath(v.SetId, v.Version))}\">Version {H(VersionText(v.Version))}</a>");
            html.Append(CultureInfo.InvariantCulture, $" · effective {H(DateText(v.EffectiveDate))}{(v.IsCurrent ? " · <strong>current</strong>" : " · superseded")} · {H(SourceText(v.Source))}");
            if (older is not null)
            {
                html.Append(CultureInfo.InvariantCulture, $" · <a href=\"{H(LabelViewerLinks.ChangesPath(v.SetId, older.Version, v.Version))}\">changes from version {H(VersionText(older.Version))}</a>");
            }
            html.Append("</li>");
        }
        return html.Append("</ul></section>").ToString();
    }

    private static void AppendToc(IReadOnlyList<OutlineSection> sections, StringBuilder html)
    {
        html.Append("<ol>");
        foreach (var section in sections)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"#{section.Anchor}\">{H(section.Heading)}</a>");
            if (section.Children.Count > 0)
            {
                AppendToc(section.Children, html);
            }
            html.Append("</li>");
        }
        html.Append("</ol>");
    }

    private static void AppendSection(OutlineSection section, string? citedPassageId, StringBuilder html)
    {
        var level = Math.Min(section.Depth + 2, 6);
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"sec\" id=\"{section.Anchor}\"><h{level}>{H(section.Heading)}</h{level}>");
        foreach (var passage in section.Passages)
        {
            AppendPassage(passage, passage.Id == citedPassageId, html);
        }
        foreach (var child in section.Children)
        {
            AppendSection(child, citedPassageId, html);
        }
        html.Append("</section>");
    }

    private static void AppendPassage(Passage passage, bool cited, StringBuilder html)
    {
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"passage{(cited ? " cited" : "")}\" id=\"{H(LabelViewerLinks.PassageAnchor(passage.Id))}\">");
        if (cited)
        {
            html.Append("<p class=\"cited-tag\"><strong>Cited passage</strong></p>");
        }
        var (open, close) = cited ? ("<mark>", "</mark>") : ("", "");
        foreach (var block in PassageLayout.Blocks(passage.Text))
        {
            if (block.Kind == LayoutKind.Table)
            {
                html.Append("<div class=\"table-wrap\"><table><tbody>");
                foreach (var row in block.Rows)
                {
                    html.Append("<tr>");
                    foreach (var cell in row)
                    {
                        html.Append(CultureInfo.InvariantCulture, $"<td>{open}{H(cell)}{close}</td>");
                    }
                    html.Append("</tr>");
                }
                html.Append("</tbody></table></div>");
            }
            else
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"text\">{open}{H(string.Join('\n', block.Lines))}{close}</p>");
            }
        }
        html.Append("</div>");
    }

    // ---- /labels/{setId}/changes --------------------------------------------------------------------------------

    public static string ChangesPage(LabelVersionInfo label, IReadOnlyList<LabelVersionInfo> versions, LabelDiff? diff, int? from, int? to, string? problem)
    {
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"{LabelViewerLinks.Root}\">All labels</a> › <a href=\"{H(LabelViewerLinks.LabelPath(label.SetId))}\">{H(label.DisplayName)}</a></nav>");
        body.Append(CultureInfo.InvariantCulture, $"<h1>Changes: {H(label.DisplayName)}</h1>");
        body.Append(CultureInfo.InvariantCulture, $"<p>{H(BotTexts.Get(ViewerTexts.ChangesIntro))}</p>");
        body.Append(VersionPicker(label.SetId, versions, diff?.From.Version ?? from, diff?.To.Version ?? to));
        if (problem is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice notice-warning\" role=\"alert\">{H(problem)}</p>");
            return Page($"Changes: {label.DisplayName}", body.ToString());
        }
        var d = diff!;
        body.Append(CultureInfo.InvariantCulture, $"""
            <p class="compare">From <a href="{H(LabelViewerLinks.VersionPath(d.SetId, d.From.Version))}">version {H(VersionText(d.From.Version))}</a> (effective {H(DateText(d.From.EffectiveDate))})
            to <a href="{H(LabelViewerLinks.VersionPath(d.SetId, d.To.Version))}">version {H(VersionText(d.To.Version))}</a> (effective {H(DateText(d.To.EffectiveDate))}):
            {d.Changed.Count} section(s) changed, {d.Added.Count} added, {d.Removed.Count} removed, {d.UnchangedSections} unchanged.</p>
            """);
        if (!d.HasChanges)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\">{H(BotTexts.Get(ViewerTexts.ChangesNone))}</p>");
        }
        AppendChangeGroup("Changed sections", d.Changed, d, body);
        AppendChangeGroup("Added sections", d.Added, d, body);
        AppendChangeGroup("Removed sections", d.Removed, d, body);
        return Page($"Changes: {label.DisplayName}", body.ToString());
    }

    private static string VersionPicker(string setId, IReadOnlyList<LabelVersionInfo> versions, int? from, int? to)
    {
        string Options(int? selected) => string.Concat(versions.OrderByDescending(v => v.Version).Select(v =>
            $"<option value=\"{v.Version.ToString(CultureInfo.InvariantCulture)}\"{(v.Version == selected ? " selected" : "")}>version {H(VersionText(v.Version))} ({H(DateText(v.EffectiveDate))})</option>"));
        return $"""
            <form class="picker" method="get" action="{H(LabelViewerLinks.LabelPath(setId))}/changes">
              <label>From <select name="from">{Options(from)}</select></label>
              <label>To <select name="to">{Options(to)}</select></label>
              <button type="submit">Compare</button>
            </form>
            """;
    }

    private static void AppendChangeGroup(string heading, IReadOnlyList<SectionChange> changes, LabelDiff diff, StringBuilder html)
    {
        if (changes.Count == 0)
        {
            return;
        }
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"changes\"><h2>{H(heading)} ({changes.Count})</h2>");
        foreach (var change in changes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"change\"><h3>{H(change.DisplayTitle)}</h3>");
            if (change.SectionPath.Length > 0 && change.SectionPath != change.DisplayTitle)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"path\">{H(change.SectionPath)}</p>");
            }
            html.Append("<ul class=\"diff\">");
            foreach (var sentence in change.RemovedSentences)
            {
                html.Append(CultureInfo.InvariantCulture, $"""
                    <li class="removed"><span class="tag">Removed:</span> <del>{H(sentence.Text)}</del> <a class="where" href="{H(LabelViewerLinks.VersionPath(diff.SetId, diff.From.Version, sentence.PassageId))}">in version {H(VersionText(diff.From.Version))}</a></li>
                    """);
            }
            foreach (var sentence in change.AddedSentences)
            {
                html.Append(CultureInfo.InvariantCulture, $"""
                    <li class="added"><span class="tag">Added:</span> <ins>{H(sentence.Text)}</ins> <a class="where" href="{H(LabelViewerLinks.VersionPath(diff.SetId, diff.To.Version, sentence.PassageId))}">in version {H(VersionText(diff.To.Version))}</a></li>
                    """);
            }
            html.Append("</ul></section>");
        }
        html.Append("</section>");
    }

    // ---- shared ---------------------------------------------------------------------------------------------------

    public static string MessagePage(string title, string text) =>
        Page(title, $"<nav class=\"crumbs\"><a href=\"{LabelViewerLinks.Root}\">All labels</a></nav><h1>{H(title)}</h1><p class=\"notice\">{H(text)}</p>");

    public static string VersionText(int version) =>
        LabelVersions.IsStated(version) ? version.ToString(CultureInfo.InvariantCulture) : "not stated";

    public static string DateText(DateOnly date) =>
        LabelVersions.IsStated(date) ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "not stated";

    private static string SourceText(LabelSource source) => source == LabelSource.OpenFda ? "openFDA" : "SPL";

    private static string FormatText(LabelFormat format) => format switch
    {
        LabelFormat.Plr => "prescription (PLR)",
        LabelFormat.NonPlr => "prescription",
        LabelFormat.Otc => "OTC Drug Facts",
        _ => "other",
    };

    private static string Page(string title, string body)
    {
        var disclaimer = PromptCatalog.Default.Render("disclaimer").Trim().Trim('_');
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{H(title)} · LabelBot</title>
            <link rel="stylesheet" href="{LabelViewerLinks.Root}/viewer.css">
            </head>
            <body>
            <header class="top"><a class="brand" href="{LabelViewerLinks.Root}">LabelBot labels</a> <a href="/">Ask LabelBot</a></header>
            <main>
            {body}
            </main>
            <footer><p>{H(disclaimer)}</p></footer>
            </body>
            </html>
            """;
    }
}
