using LabelBot.Bot.Conversations;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Handoff;

/// <summary>
/// The Bot Framework hand-off initiation event (<c>handoff.initiate</c>) with the redacted transcript attached, so a
/// deployment behind Azure Bot Service can route the conversation to an existing agent hub as well.
/// </summary>
public static class HandoffEventFactory
{
    public static IEventActivity Create(ITurnContext turnContext, EscalationCase escalation)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(escalation);
        var user = turnContext.Activity.From;
        var bot = turnContext.Activity.Recipient;
        var activities = escalation.Transcript.Select(entry => new Activity
        {
            Type = ActivityTypes.Message,
            Text = entry.Text,
            Timestamp = entry.AtUtc,
            From = entry.Role == TranscriptRole.User ? user : bot,
            Recipient = entry.Role == TranscriptRole.User ? bot : user,
            Conversation = turnContext.Activity.Conversation,
            ChannelData = entry.Citations is { Count: > 0 } citations
                ? new JObject { ["labelbot"] = new JObject { ["kind"] = entry.Kind, ["citations"] = JArray.Parse(TranscriptJson.SerializeCitations(citations)!) } }
                : null,
        }).ToList();
        var context = new JObject
        {
            ["skill"] = "pharmacist",
            ["caseId"] = escalation.Id,
            ["reason"] = escalation.Reason.ToWire(),
            ["urgency"] = escalation.Urgency,
            ["adverseEvent"] = escalation.AdverseEventReport,
        };
        return EventFactory.CreateHandoffInitiation(turnContext, context, new Transcript(activities));
    }
}
