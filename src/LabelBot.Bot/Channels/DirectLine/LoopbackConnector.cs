using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Rest;

namespace LabelBot.Bot.Channels.DirectLine;

/// <summary>
/// A per-process secret that the bot presents when it posts replies to this host's own connector endpoint, so nobody
/// else can inject "bot" messages into a web chat conversation.
/// </summary>
public sealed class LoopbackConnectorKey
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Value => Convert.ToBase64String(_key);

    public bool Matches(string? authorizationHeader)
    {
        const string prefix = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var presented = Encoding.UTF8.GetBytes(authorizationHeader[prefix.Length..]);
        return CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(Value));
    }
}

/// <summary>Creates the Bot Connector client the bot uses for Direct Line replies: always the loopback endpoint, with the loopback key.</summary>
public sealed class LoopbackConnectorFactory(LoopbackServiceUrl loopbackUrl, LoopbackConnectorKey key, IHttpClientFactory httpClientFactory) : ConnectorFactory
{
    public const string HttpClientName = "labelbot-loopback-connector";

    public override Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken)
    {
        // The activity's serviceUrl is ignored on purpose: the key must never travel to another host.
        IConnectorClient client = new ConnectorClient(new Uri(loopbackUrl.BaseUrl), new LoopbackCredentials(key), httpClientFactory.CreateClient(HttpClientName), disposeHttpClient: false);
        return Task.FromResult(client);
    }

    private sealed class LoopbackCredentials(LoopbackConnectorKey key) : ServiceClientCredentials
    {
        public override Task ProcessHttpRequestAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Value);
            return Task.CompletedTask;
        }
    }
}
