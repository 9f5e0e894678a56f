using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LabelBot.DailyMed.Tests.TestSupport;

/// <summary>
/// An openFDA stand-in on 127.0.0.1 speaking api.fda.gov's wire format for drug/label.json: <c>search=set_id:"ID"</c>
/// or <c>search=openfda.brand_name:"X"+openfda.generic_name:"X"</c>, <c>{"meta":…,"results":[…]}</c> on a match, and
/// openFDA's own 404 body when nothing matches. It serves the real records of ../shared/labels/openfda.
/// </summary>
public sealed class LoopbackOpenFda : IAsyncDisposable
{
    public const string NotFoundBody = """{"error":{"code":"NOT_FOUND","message":"No matches found!"}}""";

    private readonly List<JsonObject> _records = [];
    private readonly ConcurrentQueue<string> _requests = new();
    private WebApplication _app = null!;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The raw query strings received, in order.</summary>
    public IReadOnlyList<string> Requests => _requests.ToList();

    /// <summary>When set, every request answers with this status and body instead.</summary>
    public (int Status, string Body)? Fault { get; set; }

    public static async Task<LoopbackOpenFda> StartAsync()
    {
        var server = new LoopbackOpenFda();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/drug/label.json", server.LabelAsync);
        await app.StartAsync();
        server._app = app;
        server.BaseUrl = new Uri(app.Urls.Single());
        return server;
    }

    /// <summary>Serves the records of a shared openFDA file (an API response).</summary>
    public void Publish(string sharedFile)
    {
        var folder = LabelBot.Testing.TestLocations.FindOpenFdaFolder() ?? throw new InvalidOperationException("shared/labels/openfda not found");
        var response = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, sharedFile)))!;
        foreach (var record in response["results"]!.AsArray())
        {
            _records.Add((JsonObject)record!.DeepClone());
        }
    }

    private async Task LabelAsync(HttpContext context)
    {
        var raw = context.Request.QueryString.Value ?? string.Empty;
        _requests.Enqueue(raw);
        if (Fault is { } fault)
        {
            context.Response.StatusCode = fault.Status;
            await context.Response.WriteAsync(fault.Body);
            return;
        }
        // openFDA reads '+' in search as a space (OR between terms); Request.Query does the same decoding.
        var search = context.Request.Query["search"].ToString();
        var limit = int.TryParse(context.Request.Query["limit"], out var l) ? l : 1;
        // field:"a quoted phrase" or field:value, separated by spaces.
        var terms = System.Text.RegularExpressions.Regex.Matches(search, "([\\w.]+):(?:\"([^\"]*)\"|(\\S+))")
            .Select(m => (Field: m.Groups[1].Value, Value: m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value))
            .ToList();
        var matches = _records.Where(r => terms.Any(t => Matches(r, t.Field, t.Value))).Take(limit).ToList();
        context.Response.ContentType = "application/json";
        if (matches.Count == 0)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync(NotFoundBody);
            return;
        }
        var body = new JsonObject
        {
            ["meta"] = new JsonObject { ["results"] = new JsonObject { ["skip"] = 0, ["limit"] = limit, ["total"] = matches.Count } },
            ["results"] = new JsonArray(matches.Select(m => (JsonNode)m.DeepClone()).ToArray()),
        };
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static bool Matches(JsonObject record, string field, string value)
    {
        var node = field.StartsWith("openfda.", StringComparison.Ordinal) ? record["openfda"]?[field["openfda.".Length..]] : record[field];
        var values = node switch
        {
            JsonArray array => array.Select(v => v!.GetValue<string>()),
            JsonValue single => [single.GetValue<string>()],
            _ => [],
        };
        return values.Any(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
