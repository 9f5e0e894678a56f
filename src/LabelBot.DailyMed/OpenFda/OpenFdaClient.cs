using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LabelBot.Core.Labels;
using LabelBot.DailyMed.Client;
using LabelBot.Labels;
using LabelBot.Labels.OpenFda;

namespace LabelBot.DailyMed.OpenFda;

/// <summary>One label record returned by openFDA: parsed (so known to be a usable label) and its JSON as served.</summary>
public sealed record OpenFdaRecord(LabelDocument Document, byte[] Json);

/// <summary>
/// "Get the current label of a drug from openFDA": what fetch-on-demand (and `fetch --openfda`) call. Every label
/// returned was parsed as an openFDA record and saved atomically before it is returned; failures are
/// <see cref="DailyMedException"/>s with a one-line message.
/// </summary>
public interface IOpenFdaLabelSource
{
    /// <summary>The current label for a drug name (brand or generic): the best of openFDA's matches, saved; null when nothing matches.</summary>
    Task<DownloadedLabel?> FetchCurrentLabelAsync(string drugName, CancellationToken cancellationToken = default);

    /// <summary>The record of one label set, saved; a <see cref="DailyMedErrorKind.NotFound"/> error when openFDA has none.</summary>
    Task<DownloadedLabel> FetchBySetIdAsync(string setId, CancellationToken cancellationToken = default);
}

/// <summary>
/// openFDA's drug label API (<c>{base}/drug/label.json?search=…</c>): search by brand or generic name, or by set id.
/// openFDA answers "no match" with HTTP 404 and <c>{"error":{"code":"NOT_FOUND",…}}</c>, which becomes an empty result.
/// </summary>
public sealed class OpenFdaClient : IOpenFdaLabelSource, IDisposable
{
    private readonly IDisposable? _ownedHttp;
    private readonly LabelServiceHttp _service;

    public OpenFdaClient(HttpClient http, OpenFdaOptions options)
        : this(http, options, ownedHttp: null)
    {
    }

    private OpenFdaClient(HttpClient http, OpenFdaOptions options, IDisposable? ownedHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _ownedHttp = ownedHttp;
        Options = options;
        _service = new LabelServiceHttp(http, "openFDA", options.BaseUrl, options.RequestTimeout);
    }

    public OpenFdaOptions Options { get; }

    /// <summary>A client from HttpClientFactory with the standard resilience handler (<see cref="LabelServiceHttpClients"/>).</summary>
    public static OpenFdaClient Create(OpenFdaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var http = LabelServiceHttpClients.Create(options.HttpSettings());
        return new OpenFdaClient(http.Client, options, http);
    }

    /// <summary>The records whose brand or generic name matches (one per set id, best match first); empty when none.</summary>
    public async Task<IReadOnlyList<OpenFdaRecord>> SearchAsync(string drugName, CancellationToken cancellationToken = default)
    {
        var name = DailyMedClient.ValidateDrugName(drugName);
        // The name goes inside a quoted phrase: quotes and backslashes would end it or escape out of it.
        var phrase = Uri.EscapeDataString(new string(name.Where(c => c is not ('"' or '\\')).ToArray()));
        var query = string.Create(CultureInfo.InvariantCulture,
            $"search=openfda.brand_name:%22{phrase}%22+openfda.generic_name:%22{phrase}%22&limit={Options.SearchLimit}");
        var records = await QueryAsync(query, $"the search for '{name}'", cancellationToken);
        return records
            .DistinctBy(r => r.Document.SetId, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(r => NamesMatch(r.Document, name))
            .ThenByDescending(r => r.Document.EffectiveDate)
            .ThenByDescending(r => r.Document.Version)
            .ToList();
    }

    public async Task<DownloadedLabel?> FetchCurrentLabelAsync(string drugName, CancellationToken cancellationToken = default)
    {
        var records = await SearchAsync(drugName, cancellationToken);
        return records.Count == 0 ? null : await SaveAsync(records[0], cancellationToken);
    }

    public async Task<DownloadedLabel> FetchBySetIdAsync(string setId, CancellationToken cancellationToken = default)
    {
        var id = DailyMedClient.ValidateSetId(setId);
        var records = await QueryAsync($"search=set_id:%22{id}%22&limit=1", $"the label with set id {id}", cancellationToken);
        var record = records.FirstOrDefault()
            ?? throw new DailyMedException(DailyMedErrorKind.NotFound, $"openFDA has no label with set id {id}");
        if (!string.Equals(record.Document.SetId, id, StringComparison.OrdinalIgnoreCase))
        {
            throw new DailyMedException(DailyMedErrorKind.NotSpl, $"openFDA returned the label with set id {record.Document.SetId} when {id} was asked for");
        }
        return await SaveAsync(record, cancellationToken);
    }

    /// <summary>Writes the record as openFDA JSON to <c>{DownloadsFolder}/{setid}-v{version}.json</c> (atomically).</summary>
    public async Task<DownloadedLabel> SaveAsync(OpenFdaRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var document = record.Document;
        var id = DailyMedClient.ValidateSetId(document.SetId);
        var path = Path.Combine(Options.DownloadsFolder, string.Create(CultureInfo.InvariantCulture, $"{id}-v{document.Version}.json"));
        await AtomicFile.WriteAllBytesAsync(path, record.Json, cancellationToken);
        return new DownloadedLabel(id, document.Version, document.EffectiveDate, document.DisplayName, path, record.Json.LongLength, document);
    }

    public void Dispose() => _ownedHttp?.Dispose();

    private async Task<IReadOnlyList<OpenFdaRecord>> QueryAsync(string query, string what, CancellationToken cancellationToken)
    {
        var uri = new Uri(Options.BaseUrl.AbsoluteUri.TrimEnd('/') + "/drug/label.json?" + query);
        byte[] json;
        try
        {
            json = await _service.GetAsync(uri, what, "application/json", Options.MaxResponseBytes, notFound: null, cancellationToken);
        }
        catch (DailyMedException ex) when (ex.Kind == DailyMedErrorKind.NotFound)
        {
            return []; // openFDA's "No matches found!"
        }
        return _service.ReadJson(json, what, root =>
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("no results array");
            }
            var records = new List<OpenFdaRecord>();
            var index = 0;
            foreach (var element in results.EnumerateArray())
            {
                index++;
                try
                {
                    var document = OpenFdaParser.ParseRecord(element, $"openFDA record {index}");
                    records.Add(new OpenFdaRecord(document, Encoding.UTF8.GetBytes(element.GetRawText())));
                }
                catch (LabelParseException ex)
                {
                    throw new DailyMedException(DailyMedErrorKind.NotSpl, $"openFDA returned a record for {what} that is not a usable label (record {index}): {ex.Reason}", ex);
                }
            }
            return records;
        });
    }

    private static bool NamesMatch(LabelDocument document, string name) =>
        document.Products.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) ||
                                   string.Equals(p.GenericName, name, StringComparison.OrdinalIgnoreCase));
}
