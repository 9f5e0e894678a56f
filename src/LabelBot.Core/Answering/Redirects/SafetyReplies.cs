using LabelBot.Core.Answering.Prompts;
using static LabelBot.Core.Answering.Replies;

namespace LabelBot.Core.Answering.Redirects;

/// <summary>The fixed replies: emergency, escalation, and the safe reply that replaces an answer failing its citation check.</summary>
internal sealed class SafetyReplies(PromptCatalog prompts)
{
    // SAFETY: the emergency text is the whole reply, first and alone; no product lookup can delay or bury it.
    public AnswerResult Emergency() => Reply(AnswerKind.Emergency, prompts.Render("emergency"), pharmacist: true);

    public AnswerResult Escalation() => Reply(AnswerKind.Escalation, prompts.Render("escalation"));

    public AnswerResult Unverified(AnswerKind kind) => kind switch
    {
        AnswerKind.DosingRedirect => Reply(kind, prompts.Render("dosing-redirect", Empty("label_pointer")), pharmacist: true),
        AnswerKind.PersonalRedirect => Reply(kind, prompts.Render("personal-redirect", Empty("label_quote")), pharmacist: true),
        AnswerKind.AdverseEvent => Reply(kind, prompts.Render("adverse-event", Empty("label_quote")), pharmacist: true),
        AnswerKind.Emergency => Emergency(),
        _ => Reply(AnswerKind.NotInLabel, prompts.Render("answer-unverified"), pharmacist: true),
    };

    private static Dictionary<string, string> Empty(string key) => new() { [key] = string.Empty };
}
