namespace LabelBot.Core.Answering.Routing;

/// <summary>
/// The one place where ingestion affects the kind: a label question with no ingested label to answer from is
/// out_of_scope (never answered from general knowledge). Every other kind stands as routed, so "how much baclofen
/// should I take" is a dosing_redirect whether or not a baclofen label exists.
/// </summary>
public static class ScopePolicy
{
    /// <param name="decision">The router's decision.</param>
    /// <param name="hasLabel">True when the question (or the conversation's focus) resolves to at least one ingested label.</param>
    public static AnswerKind FinalKind(RouteDecision decision, bool hasLabel)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Kind == AnswerKind.Answer && !hasLabel ? AnswerKind.OutOfScope : decision.Kind;
    }
}
