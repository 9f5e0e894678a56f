using LabelBot.Bot.Rendering;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Infrastructure;

/// <summary>Reads what a web chat answer carries for feedback (its VoteAction entities name the answer).</summary>
internal static class WebChatAnswers
{
    public static string AnswerId(JObject answer)
    {
        var vote = answer["entities"]!.First(e => (string?)e["type"] == FeedbackVotes.VoteActionType);
        const string Prefix = "urn:labelbot:answer:";
        var target = (string)vote["object"]!;
        Assert.StartsWith(Prefix, target, StringComparison.Ordinal);
        return target[Prefix.Length..];
    }

    /// <summary>The value a "Not helpful" card button (the Emulator's) sends back for this answer, before its reason is picked.</summary>
    public static JObject NotHelpfulCardValue(JObject answer) =>
        new FeedbackAction(FeedbackRating.NotHelpful, AnswerId(answer), "answer", [], null).ToSubmitData();
}
