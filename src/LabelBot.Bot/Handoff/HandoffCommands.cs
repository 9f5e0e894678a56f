namespace LabelBot.Bot.Handoff;

/// <summary>
/// The hand-off buttons (sent back as the user's text by imBack) and what typed text counts as pressing them.
/// Typed requests such as "I want to talk to a pharmacist" reach the bot as the engine's <c>escalation</c> kind instead.
/// </summary>
public static class HandoffCommands
{
    public const string TalkToPharmacist = LabelBot.Core.Answering.SuggestedActions.TalkToPharmacist;
    public const string CancelRequest = "Cancel pharmacist request";
    public const string ReportSideEffect = "Report this side effect";

    private static readonly string[] CancelWords = [CancelRequest, "cancel", "cancel request", "cancel my request"];

    public static bool IsTalkToPharmacist(string text) => Matches(text, TalkToPharmacist);

    public static bool IsReportSideEffect(string text) => Matches(text, ReportSideEffect);

    public static bool IsCancel(string text) => CancelWords.Any(word => Matches(text, word));

    private static bool Matches(string text, string command) =>
        string.Equals(text.Trim().TrimEnd('.', '!'), command, StringComparison.OrdinalIgnoreCase);
}
