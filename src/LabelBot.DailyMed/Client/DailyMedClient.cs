using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LabelBot.Core.Labels;
using LabelBot.Labels;

namespace LabelBot.DailyMed.Client;

/// <summary>
/// The DailyMed v2 web services LabelBot uses: SPL search by drug name, SPL XML by set id and version history by set
/// id. Every failure becomes a <see cref="DailyMedException"/> with a one-line reason; a downloaded label is parsed
/// as SPL before it is written (atomically) under <see cref="DailyMedOptions.DownloadsFolder"/>, so nothing that is
/// not a label ever lands on disk.
/// </summary>
public sealed class DailyMedClient : IDisposable
{
    private const int MaxHistoryPages = 20;
    private const long MaxJsonBytes = 16L * 1024 * 1024;
    private const int MaxDrugNameLength = 200;

    private readonly IDisposable? _ownedHttp;
    private readonly LabelServiceHttp _service;

    /// <summary>Uses <paramref name="http"/> as given (the caller owns it); timeouts come from <paramref name="options"/>.</summary>
    public DailyMedClient(HttpClient http, DailyMedOptions options)
        : this(http, options, ownedHttp: null)
    {
    }

    private DailyMedClient(HttpClient http, DailyMedOptions options, IDisposable? ownedHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _ownedHttp = ownedHttp;
        Options = options;
        _service = new LabelServiceHttp(http, "DailyMed", options.BaseUrl, options.RequestTimeout);
    }

    public DailyMedOptions Options { get; }

    /// <summary>A client from HttpClientFactory with the standard resilience handler (<see cref="LabelServiceHttpClients"/>).</summary>
    public static DailyMedClient Create(DailyMedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var http = LabelServiceHttpClients.Create(options.HttpSettings());
        return new DailyMedClient(http.Client, options, http);
    }

    /// <summary>True for a DailyMed set id (a GUID such as 5015a380-a229-4eff-8e31-528065c6ed64).</summary>
    public static bool IsSetId(string? value) => Guid.TryParseExact(value?.Trim(), "D", out _);

    /// <summary>One page of spls.json?drug_name=…</summary>
    public async Task<SplSearchPage> SearchPageAsync(string drugName, int page, CancellationToken cancellationToken = default)
    {
        var name = ValidateDrugName(drugName);
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        var uri = Endpoint(string.Create(CultureInfo.InvariantCulture,
            $"spls.json?drug_name={Uri.EscapeDataString(name)}&pagesize={Options.SearchPageSize}&page={page}"));
        var what = $"the search for '{name}'";
        var json = await _service.GetAsync(uri, what, "application/json", MaxJsonBytes, notFound: null, cancellationToken);
        return _service.ReadJson(json, what, root => DailyMedJson.ReadSearchPage(root, page));
    }

    /// <summary>Every label whose drug name matches, up to <see cref="DailyMedOptions.MaxSearchResults"/>, one entry per set id.</summary>
    public async Task<SplSearchResult> SearchAsync(string drugName, CancellationToken cancellationToken = default)
    {
        var name = ValidateDrugName(drugName);
        var labels = new List<SplSummary>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var total = 0;
        for (var page = 1; labels.Count < Options.MaxSearchResults; page++)
        {
            var result = await SearchPageAsync(name, page, cancellationToken);
            total = Math.Max(total, result.TotalElements);
            foreach (var label in result.Labels)
            {
                if (labels.Count < Options.MaxSearchResults && seen.Add(label.SetId))
                {
                    labels.Add(label);
                }
            }
            if (result.Labels.Count == 0 || page >= result.TotalPages)
            {
                break;
            }
        }
        return new SplSearchResult(name, labels, Math.Max(total, labels.Count));
    }

    /// <summary>The versions DailyMed has published for a label set, newest first.</summary>
    public async Task<IReadOnlyList<SplHistoryEntry>> GetHistoryAsync(string setId, CancellationToken cancellationToken = default)
    {
        var id = ValidateSetId(setId);
        var what = $"the version history of set id {id}";
        var entries = new List<SplHistoryEntry>();
        for (var page = 1; page <= MaxHistoryPages; page++)
        {
            var uri = Endpoint(string.Create(CultureInfo.InvariantCulture, $"spls/{id}/history.json?pagesize=100&page={page}"));
            var json = await _service.GetAsync(uri, what, "application/json", MaxJsonBytes, notFound: $"DailyMed has no label with set id {id} (HTTP 404)", cancellationToken);
            var (pageEntries, totalPages) = _service.ReadJson(json, what, root => DailyMedJson.ReadHistory(root, page));
            entries.AddRange(pageEntries);
            if (pageEntries.Count == 0 || page >= totalPages)
            {
                break;
            }
        }
        return entries
            .GroupBy(e => e.Version)
            .Select(g => g.First())
            .OrderByDescending(e => e.Version)
            .ToList();
    }

    /// <summary>
    /// Downloads the current SPL of a label set, checks that it is that label, and saves it as
    /// <c>{DownloadsFolder}/{setid}-v{version}.xml</c>. Nothing is written when any step fails.
    /// </summary>
    public async Task<DownloadedLabel> DownloadLabelAsync(string setId, CancellationToken cancellationToken = default)
    {
        var id = ValidateSetId(setId);
        var bytes = await _service.GetAsync(Endpoint($"spls/{id}.xml"), $"the label with set id {id}", "application/xml",
            Options.MaxDocumentBytes, notFound: $"DailyMed has no label with set id {id} (HTTP 404)", cancellationToken);

        LabelDocument document;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            document = SplParser.Parse(stream, $"DailyMed label {id}");
        }
        catch (LabelParseException ex)
        {
            throw new DailyMedException(DailyMedErrorKind.NotSpl, $"DailyMed returned a document for set id {id} that is not a usable SPL label: {ex.Reason}", ex);
        }
        if (!string.Equals(document.SetId, id, StringComparison.OrdinalIgnoreCase))
        {
            throw new DailyMedException(DailyMedErrorKind.NotSpl, $"DailyMed returned the label with set id {document.SetId} when {id} was asked for");
        }

        var path = Path.Combine(Options.DownloadsFolder, string.Create(CultureInfo.InvariantCulture, $"{id}-v{document.Version}.xml"));
        await AtomicFile.WriteAllBytesAsync(path, bytes, cancellationToken);
        return new DownloadedLabel(id, document.Version, document.EffectiveDate, document.DisplayName, path, bytes.LongLength, document);
    }

    public void Dispose() => _ownedHttp?.Dispose();

    private Uri Endpoint(string relative) => new(Options.BaseUrl.AbsoluteUri.TrimEnd('/') + "/" + relative);

    internal static string ValidateSetId(string setId)
    {
        // The set id goes into a URL path and a file name: only a well-formed GUID is accepted.
        if (!IsSetId(setId))
        {
            throw new DailyMedException(DailyMedErrorKind.InvalidRequest, $"'{setId}' is not a DailyMed set id (expected a GUID such as 5015a380-a229-4eff-8e31-528065c6ed64)");
        }
        return setId.Trim().ToLowerInvariant();
    }

    internal static string ValidateDrugName(string drugName)
    {
        var name = drugName?.Trim() ?? string.Empty;
        if (name.Length == 0 || name.Length > MaxDrugNameLength)
        {
            throw new DailyMedException(DailyMedErrorKind.InvalidRequest, $"a drug name must have 1 to {MaxDrugNameLength} characters");
        }
        return name;
    }
}
