using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using LabelBot.DailyMed;
using LabelBot.Labels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LabelBot.Testing;

/// <summary>What a loopback endpoint does instead of answering normally.</summary>
public enum Fault
{
    None,
    NotFound,
    ServerError,
    /// <summary>429 without Retry-After: the service is busy.</summary>
    TooManyRequests,
    /// <summary>Never answers (until the client gives up).</summary>
    Hang,
    /// <summary>Announces the full length, sends half of the body, then drops the connection.</summary>
    TruncatedBody,
    /// <summary>200 with an XML document that is not SPL.</summary>
    NotSpl,
    /// <summary>200 with broken JSON.</summary>
    MalformedJson,
}

public enum Endpoint { Search, Label, History }

/// <summary>
/// A DailyMed stand-in on 127.0.0.1 (Kestrel, random port) speaking the v2 web services' wire format: spls.json
/// search by drug name, spls/{setid}.xml, spls/{setid}/history.json. Labels are real SPL files; faults can be set per
/// endpoint to test failure handling.
/// </summary>
public sealed class LoopbackDailyMed : IAsyncDisposable
{
    public const string ServicePath = "/dailymed/services/v2";

    private readonly ConcurrentDictionary<string, List<PublishedVersion>> _labels = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<Endpoint, Fault> _faults = new();
    private readonly ConcurrentDictionary<Endpoint, int> _faultsLeft = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private WebApplication _app = null!;
    private int _disposed;

    private LoopbackDailyMed()
    {
    }

    /// <summary>The base URL to give DailyMedOptions (…/dailymed/services/v2).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Request paths with query strings, in order.</summary>
    public IReadOnlyList<string> Requests => _requests.ToList();

    private sealed record PublishedVersion(int Version, DateOnly Date, string Title, byte[] Xml, IReadOnlyList<string> Names);

