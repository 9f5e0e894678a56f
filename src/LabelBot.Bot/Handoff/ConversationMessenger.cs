using LabelBot.Bot.Channels.DirectLine;
using LabelBot.Bot.Telemetry;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace LabelBot.Bot.Handoff;

/// <summary>
/// Sends a message into a user's existing conversation outside any turn of theirs (a pharmacist's reply, "picked
/// up", "closed"): through this host's Direct Line store for its own web chat, otherwise proactively through the Bot
/// Framework connector with the stored conversation reference (ContinueConversationAsync), as Teams requires.
/// </summary>
public sealed partial class ConversationMessenger(
    CloudAdapter botFrameworkAdapter,
    DirectLineAdapter directLineAdapter,
    IConfiguration configuration,
    ILogger<ConversationMessenger> logger)
{
    private readonly string _appId = configuration["MicrosoftAppId"] ?? "";

    public static string SerializeReference(ConversationReference reference) => JsonConvert.SerializeObject(reference, ActivityJson.Settings);

    /// <summary>True once the channel accepted the message.</summary>
    public Task<bool> SendAsync(EscalationCase escalation, IActivity message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        var reference = JsonConvert.DeserializeObject<ConversationReference>(escalation.ConversationReferenceJson, ActivityJson.Settings)
            ?? throw new InvalidOperationException("The case has no conversation reference.");
        return SendAsync(reference, escalation.Route, message, cancellationToken);
    }

    public async Task<bool> SendAsync(ConversationReference reference, DeliveryRoute route, IActivity message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(message);
        Exception? failure = null;
        // The send is caught here, not by the adapter's OnTurnError: that handler would answer the user with a
        // generic error and report success.
        async Task SendInTurnAsync(ITurnContext turn, CancellationToken token)
        {
            try
            {
                await turn.SendActivityAsync(message, token);
            }
#pragma warning disable CA1031 // Any failure means "not delivered"; the caller reports it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ex;
            }
        }
        try
        {
            if (route == DeliveryRoute.LocalDirectLine)
            {
                await directLineAdapter.ContinueConversationAsync(_appId, reference, SendInTurnAsync, cancellationToken);
            }
            else
            {
                await botFrameworkAdapter.ContinueConversationAsync(_appId, reference, SendInTurnAsync, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            failure = ex;
        }
        if (failure is not null)
        {
            LogDeliveryFailed(logger, failure, reference.ChannelId ?? "", IdHasher.Hash($"{reference.ChannelId}|{reference.Conversation?.Id}"));
            return false;
        }
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proactive message not delivered on {Channel} conversation {Conversation}")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string channel, string conversation);
}
