using LabelBot.Bot.Handoff;
using LabelBot.Core.Answering;
using Microsoft.Bot.Schema;
using BotSuggestedActions = Microsoft.Bot.Schema.SuggestedActions;

namespace LabelBot.Bot.Rendering;

/// <summary>Quick replies under an answer: the engine's suggestions, the product choices of a clarify, the pharmacist hand-off and the side-effect report consent.</summary>
public static class SuggestedActionsBuilder
{
    public const string TalkToPharmacist = HandoffCommands.TalkToPharmacist;
    public const string ReportSideEffect = HandoffCommands.ReportSideEffect;
    private const int MaxActions = 6;
    private const int MaxTitleLength = 60;

    public static BotSuggestedActions? Build(AnswerResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var titles = new List<string>();
        if (result.Kind == AnswerKind.Clarify)
        {
            titles.AddRange(result.Candidates.Select(c => c.Title));
        }
        titles.AddRange(result.SuggestedActions);

        // SAFETY: every redirect away from the label (dosing, personal situation, side effect report, emergency)
        // offers the human hand-off, even if the engine forgot to suggest it.
        if (result.Kind is AnswerKind.DosingRedirect or AnswerKind.PersonalRedirect or AnswerKind.AdverseEvent or AnswerKind.Emergency or AnswerKind.Escalation
            && !titles.Contains(TalkToPharmacist, StringComparer.OrdinalIgnoreCase))
        {
            titles.Add(TalkToPharmacist);
        }

        // SAFETY: a described side effect is passed to the pharmacovigilance team only when the user says so.
        if (result.Kind == AnswerKind.AdverseEvent)
        {
            titles.Add(ReportSideEffect);
        }

        var actions = titles
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .Select(t => TextLimits.Truncate(t, MaxTitleLength))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MaxActions)
            .Select(t => new CardAction { Type = ActionTypes.ImBack, Title = t, Value = t })
            .ToList();
        return actions.Count == 0 ? null : new BotSuggestedActions { Actions = actions };
    }
}
