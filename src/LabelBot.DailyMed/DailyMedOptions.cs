namespace LabelBot.DailyMed;

/// <summary>
/// Where DailyMed is and how LabelBot talks to it. The base URL comes from <c>LABELBOT_DAILYMED_URL</c> so tests and
/// mirrors can stand in for the public service.
/// </summary>
public sealed record DailyMedOptions
{
    public const string BaseUrlEnvironmentVariable = "LABELBOT_DAILYMED_URL";

    /// <summary>The public DailyMed web services, version 2.</summary>
    public static readonly Uri PublicBaseUrl = new("https://dailymed.nlm.nih.gov/dailymed/services/v2");

    /// <summary>Base URL of the v2 web services (…/dailymed/services/v2).</summary>
    public Uri BaseUrl { get; init; } = PublicBaseUrl;

    /// <summary>Folder where downloaded SPL XML files are kept (one file per set id and version).</summary>
    public required string DownloadsFolder { get; init; }

    /// <summary>Longest wait for one request, headers and body together, retries and back-off included.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for a TCP connection; a dead network fails here long before the request timeout.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a failed attempt (5xx, 408, 429, broken connection, attempt timeout): the standard resilience handler's 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First back-off before a retry, growing exponentially with jitter (the standard handler's 2 s).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The HTTP client's settings (<see cref="Client.LabelServiceHttpClients"/>).</summary>
    public Client.LabelServiceHttpSettings HttpSettings() => new("DailyMed", RequestTimeout, ConnectTimeout, MaxRetries, RetryDelay);

    /// <summary>Results per page asked of spls.json (DailyMed allows up to 100).</summary>
    public int SearchPageSize { get; init; } = 100;

    /// <summary>Most search results read for one drug name; a common generic has hundreds of repackager labels.</summary>
    public int MaxSearchResults { get; init; } = 300;

    /// <summary>Largest SPL document accepted from DailyMed. Real labels are well under 10 MB.</summary>
    public long MaxDocumentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>How often the bot host checks for newer label versions; null (the default) turns the refresh off.</summary>
    public TimeSpan? RefreshInterval { get; init; }

    /// <summary>Options with the base URL from <c>LABELBOT_DAILYMED_URL</c> when it is set.</summary>
    public static DailyMedOptions FromEnvironment(string downloadsFolder) => new()
    {
        DownloadsFolder = downloadsFolder,
        BaseUrl = ParseBaseUrl(Environment.GetEnvironmentVariable(BaseUrlEnvironmentVariable)) ?? PublicBaseUrl,
    };

    /// <summary>An absolute http(s) URL, or null for empty input; anything else is a configuration error.</summary>
    public static Uri? ParseBaseUrl(string? value) => ParseBaseUrl(value, BaseUrlEnvironmentVariable);

    /// <summary>As <see cref="ParseBaseUrl(string?)"/>, naming <paramref name="setting"/> in the error.</summary>
    public static Uri? ParseBaseUrl(string? value, string setting)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"{setting} must be an absolute http or https URL, got '{value}'.", nameof(value));
        }
        return uri;
    }

    /// <summary>Throws with a clear message when a setting cannot work.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(BaseUrl);
        if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The DailyMed base URL must be an absolute http or https URL, got '{BaseUrl}'.");
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(DownloadsFolder);
        if (RequestTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("DailyMed timeouts must be positive.");
        }
        Client.LabelServiceHttpSettings.Validate("DailyMed", MaxRetries, RetryDelay);
        if (SearchPageSize is < 1 or > 100 || MaxSearchResults < 1 || MaxDocumentBytes < 1024)
        {
            throw new ArgumentException("DailyMed page size must be 1–100 and the result and size limits positive.");
        }
        if (RefreshInterval is { } interval && interval < TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException("The label refresh interval must be at least one minute (or off).");
        }
    }
}
