using System.Net;
using LabelBot.Bot.Bots;

namespace LabelBot.Bot.Channels.BotFramework;

/// <summary>
/// Who may drive <c>/api/messages</c> (section "Bot"). With <c>MicrosoftAppId</c> set, a valid Bot Framework JWT is
/// required. Without one the endpoint is open, which is meant for the Emulator on this machine: only loopback callers
/// unless <see cref="AllowUnauthenticated"/> is set. Either way the bot only ever replies to a serviceUrl on the
/// allow-list, so a caller cannot aim the host's outgoing requests at an address of its choosing.
/// </summary>
public sealed class BotEndpointOptions
{
    public const string SectionName = "Bot";

    /// <summary>The hosts Bot Framework channels use (Azure public, US government, China), Teams' included.</summary>
    public static readonly IReadOnlyList<string> BotFrameworkServiceHosts =
        ["*.botframework.com", "*.trafficmanager.net", "*.botframework.azure.us", "*.botframework.azure.cn", "*.teams.microsoft.com", "*.teams.microsoft.us"];

    /// <summary>Without an app id: accept unauthenticated callers from other machines too (never needed for the Emulator on this one).</summary>
    public bool AllowUnauthenticated { get; set; }

    /// <summary>
    /// Hosts the bot may reply to ("host" or "*.suffix"); empty: loopback without an app id, the Bot Framework channel
    /// hosts (https only) with one.
    /// </summary>
    public IList<string> AllowedServiceUrls { get; } = [];

    public static BotEndpointOptions Resolve(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new BotEndpointOptions();
        var section = configuration.GetSection(SectionName);
        options.AllowUnauthenticated = section.GetValue<bool>(nameof(AllowUnauthenticated));
        foreach (var host in section.GetSection(nameof(AllowedServiceUrls)).Get<string[]>() ?? [])
        {
            if (!string.IsNullOrWhiteSpace(host))
            {
                options.AllowedServiceUrls.Add(host.Trim());
            }
        }
        return options;
    }

    /// <summary>True when the bot may send replies to <paramref name="serviceUrl"/>.</summary>
    public bool IsAllowedServiceUrl(string? serviceUrl, bool authenticated)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }
        if (AllowedServiceUrls.Count > 0)
        {
            return AllowedServiceUrls.Any(pattern => HostMatches(uri.IdnHost, pattern));
        }
        return authenticated
            ? uri.Scheme == Uri.UriSchemeHttps && BotFrameworkServiceHosts.Any(pattern => HostMatches(uri.IdnHost, pattern))
            : IsLoopbackHost(uri);
    }

    private static bool IsLoopbackHost(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && ClientAddress.IsLoopback(address));

    private static bool HostMatches(string host, string pattern) => pattern.StartsWith("*.", StringComparison.Ordinal)
        ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase) && host.Length > pattern.Length - 1
        : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase);
}
