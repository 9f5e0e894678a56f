using System.Security.Claims;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace LabelBot.Bot.Channels.DirectLine;

/// <summary>
/// Runs Direct Line activities through the same bot as /api/messages. The activity never left this process, so there is
/// no JWT to check; replies go out through the regular Bot Connector client to <see cref="LoopbackConnectorFactory"/>.
/// </summary>
public sealed class DirectLineBridgeAdapter(BotFrameworkAuthentication authentication, LoopbackConnectorFactory connectorFactory, ILogger logger)
    : CloudAdapter(authentication, logger)
{
    public const string LoopbackAudience = "labelbot-directline-loopback";

    public Task<InvokeResponse> ProcessDirectLineActivityAsync(Activity activity, BotCallbackHandler callback, CancellationToken cancellationToken) =>
        ProcessActivityAsync(LoopbackRequest(), activity, callback, cancellationToken);

    /// <summary>
    /// A proactive turn in a web chat conversation of this host (e.g. a pharmacist's reply): the same pipeline as a
    /// user's turn, started from the stored reference, so what <paramref name="callback"/> sends is appended to it.
    /// </summary>
    public Task ContinueLocalConversationAsync(ConversationReference reference, BotCallbackHandler callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var continuation = reference.GetContinuationActivity();
        return ProcessActivityAsync(LoopbackRequest(), continuation, callback, cancellationToken);
    }

    private AuthenticateRequestResult LoopbackRequest()
    {
        var identity = new ClaimsIdentity(
            [new Claim(AuthenticationConstants.AudienceClaim, LoopbackAudience), new Claim(AuthenticationConstants.AppIdClaim, LoopbackAudience)],
            authenticationType: "LabelBotLoopback");
        var authenticated = new AuthenticateRequestResult
        {
            ClaimsIdentity = identity,
            ConnectorFactory = connectorFactory,
            Audience = LoopbackAudience,
            CallerId = null,
        };
        return authenticated;
    }
}
