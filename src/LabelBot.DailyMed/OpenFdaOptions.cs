namespace LabelBot.DailyMed;

/// <summary>
/// Where openFDA's drug label API is and how LabelBot talks to it. The base URL comes from <c>LABELBOT_OPENFDA_URL</c> so
/// tests and mirrors can stand in for api.fda.gov.
/// </summary>
public sealed record OpenFdaOptions
{
    public const string BaseUrlEnvironmentVariable = "LABELBOT_OPENFDA_URL";

    /// <summary>The public openFDA API (the label endpoint is {base}/drug/label.json).</summary>
    public static readonly Uri PublicBaseUrl = new("https://api.fda.gov");

    public Uri BaseUrl { get; init; } = PublicBaseUrl;

    /// <summary>Folder where fetched records are kept as openFDA JSON (one file per set id and version).</summary>
    public required string DownloadsFolder { get; init; }

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a failed attempt, as <see cref="DailyMedOptions.MaxRetries"/>.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First back-off before a retry, as <see cref="DailyMedOptions.RetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    public Client.LabelServiceHttpSettings HttpSettings() => new("openFDA", RequestTimeout, ConnectTimeout, MaxRetries, RetryDelay);

    /// <summary>Records asked for one drug name (openFDA allows up to 1000 a page).</summary>
    public int SearchLimit { get; init; } = 25;

    /// <summary>Largest response accepted. A record is well under 2 MB.</summary>
    public long MaxResponseBytes { get; init; } = 32L * 1024 * 1024;

    public static OpenFdaOptions FromEnvironment(string downloadsFolder) => new()
    {
        DownloadsFolder = downloadsFolder,
        BaseUrl = DailyMedOptions.ParseBaseUrl(Environment.GetEnvironmentVariable(BaseUrlEnvironmentVariable), BaseUrlEnvironmentVariable) ?? PublicBaseUrl,
    };

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(BaseUrl);
        if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The openFDA base URL must be an absolute http or https URL, got '{BaseUrl}'.");
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(DownloadsFolder);
        if (RequestTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero || SearchLimit is < 1 or > 1000 || MaxResponseBytes < 1024)
        {
            throw new ArgumentException("openFDA timeouts must be positive, the search limit 1–1000 and the size limit at least 1 KB.");
        }
        Client.LabelServiceHttpSettings.Validate("openFDA", MaxRetries, RetryDelay);
    }
}
