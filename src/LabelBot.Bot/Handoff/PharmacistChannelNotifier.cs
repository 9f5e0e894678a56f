using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Handoff;

/// <summary>
/// Posts a card for each new case to the configured pharmacists' Teams channel: reason, urgency, channel and a
/// console link. No conversation text: the channel's audience is wider than the console's.
/// </summary>
public sealed partial class PharmacistChannelNotifier(
    EscalationOptions options,
    ConversationMessenger messenger,
    IEscalationQueue queue,
    TimeProvider clock,
    ILogger<PharmacistChannelNotifier> logger)
{
    // The Teams notice is an Adaptive Card (the same type the sources card uses), built here as JSON.
    private const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public async Task NotifyNewCaseAsync(EscalationCase escalation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        var channel = options.PharmacistsChannel;
        if (!channel.IsConfigured)
        {
            return;
        }
        var reference = new ConversationReference
        {
            ChannelId = Microsoft.Bot.Connector.Channels.Msteams,
            ServiceUrl = channel.ServiceUrl,
            Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: channel.ConversationId, tenantId: channel.TenantId),
        };
        var delivered = await messenger.SendAsync(reference, DeliveryRoute.BotFramework, BuildCard(escalation), cancellationToken);
        await queue.AuditAsync(new CaseAuditEntry(escalation.Id, clock.GetUtcNow(), EscalationNames.SystemActor,
            delivered ? "pharmacists_channel_notified" : "pharmacists_channel_failed", null), cancellationToken);
        EscalationLog.CaseAction(logger, escalation.Id, delivered ? "pharmacists_channel_notified" : "pharmacists_channel_failed", EscalationNames.SystemActor);
    }

    private Activity BuildCard(EscalationCase escalation)
    {
        var facts = new JArray
        {
            Fact("Reason", escalation.Reason.Describe()),
            Fact("Urgency", escalation.Urgency.ToString(System.Globalization.CultureInfo.InvariantCulture) + " (1 = most urgent)"),
            Fact("Channel", escalation.ChannelId),
            Fact("Adverse event report", escalation.AdverseEventReport ? "Yes (user consented)" : "No"),
            Fact("Filed", escalation.CreatedUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)),
        };
        var card = new JObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = new JArray
            {
                new JObject { ["type"] = "TextBlock", ["text"] = $"New pharmacist request {escalation.Id}", ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
                new JObject { ["type"] = "FactSet", ["facts"] = facts },
            },
        };
        if (!string.IsNullOrWhiteSpace(options.ConsoleUrl))
        {
            card["actions"] = new JArray
            {
                new JObject { ["type"] = "Action.OpenUrl", ["title"] = "Open in the pharmacist console", ["url"] = options.ConsoleUrl.TrimEnd('/') + "/cases/" + escalation.Id },
            };
        }
        var activity = (Activity)Activity.CreateMessageActivity();
        activity.Text = $"New pharmacist request {escalation.Id} ({escalation.Reason.Describe()})";
        activity.Attachments = [new Attachment { ContentType = AdaptiveCardContentType, Content = card }];
        return activity;
    }

    private static JObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };
}
