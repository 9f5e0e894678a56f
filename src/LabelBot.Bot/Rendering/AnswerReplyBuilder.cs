using LabelBot.Bot.Viewer;
using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Extractive;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;

namespace LabelBot.Bot.Rendering;

/// <summary>Turns the engine's <see cref="AnswerResult"/> into the reply activity for one channel.</summary>
public static class AnswerReplyBuilder
{
    /// <param name="viewer">Links each citation to the label viewer too (when the channel can open them); DailyMed stays.</param>
    public static Activity Build(AnswerResult result, string? channelId, string answerId, LabelViewerLinks? viewer = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        Func<Citation, string?>? viewerLink = viewer is null ? null : c => viewer.ForChannel(c, channelId);
        var reply = Activity.CreateMessageActivity();
        // One sources presentation per channel: the card (and in Teams its citation pop-ups) lists the sources.
        reply.Text = AnswerFormatter.Default.WithoutSources(result.Text);
        reply.TextFormat = TextFormatTypes.Markdown;
        reply.Attachments = [SourcesCard.Build(result, answerId, viewerLink)];
        reply.SuggestedActions = SuggestedActionsBuilder.Build(result);
        if (string.Equals(channelId, Channels.Msteams, StringComparison.OrdinalIgnoreCase))
        {
            reply.Entities = [TeamsCitationEntity.Build(result.Citations, viewerLink)];
        }
        return (Activity)reply;
    }
}
