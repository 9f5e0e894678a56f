using LabelBot.Bot.Bots;
using LabelBot.Bot.Channels.DirectLine;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace LabelBot.Bot.Channels.BotFramework;

public static partial class BotMessagesEndpoint
{
    /// <summary>
    /// POST /api/messages, the Bot Framework endpoint (Teams, Emulator, Azure Bot Service). CloudAdapter checks the JWT when
    /// MicrosoftAppId is configured (401 otherwise) and accepts unauthenticated requests when it is not (local development).
    /// A message turn slower than <see cref="TurnOptions.Acknowledge"/> is acknowledged with 202 and goes on: the channel
    /// gives up on the request at 15 s, while the replies go out through the connector anyway. Invokes and
    /// expect-replies requests carry their answer in the response, so they are always awaited.
    /// </summary>
    public static IEndpointRouteBuilder MapBotMessagesEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/messages", async (HttpContext context, BotFrameworkChannelAdapter adapter, IBot bot, ClientRateLimiter limiter, InFlightTurns inFlight,
            IHostApplicationLifetime lifetime, ILoggerFactory loggers, BotEndpointOptions endpointOptions, IConfiguration configuration, AuthFailureLimiter failures, IDirectLineStore directLine) =>
        {
            var logger = loggers.CreateLogger("LabelBot.Bot.Messages");
            if (failures.RefuseIfBlocked(context, "bot_framework") is { } blocked)
            {
                await blocked.ExecuteAsync(context);
                return;
            }
            // SECURITY: with no app id nothing is checked, so only this machine (the Emulator) may call unless opened explicitly.
            var registered = !string.IsNullOrWhiteSpace(configuration["MicrosoftAppId"]);
            if (!registered && !endpointOptions.AllowUnauthenticated && !ClientAddress.IsLoopback(context.Connection.RemoteIpAddress))
            {
                failures.RecordFailure(context, "bot_framework");
                LogOpenModeRefused(logger);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            var (body, error) = await ActivityJson.ReadObjectAsync(context.Request, ActivityJson.MaxActivityBytes, context.RequestAborted);
            var activity = body is null ? null : ActivityJson.ToActivity(body);
            if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
            {
                context.Response.StatusCode = error == 0 ? StatusCodes.Status400BadRequest : error;
                return;
            }
            AuthenticateRequestResult authenticated;
            try
            {
                authenticated = await adapter.AuthenticateAsync(activity, context.Request.Headers.Authorization.ToString(), context.RequestAborted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A token that is missing or invalid, or that could not be validated (e.g. signing keys unreachable):
                // the caller is not authenticated, and no turn runs.
                failures.RecordFailure(context, "bot_framework");
                LogAuthenticationFailed(logger, ex.GetType().Name);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            // SECURITY: replies go only to channel hosts (no request forgery through serviceUrl), and this endpoint never
            // speaks for a web chat conversation of the built-in Direct Line (its token is the only way in).
            if (!endpointOptions.IsAllowedServiceUrl(activity.ServiceUrl, registered))
            {
                LogRefused(logger, "serviceUrl not on the allow-list");
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            if (activity.Conversation?.Id is { Length: > 0 } conversationId
                && await directLine.FindConversationAsync(conversationId, context.RequestAborted) is not null)
            {
                LogRefused(logger, "the conversation belongs to the built-in Direct Line");
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            // The turn is not tied to this request: a channel that stops waiting must not cancel the answer.
            Task<InvokeResponse> StartTurn() => adapter.ProcessAuthenticatedAsync(authenticated, activity, bot.OnTurnAsync, lifetime.ApplicationStopping);
            Task<InvokeResponse> turn;
            if (limiter.Admit(context).Allowed)
            {
                turn = StartTurn();
            }
            else
            {
                // Still a turn so the user reads "slow down" rather than nothing.
                limiter.Throttling("bot_framework");
                turn = await ClientRateLimiter.RunThrottledTurnAsync(() => Task.FromResult(StartTurn()));
            }

            // Invokes and expect-replies requests carry their answer in the response: always awaited. Bot errors are
            // handled by the adapter's OnTurnError and never reach here.
            var mustAwait = activity.Type == ActivityTypes.Invoke || activity.DeliveryMode == DeliveryModes.ExpectReplies;
            if (!mustAwait && !await inFlight.AwaitOrAcknowledgeAsync(turn))
            {
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                return;
            }
            await WriteAsync(context.Response, await turn);
        });
        return endpoints;
    }

    /// <summary>As CloudAdapter writes it: 200 with no body for a plain message, the invoke's status and JSON body otherwise.</summary>
    private static async Task WriteAsync(HttpResponse response, InvokeResponse? invokeResponse)
    {
        if (invokeResponse is null)
        {
            response.StatusCode = StatusCodes.Status200OK;
            return;
        }
        response.StatusCode = invokeResponse.Status;
        if (invokeResponse.Body is not null)
        {
            response.ContentType = "application/json";
            await response.WriteAsync(JsonConvert.SerializeObject(invokeResponse.Body, ActivityJson.Settings));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected an unauthenticated Bot Framework request from another machine: no MicrosoftAppId is configured and Bot:AllowUnauthenticated is not set")]
    private static partial void LogOpenModeRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a Bot Framework request: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a Bot Framework request whose token could not be validated ({ExceptionType})")]
    private static partial void LogAuthenticationFailed(ILogger logger, string exceptionType);
}
