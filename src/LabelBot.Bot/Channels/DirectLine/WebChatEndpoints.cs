using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LabelBot.Bot.Bots;

namespace LabelBot.Bot.Channels.DirectLine;

/// <summary>The web chat page (/), its script and style, the Web Chat bundle installed from npm, and the page's Direct Line settings.</summary>
public static partial class WebChatEndpoints
{
    public const string AzureTokenClientName = "labelbot-azure-directline";
    private const string BundleRelativePath = "webchat/webchat.js";

    public static IEndpointRouteBuilder MapWebChatEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", (HttpContext context, WebChatOptions options) =>
        {
            context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy(options);
            return Embedded("index.html", "text/html; charset=utf-8");
        });
        endpoints.MapGet("/webchat/app.js", () => Embedded("app.js", "text/javascript; charset=utf-8"));
        endpoints.MapGet("/webchat/app.css", () => Embedded("app.css", "text/css; charset=utf-8"));
        endpoints.MapGet("/webchat/webchat.js", (HttpContext context) =>
        {
            var path = Path.Combine(AppContext.BaseDirectory, BundleRelativePath);
            if (!File.Exists(path))
            {
                return Results.Text("webchat.js is missing: build src/LabelBot.Bot (its build installs botframework-webchat from npm).", statusCode: StatusCodes.Status404NotFound);
            }
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.File(path, "text/javascript; charset=utf-8", enableRangeProcessing: false);
        });
        endpoints.MapGet("/webchat/config", (WebChatOptions options) => Results.Json(options.UsesAzure
            ? new { domain = (string?)null, tokenUrl = "/webchat/token", webSocket = true, pollingInterval = options.PollingIntervalMs, embedsUser = true }
            : new { domain = (string?)"/v3/directline", tokenUrl = "/v3/directline/tokens/generate", webSocket = options.WebSocket, pollingInterval = options.PollingIntervalMs, embedsUser = false }));
        endpoints.MapPost("/webchat/token", ExchangeAzureSecretAsync).AddEndpointFilter(ClientRateLimiter.RejectOverLimit("webchat_token",
            () => Results.Text("Too many conversations started from this address; retry after the time in Retry-After.", statusCode: StatusCodes.Status429TooManyRequests)));
        return endpoints;
    }

    /// <summary>Azure mode: trades the Direct Line secret for a one-conversation token with a server-chosen user id.</summary>
    private static async Task<IResult> ExchangeAzureSecretAsync(WebChatOptions options, IHttpClientFactory httpClientFactory, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!options.UsesAzure)
        {
            return Results.NotFound();
        }
        var client = httpClientFactory.CreateClient(AzureTokenClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.DirectLineDomain.TrimEnd('/') + "/tokens/generate");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.DirectLineSecret);
        var userId = "dl_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        request.Content = new StringContent(new JsonObject { ["user"] = new JsonObject { ["id"] = userId } }.ToJsonString(), Encoding.UTF8, "application/json");
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogAzureTokenFailed(loggers.CreateLogger("LabelBot.Bot.WebChat"), (int)response.StatusCode);
                return Results.StatusCode(StatusCodes.Status502BadGateway);
            }
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return Results.Json(new { token = body?["token"]?.GetValue<string>(), conversationId = body?["conversationId"]?.GetValue<string>() });
        }
        catch (HttpRequestException)
        {
            LogAzureTokenFailed(loggers.CreateLogger("LabelBot.Bot.WebChat"), 0);
            return Results.StatusCode(StatusCodes.Status502BadGateway);
        }
    }

    private static string ContentSecurityPolicy(WebChatOptions options)
    {
        var connect = "'self'";
        if (options.UsesAzure && Uri.TryCreate(options.DirectLineDomain, UriKind.Absolute, out var azure))
        {
            connect += $" {azure.Scheme}://{azure.Authority} wss://{azure.Authority}";
        }
        return $"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; " +
               $"font-src 'self' data:; media-src 'self' blob: data:; connect-src {connect}; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'";
    }

    private static IResult Embedded(string name, string contentType)
    {
        var stream = typeof(WebChatEndpoints).Assembly.GetManifestResourceStream($"LabelBot.Bot.Web.{name}")
            ?? throw new InvalidOperationException($"Missing embedded web asset {name}.");
        return Results.Stream(stream, contentType);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Azure Direct Line token exchange failed (HTTP {Status})")]
    private static partial void LogAzureTokenFailed(ILogger logger, int status);
}
