using System.Diagnostics;
using LabelBot.Core.Retrieval;

namespace LabelBot.Core.Answering.Routing;

/// <summary>
/// A user turn after routing and, when it is about products, resolution: everything later stages read instead of
/// routing or resolving the question again.
/// </summary>
/// <param name="Question">The question, trimmed.</param>
/// <param name="StartedAt">When the turn began (<see cref="Stopwatch.GetTimestamp"/>): answer latency covers routing too.</param>
public sealed record RoutedTurn(string Question, string? ConversationId, RouteDecision Route, long StartedAt)
{
    /// <summary>The labels and unlabelled drug names the question names; null until resolved (and for turns that never need them).</summary>
    public ResolvedProducts? Products { get; init; }
}

/// <summary>What the product resolver found in a question.</summary>
/// <param name="Matches">Labels named in the question, best first.</param>
/// <param name="UnknownNames">Drug-like words with no ingested label.</param>
public sealed record ResolvedProducts(IReadOnlyList<ProductMatch> Matches, IReadOnlyList<string> UnknownNames);

/// <summary>The first two steps of every turn: route the question, then resolve the products it names (once).</summary>
public sealed class TurnRouting(QuestionRouter router, IProductResolver resolver)
{
    public RoutedTurn Route(AnswerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var startedAt = Stopwatch.GetTimestamp();
        var question = request.Question?.Trim() ?? string.Empty;
        return new RoutedTurn(question, request.ConversationId, router.Route(question), startedAt);
    }

    /// <summary>
    /// Emergencies, escalations and off-topic turns never look a product up (SAFETY: nothing may delay an emergency
    /// reply); every other turn is resolved here once.
    /// </summary>
    public static bool NeedsProducts(RouteDecision route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return route.Kind is not (AnswerKind.Emergency or AnswerKind.Escalation or AnswerKind.OutOfScope);
    }

    /// <summary>The turn with its products resolved; unchanged when they already are or the turn needs none.</summary>
    public async Task<RoutedTurn> WithProductsAsync(RoutedTurn turn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (turn.Products is not null || !NeedsProducts(turn.Route))
        {
            return turn;
        }
        var matches = await resolver.ResolveAsync(turn.Question, cancellationToken);
        var unknown = await resolver.UnknownDrugNamesAsync(turn.Question, cancellationToken);
        return turn with { Products = new ResolvedProducts(matches, unknown) };
    }
}
