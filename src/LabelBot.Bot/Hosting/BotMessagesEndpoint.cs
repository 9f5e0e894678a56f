using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;

namespace LabelBot.Bot.Hosting;

public static partial class BotMessagesEndpoint
{
    /// <summary>
    /// POST /api/messages, the Bot Framework endpoint (Teams, Emulator, Azure Bot Service). CloudAdapter checks the JWT when
    /// MicrosoftAppId is configured (401 otherwise) and accepts unauthenticated requests when it is not (local development).
    /// </summary>
    public static IEndpointRouteBuilder MapBotMessagesEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/messages", async (HttpContext context, IBotFrameworkHttpAdapter adapter, IBot bot, ClientRateLimiter limiter, ILoggerFactory loggers) =>
        {
            try
            {
                if (limiter.Admit(context).Allowed)
                {
                    await adapter.ProcessAsync(context.Request, context.Response, bot, context.RequestAborted);
                }
                else
                {
                    // Still a turn (authenticated as usual) so the user reads "slow down" rather than nothing.
                    limiter.Throttling("bot_framework");
                    await ClientRateLimiter.RunThrottledTurnAsync(async () =>
                    {
                        await adapter.ProcessAsync(context.Request, context.Response, bot, context.RequestAborted);
                        return true;
                    });
                }
            }
            catch (Exception ex) when (!context.Response.HasStarted && ex is not OperationCanceledException)
            {
                // Bot errors are handled by the adapter's OnTurnError; what escapes is token validation that could not
                // complete (e.g. signing keys unreachable): the caller is not authenticated.
                LogAuthenticationFailed(loggers.CreateLogger("LabelBot.Bot.Messages"), ex.GetType().Name);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            }
        });
        return endpoints;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a Bot Framework request whose token could not be validated ({ExceptionType})")]
    private static partial void LogAuthenticationFailed(ILogger logger, string exceptionType);
}
