namespace LabelBot.DailyMed;

/// <summary>
/// What the DailyMed and openFDA clients share: where the service is, where fetched labels are kept, and the HTTP
/// client's timeouts and the resilience handler's retries (<see cref="Client.LabelServiceHttpClients"/>).
/// </summary>
public abstract record LabelServiceOptions
{
    protected LabelServiceOptions(Uri defaultBaseUrl) => BaseUrl = defaultBaseUrl;

    /// <summary>The service's name in messages and as the HTTP client's name ("DailyMed", "openFDA").</summary>
    protected abstract string ServiceName { get; }

    /// <summary>The environment variable (CONTRACT.md) that overrides <see cref="BaseUrl"/>.</summary>
    protected abstract string BaseUrlVariable { get; }

    /// <summary>Base URL of the service.</summary>
    public Uri BaseUrl { get; init; }

    /// <summary>Folder where fetched labels are kept (one file per set id and version).</summary>
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
    public Client.LabelServiceHttpSettings HttpSettings() => new(ServiceName, RequestTimeout, ConnectTimeout, MaxRetries, RetryDelay);

    /// <summary>An absolute http(s) URL, or null for empty input; anything else is a configuration error naming <paramref name="setting"/>.</summary>
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
    public virtual void Validate()
    {
        ArgumentNullException.ThrowIfNull(BaseUrl);
        if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The {ServiceName} base URL ({BaseUrlVariable}) must be an absolute http or https URL, got '{BaseUrl}'.");
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(DownloadsFolder);
        if (RequestTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{ServiceName} timeouts must be positive.");
        }
        if (MaxRetries is < 1 or > 10 || RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"{ServiceName} retries must be 1–10 with a first back-off of 0–60 s.");
        }
    }
}