    public static async Task<LoopbackDailyMed> StartAsync()
    {
        var server = new LoopbackDailyMed();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            server._requests.Enqueue(context.Request.Path + context.Request.QueryString);
            await next(context);
        });
        app.MapGet(ServicePath + "/spls.json", server.SearchAsync);
        app.MapGet(ServicePath + "/spls/{setId}/history.json", server.HistoryAsync);
        app.MapGet(ServicePath + "/spls/{file}", server.LabelAsync);
        await app.StartAsync();
        server._app = app;
        server.BaseUrl = new Uri(app.Urls.Single() + ServicePath);
        return server;
    }

    /// <summary>Publishes a label version (the newest published version is what spls/{setid}.xml serves).</summary>
    public void Publish(byte[] xml, params string[] drugNames)
    {
        using var stream = new MemoryStream(xml);
        var label = SplParser.Parse(stream, "published");
        var versions = _labels.GetOrAdd(label.SetId, _ => []);
        lock (versions)
        {
            versions.RemoveAll(v => v.Version == label.Version);
            versions.Add(new PublishedVersion(label.Version, label.EffectiveDate, label.Title, xml, drugNames));
            versions.Sort((a, b) => b.Version.CompareTo(a.Version));
        }
    }

    public void SetFault(Endpoint endpoint, Fault fault)
    {
        _faultsLeft.TryRemove(endpoint, out _);
        _faults[endpoint] = fault;
    }

    /// <summary>The fault for the next <paramref name="times"/> requests to the endpoint only; the endpoint works after that.</summary>
    public void SetFault(Endpoint endpoint, Fault fault, int times)
    {
        _faultsLeft[endpoint] = times;
        _faults[endpoint] = fault;
    }

    public int CountRequests(string pathPart) => _requests.Count(r => r.Contains(pathPart, StringComparison.OrdinalIgnoreCase));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task SearchAsync(HttpContext context)
    {
        if (await ApplyFaultAsync(context, Endpoint.Search))
        {
            return;
        }
        var name = context.Request.Query["drug_name"].ToString();
        var pageSize = int.TryParse(context.Request.Query["pagesize"], CultureInfo.InvariantCulture, out var size) ? size : 100;
        var page = int.TryParse(context.Request.Query["page"], CultureInfo.InvariantCulture, out var p) ? p : 1;
        var matches = _labels
            .Select(kv => (SetId: kv.Key, Latest: Latest(kv.Value)))
            .Where(l => l.Latest.Names.Any(n => n.Contains(name, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(l => l.Latest.Title, StringComparer.Ordinal)
            .ToList();
        var totalPages = Math.Max(1, (matches.Count + pageSize - 1) / pageSize);
        var data = matches.Skip((page - 1) * pageSize).Take(pageSize).Select(l => new Dictionary<string, object>
        {
            ["spl_version"] = l.Latest.Version,
            ["published_date"] = PublishedDate(l.Latest.Date),
            ["title"] = l.Latest.Title,
            ["setid"] = l.SetId,
        });
        await context.Response.WriteAsJsonAsync(new
        {
            metadata = Metadata(matches.Count, pageSize, page, totalPages),
            data,
        });
    }

    private async Task HistoryAsync(HttpContext context, string setId)
    {
        if (await ApplyFaultAsync(context, Endpoint.History))
        {
            return;
        }
        if (!_labels.TryGetValue(setId, out var versions))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        List<PublishedVersion> snapshot;
        lock (versions)
        {
            snapshot = [.. versions];
        }
        await context.Response.WriteAsJsonAsync(new
        {
            metadata = Metadata(snapshot.Count, 100, 1, 1),
            data = snapshot.Select(v => new Dictionary<string, object>
            {
                ["spl_version"] = v.Version,
                ["published_date"] = PublishedDate(v.Date),
            }),
        });
    }

    private async Task LabelAsync(HttpContext context, string file)
    {
        if (await ApplyFaultAsync(context, Endpoint.Label))
        {
            return;
        }
        var setId = file.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? file[..^4] : file;
        if (!_labels.TryGetValue(setId, out var versions))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.ContentType = "text/xml";
        await context.Response.Body.WriteAsync(Latest(versions).Xml);
    }

    private async Task<bool> ApplyFaultAsync(HttpContext context, Endpoint endpoint)
    {
        var fault = _faults.GetValueOrDefault(endpoint);
        if (fault != Fault.None && _faultsLeft.TryGetValue(endpoint, out _) && _faultsLeft.AddOrUpdate(endpoint, 0, (_, left) => left - 1) < 0)
        {
            fault = Fault.None;
        }
        switch (fault)
        {
            case Fault.None:
                return false;
            case Fault.NotFound:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return true;
            case Fault.ServerError:
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsync("<html><body>Internal Server Error</body></html>");
                return true;
            case Fault.TooManyRequests:
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return true;
            case Fault.Hang:
                try
                {
                    await Task.Delay(TimeSpan.FromMinutes(2), context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }
                return true;
            case Fault.TruncatedBody:
                var body = _labels.Values.Select(Latest).First().Xml;
                context.Response.ContentLength = body.Length;
                context.Response.ContentType = "text/xml";
                await context.Response.StartAsync();
                await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2));
                await context.Response.Body.FlushAsync();
                // Let the headers and half the body reach the client before the connection drops.
                await Task.Delay(200);
                context.Abort();
                return true;
            case Fault.NotSpl:
                context.Response.ContentType = "text/xml";
                await context.Response.WriteAsync(
                    """<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Service notice</title></feed>""",
                    Encoding.UTF8);
                return true;
            case Fault.MalformedJson:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"metadata": {"total_pages": 1}, "data": [{"setid": """);
                return true;
            default:
                throw new InvalidOperationException("unknown fault");
        }
    }

    private static PublishedVersion Latest(List<PublishedVersion> versions)
    {
        lock (versions)
        {
            return versions[0];
        }
    }

    // DailyMed writes dates like "Oct 31, 2025" and some metadata as strings, including the string "null".
    private static string PublishedDate(DateOnly date) => date.ToString("MMM dd, yyyy", CultureInfo.InvariantCulture);

    private static Dictionary<string, object> Metadata(int total, int pageSize, int page, int totalPages) => new()
    {
        ["db_published_date"] = "Nov 27, 2025 09:00AM EST",
        ["elements_per_page"] = pageSize,
        ["total_elements"] = total,
        ["total_pages"] = totalPages,
        ["current_page"] = page,
        ["next_page"] = page < totalPages ? (page + 1).ToString(CultureInfo.InvariantCulture) : "null",
        ["previous_page"] = page > 1 ? (page - 1).ToString(CultureInfo.InvariantCulture) : "null",
    };
}
