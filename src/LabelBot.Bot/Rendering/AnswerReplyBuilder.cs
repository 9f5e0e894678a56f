using LabelBot.Bot.Viewer;
using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Extractive;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Rendering;

/// <summary>
/// Turns the engine's <see cref="AnswerResult"/> into the reply activity for one channel. Sources are shown once, in
/// the channel's own way, and feedback uses the channel's own thumbs where it has them:
/// <list type="bullet">
/// <item>Web chat (Direct Line, Azure Web Chat): Web Chat's citation buttons and pop-ups (<see cref="WebChatCitations"/>)
/// and VoteAction thumbs (<see cref="FeedbackVotes"/>); no card.</item>
/// <item>Teams: its citation pop-ups, the sources card (Teams cuts a pop-up's text at 160 characters) without buttons,
/// and its feedback loop.</item>
/// <item>Any other channel (the Emulator): the sources card with its feedback buttons.</item>
/// </list>
/// </summary>
public static class AnswerReplyBuilder
{
    public const string ChannelDataKey = "labelbot";

    /// <param name="viewer">Links each citation to the label viewer too (when the channel can open them); DailyMed stays.</param>
    public static Activity Build(AnswerResult result, string? channelId, string answerId, LabelViewerLinks? viewer = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        Func<Citation, string?>? viewerLink = viewer is null ? null : c => viewer.ForChannel(c, channelId);
        var reply = Activity.CreateMessageActivity();
        var text = AnswerFormatter.Default.WithoutSources(result.Text);
        text = viewer?.LinksInText(text, channelId) ?? text;
        reply.TextFormat = TextFormatTypes.Markdown;
        reply.SuggestedActions = SuggestedActionsBuilder.Build(result);
        if (IsWebChat(channelId))
        {
            reply.Text = WebChatCitations.WithLinkDefinitions(text, result.Citations);
            reply.Entities = [WebChatCitations.Entity(result.Citations, result.ModelWritten, viewerLink: viewerLink), .. FeedbackVotes.WebChatEntities(answerId)];
            // The answer's kind for Direct Line clients other than the page (the load driver's reply mix); Web Chat ignores it.
            reply.ChannelData = new JObject { [ChannelDataKey] = new JObject { ["answerKind"] = result.Kind.ToWire() } };
        }
        else if (IsTeams(channelId))
        {
            reply.Text = text;
            reply.Attachments = [SourcesCard.Build(result, answerId, withFeedback: false, viewerLink)];
            reply.Entities = [TeamsCitationEntity.Build(result.Citations, result.ModelWritten, viewerLink)];
            FeedbackVotes.EnableTeamsFeedbackLoop(reply);
        }
        else
        {
            reply.Text = text;
            reply.Attachments = [SourcesCard.Build(result, answerId, viewerLink: viewerLink)];
        }
        return (Activity)reply;
    }

    public static bool IsTeams(string? channelId) => string.Equals(channelId, Microsoft.Bot.Connector.Channels.Msteams, StringComparison.OrdinalIgnoreCase);

    /// <summary>Channels whose client is Web Chat: the page's Direct Line (built-in or Azure) and Azure's Web Chat channel.</summary>
    public static bool IsWebChat(string? channelId) =>
        string.Equals(channelId, Microsoft.Bot.Connector.Channels.Directline, StringComparison.OrdinalIgnoreCase) || string.Equals(channelId, Microsoft.Bot.Connector.Channels.Webchat, StringComparison.OrdinalIgnoreCase);
}
