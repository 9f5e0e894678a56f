using LabelBot.Bot.Texts;
using LabelBot.Load;

namespace LabelBot.Cli.Commands;

/// <summary>Teaches the load driver the host's fixed texts: which replies are "did not answer" errors and which are holding messages.</summary>
public static class LoadBotTexts
{
    public static LoadOptions Apply(LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            FailureReplies = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [BotTexts.Get(BotTexts.Unavailable)] = "unavailable",
                [BotTexts.Get(BotTexts.StillLoading)] = "still_loading",
                [BotTexts.Get(BotTexts.AnswerTimedOut)] = "answer_timed_out",
                [BotTexts.Get(BotTexts.SlowDown)] = "slow_down",
            },
            InterimReplyTexts = [BotTexts.Get(BotTexts.StillWorking)],
        };
    }
}
