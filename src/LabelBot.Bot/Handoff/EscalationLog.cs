using LabelBot.Bot.Telemetry;


namespace LabelBot.Bot.Handoff;

/// <summary>Application-log lines for case actions: case id, action and a hash of the actor. Never message text or names.</summary>
public static partial class EscalationLog
{
    public static void CaseAction(ILogger logger, string caseId, string action, string actor) =>
        LogCaseAction(logger, caseId, action, actor.StartsWith("pharmacist:", StringComparison.Ordinal) ? "pharmacist#" + IdHasher.Hash(actor) : actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pharmacist case {CaseId}: {Action} by {Actor}")]
    private static partial void LogCaseAction(ILogger logger, string caseId, string action, string actor);
}
