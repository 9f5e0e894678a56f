namespace LabelBot.Bot.Channels.DirectLine;

/// <summary>
/// The serviceUrl handed to the bot for Direct Line conversations: this host's own Bot Connector endpoint, reached over
/// loopback. Known once Kestrel has bound its port (port 0 in tests).
/// </summary>
public sealed class LoopbackServiceUrl
{
    private volatile string? _baseUrl;

    public bool IsKnown => _baseUrl is not null;

    /// <summary>Base URL ending in '/', e.g. http://127.0.0.1:5000/.</summary>
    public string BaseUrl => _baseUrl ?? throw new InvalidOperationException("The host has not bound an address yet.");

    public void SetFromServerAddresses(IEnumerable<string> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var candidates = addresses.Select(a => Uri.TryCreate(a.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .OrderBy(u => u.Scheme == Uri.UriSchemeHttp ? 0 : 1)
            .ToList();
        if (candidates.Count == 0)
        {
            return;
        }
        var chosen = candidates[0];
        // Wildcard and name bindings are reached through the IPv4 loopback; explicit IPs as bound.
        var host = chosen.Host is "0.0.0.0" or "localhost" or "[::]" or "::" ? "127.0.0.1" : chosen.Host;
        _baseUrl = new UriBuilder(chosen.Scheme, host, chosen.Port, "/").Uri.ToString();
    }

    /// <summary>For tests that know the address in advance.</summary>
    public void Set(string baseUrl) => _baseUrl = baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/";
}
