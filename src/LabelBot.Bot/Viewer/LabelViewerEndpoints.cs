using System.Text;
using LabelBot.Bot.Backend;
using LabelBot.Bot.Texts;
using LabelBot.Core.Retrieval;
using LabelBot.DailyMed.Diff;

namespace LabelBot.Bot.Viewer;

/// <summary>
/// The label viewer: /labels (search by name and ingredient), /labels/{setId} (current version),
/// /labels/{setId}/v{version} (that stored version; ?passage=ID highlights a cited passage, #p-ID scrolls to it) and
/// /labels/{setId}/changes?from=&amp;to= (the stored diff). Reads the label store through its contract only
/// (<see cref="ILabelHistoryStore"/>), so SQLite and PostgreSQL serve the same pages.
/// </summary>
public static class LabelViewerEndpoints
{
    // No script, no third-party anything: the pages are HTML and one stylesheet from this host.
    private const string PageSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private const int MaxPassageIdLength = 100;

    public static IEndpointRouteBuilder MapLabelViewer(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(LabelViewerLinks.Root + "/viewer.css", () =>
        {
            var stream = typeof(LabelViewerEndpoints).Assembly.GetManifestResourceStream("LabelBot.Bot.Web.viewer.css")
                ?? throw new InvalidOperationException("Missing embedded web asset viewer.css.");
            return Results.Stream(stream, "text/css; charset=utf-8");
        });
        endpoints.MapGet(LabelViewerLinks.Root, ListAsync);
        endpoints.MapGet(LabelViewerLinks.Root + "/{setId}", (HttpContext context, BotBackend backend, string setId, string? passage, CancellationToken cancellationToken) =>
            LabelAsync(context, backend, setId, version: null, passage, cancellationToken));
        endpoints.MapGet(LabelViewerLinks.Root + "/{setId}/v{version:int}", (HttpContext context, BotBackend backend, string setId, int version, string? passage, CancellationToken cancellationToken) =>
            LabelAsync(context, backend, setId, version, passage, cancellationToken));
        endpoints.MapGet(LabelViewerLinks.Root + "/{setId}/changes", ChangesAsync);
        return endpoints;
    }

    private static async Task<IResult> ListAsync(HttpContext context, BotBackend backend, string? q, CancellationToken cancellationToken)
    {
        if (History(backend) is not { } store)
        {
            return Loading(context);
        }
        var all = await store.ListLabelsAsync(includeHistory: true, cancellationToken);
        var query = q is null ? null : q[..Math.Min(q.Length, LabelCatalog.MaxQueryLength)];
        var matches = LabelCatalog.Search(all, query);
        return Html(context, LabelViewerHtml.ListPage(query, matches, all.Count(v => v.IsCurrent)));
    }

    private static async Task<IResult> LabelAsync(HttpContext context, BotBackend backend, string setId, int? version, string? passage, CancellationToken cancellationToken)
    {
        if (History(backend) is not { } store)
        {
            return Loading(context);
        }
        var versions = await store.ListVersionsAsync(setId, cancellationToken);
        var shown = version is { } v ? versions.FirstOrDefault(x => x.Version == v) : versions.FirstOrDefault(x => x.IsCurrent) ?? versions.MaxBy(x => x.Version);
        if (shown is null)
        {
            return NotFound(context);
        }
        var passages = await store.GetPassagesAsync(shown.SetId, shown.Version, cancellationToken);
        var cited = string.IsNullOrWhiteSpace(passage) || passage.Length > MaxPassageIdLength ? null : passage.Trim();
        Core.Labels.Passage? elsewhere = null;
        if (cited is not null && !passages.Any(p => p.Id == cited))
        {
            // A citation of another stored version of this label: say which, and link there.
            var found = await store.GetPassageAsync(cited, cancellationToken);
            elsewhere = found is not null && found.SetId == shown.SetId ? found : null;
        }
        return Html(context, LabelViewerHtml.LabelPage(new LabelPageModel(shown, versions, passages, cited, elsewhere)));
    }

    private static async Task<IResult> ChangesAsync(HttpContext context, BotBackend backend, string setId, int? from, int? to, CancellationToken cancellationToken)
    {
        if (History(backend) is not { } store)
        {
            return Loading(context);
        }
        var versions = await store.ListVersionsAsync(setId, cancellationToken);
        var label = versions.FirstOrDefault(x => x.IsCurrent) ?? versions.MaxBy(x => x.Version);
        if (label is null)
        {
            return NotFound(context);
        }
        try
        {
            var diff = await new LabelDiffService(store).DiffAsync(setId, from, to, cancellationToken);
            return Html(context, LabelViewerHtml.ChangesPage(label, versions, diff, from, to, problem: null));
        }
        catch (LabelDiffException e)
        {
            // The message names the stored versions to choose from; it is HTML-encoded like everything else.
            return Html(context, LabelViewerHtml.ChangesPage(label, versions, diff: null, from, to, e.Message), StatusCodes.Status404NotFound);
        }
    }

    /// <summary>The label store once the host is ready; both shipped stores keep every version (null while loading).</summary>
    private static ILabelHistoryStore? History(BotBackend backend) => backend.LabelStore as ILabelHistoryStore;

    private static IResult Loading(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "30";
        return Html(context, LabelViewerHtml.MessagePage("Labels", BotTexts.Get(ViewerTexts.Loading)), StatusCodes.Status503ServiceUnavailable);
    }

    private static IResult NotFound(HttpContext context) =>
        Html(context, LabelViewerHtml.MessagePage("Label not found", BotTexts.Get(ViewerTexts.NotFound)), StatusCodes.Status404NotFound);

    private static IResult Html(HttpContext context, string html, int status = StatusCodes.Status200OK)
    {
        context.Response.Headers.ContentSecurityPolicy = PageSecurityPolicy;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
