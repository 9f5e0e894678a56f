using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace LabelBot.Bot.Channels.BotFramework;

/// <summary>
/// The adapter behind /api/messages. CloudAdapter authenticates and runs a turn in one call; here the two steps are
/// separate, so the endpoint answers 401 for a bad token before any turn starts and then decides itself when to answer
/// the HTTP request (a slow turn goes on after the acknowledgement).
/// </summary>
public sealed class BotFrameworkChannelAdapter(BotFrameworkAuthentication authentication, ILogger logger) : CloudAdapter(authentication, logger)
{
    /// <summary>Checks the request's Authorization header against the activity; throws UnauthorizedAccessException when invalid.</summary>
    public Task<AuthenticateRequestResult> AuthenticateAsync(Activity activity, string authorizationHeader, CancellationToken cancellationToken) =>
        BotFrameworkAuthentication.AuthenticateRequestAsync(activity, authorizationHeader, cancellationToken);

    /// <summary>Runs the turn of an authenticated activity through the middleware and the bot.</summary>
    public Task<InvokeResponse> ProcessAuthenticatedAsync(AuthenticateRequestResult authenticated, Activity activity, BotCallbackHandler callback, CancellationToken cancellationToken) =>
        ProcessActivityAsync(authenticated, activity, callback, cancellationToken);
}
