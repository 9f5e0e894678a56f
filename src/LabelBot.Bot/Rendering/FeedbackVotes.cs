using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Rendering;

/// <summary>
/// Thumbs up / down in each channel's own feedback UI, read back as a <see cref="FeedbackAction"/>:
/// <list type="bullet">
/// <item>Web Chat (4.18) shows thumbs in the activity status for schema.org <c>VoteAction</c> entities and, when one is
/// pressed, posts an <c>event</c> named <see cref="WebChatEventName"/> whose only entity is the pressed action (no reply
/// id), so each action names its answer in <c>object</c>.</item>
/// <item>Teams shows its feedback loop for <c>channelData.feedbackLoopEnabled</c> and sends the invoke
/// <see cref="TeamsInvokeName"/> (<c>actionName</c> "feedback", <c>actionValue.reaction</c> like / dislike) whose
/// <c>replyToId</c> is the rated message.</item>
/// </list>
/// PRIVACY: neither carries a reason code; the typed text of Teams' dialog is never read.
/// </summary>
public static class FeedbackVotes
{
    public const string WebChatEventName = "webchat:activity-status/feedback";
    public const string VoteActionType = "https://schema.org/VoteAction";
    public const string TeamsInvokeName = "message/submitAction";
    public const string Upvote = "upvote";
    public const string Downvote = "downvote";
    private const string AnswerUrnPrefix = "urn:labelbot:answer:";
    private const int MaxAnswerIdLength = 64;

    /// <summary>The two VoteAction entities under a web chat answer.</summary>
    public static IReadOnlyList<Entity> WebChatEntities(string answerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(answerId);
        return [Vote(answerId, Upvote), Vote(answerId, Downvote)];
    }

    /// <summary>Marks a Teams reply for Teams' own thumbs (the feedback loop).</summary>
    public static void EnableTeamsFeedbackLoop(IMessageActivity reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var channelData = reply.ChannelData as JObject ?? (reply.ChannelData is null ? new JObject() : JObject.FromObject(reply.ChannelData));
        channelData["feedbackLoopEnabled"] = true;
        reply.ChannelData = channelData;
    }

    /// <summary>A web chat vote event; null when the activity is not one or names no answer.</summary>
    public static FeedbackAction? FromWebChatEvent(IActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity is not IEventActivity { Name: WebChatEventName } vote || vote.Type != ActivityTypes.Event)
        {
            return null;
        }
        var action = ((Activity)activity).Entities?.Select(e => JObject.FromObject(e)).FirstOrDefault();
        if (action is null || (string?)action["@type"] != "VoteAction")
        {
            return null;
        }
        FeedbackRating? rating = action["actionOption"]?.Type == JTokenType.String ? (string?)action["actionOption"] switch
        {
            Upvote => FeedbackRating.Helpful,
            Downvote => FeedbackRating.NotHelpful,
            _ => null,
        } : null;
        var target = action["object"]?.Type == JTokenType.String ? (string?)action["object"] : null;
        var answerId = target is not null && target.StartsWith(AnswerUrnPrefix, StringComparison.Ordinal) ? target[AnswerUrnPrefix.Length..] : null;
        return rating is null || !IsAnswerId(answerId) ? null : new FeedbackAction(rating.Value, answerId!, "", [], null);
    }

    /// <summary>A Teams feedback-loop submission; null when the invoke is not one.</summary>
    public static FeedbackAction? FromTeamsSubmitAction(IInvokeActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Name != TeamsInvokeName || activity.Value is not JObject value || (string?)value["actionName"] != "feedback")
        {
            return null;
        }
        FeedbackRating? rating = value["actionValue"]?["reaction"]?.Type == JTokenType.String ? (string?)value["actionValue"]!["reaction"] switch
        {
            "like" => FeedbackRating.Helpful,
            "dislike" => FeedbackRating.NotHelpful,
            _ => null,
        } : null;
        return rating is null || !IsAnswerId(activity.ReplyToId) ? null : new FeedbackAction(rating.Value, activity.ReplyToId, "", [], null);
    }

    private static bool IsAnswerId(string? id) => !string.IsNullOrWhiteSpace(id) && id.Length <= MaxAnswerIdLength;

    private static Entity Vote(string answerId, string option)
    {
        var entity = new Entity(VoteActionType);
        entity.Properties["@context"] = "https://schema.org";
        entity.Properties["@type"] = "VoteAction";
        entity.Properties["actionOption"] = option;
        entity.Properties["object"] = AnswerUrnPrefix + answerId;
        return entity;
    }
}
