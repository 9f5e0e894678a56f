namespace LabelBot.Core.Answering.Routing;

/// <summary>
/// What the router decided for one user turn, before any product or passage is looked at.
/// </summary>
/// <param name="Kind">The contract kind the turn was routed to (answer also covers not_in_label, decided later).</param>
/// <param name="Reason">Id of the rule that fired, e.g. "dosing:how-much"; safe to log (never contains user text).</param>
/// <param name="ProfessionalDoseLookup">
/// True when a Professional deployment may answer a dosing question from the label's Dosage and Administration
/// section verbatim (the question asks what the label says, not what one patient should take).
/// </param>
public sealed record RouteDecision(AnswerKind Kind, string Reason, bool ProfessionalDoseLookup = false);
