using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Extractive;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;

namespace LabelBot.Bot.Rendering;

/// <summary>Turns the engine's <see cref="AnswerResult"/> into the reply activity for one channel.</summary>
public static class AnswerReplyBuilder
{
    public static Activity Build(AnswerResult result, string? channelId, string answerId)
    {
        ArgumentNullException.ThrowIfNull(result);
        var reply = Activity.CreateMessageActivity();
        // One sources presentation per channel: the card (and in Teams its citation pop-ups) lists the sources.
        reply.Text = AnswerFormatter.Default.WithoutSources(result.Text);
        reply.TextFormat = TextFormatTypes.Markdown;
        reply.Attachments = [SourcesCard.Build(result, answerId)];
        reply.SuggestedActions = SuggestedActionsBuilder.Build(result);
        if (string.Equals(channelId, Channels.Msteams, StringComparison.OrdinalIgnoreCase))
        {
            reply.Entities = [TeamsCitationEntity.Build(result.Citations)];
        }
        return (Activity)reply;
    }
}
