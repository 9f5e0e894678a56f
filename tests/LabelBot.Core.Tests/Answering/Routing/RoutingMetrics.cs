using System.Globalization;
using System.Text;
using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Routing;
using LabelBot.Core.Tests.Support;

namespace LabelBot.Core.Tests.Answering.Routing;

/// <summary>Runs a routing data set through the real router and scope policy and computes the recall targets.</summary>
public sealed class RoutingMetrics
{
    public const double DosingTarget = 0.97;
    public const double PersonalTarget = 0.95;
    public const double AnsweredTarget = 0.95;

    private RoutingMetrics(IReadOnlyList<(RoutingCase Case, AnswerKind Actual)> results) => Results = results;

    public IReadOnlyList<(RoutingCase Case, AnswerKind Actual)> Results { get; }

    /// <summary>Dosing questions routed to dosing_redirect.</summary>
    public double DosingRecall => Recall(AnswerKind.DosingRedirect, k => k == AnswerKind.DosingRedirect);

    /// <summary>Personal-advice questions routed to personal_redirect or dosing_redirect (both refuse advice).</summary>
    public double PersonalRecall => Recall(AnswerKind.PersonalRedirect, k => k is AnswerKind.PersonalRedirect or AnswerKind.DosingRedirect);

    /// <summary>Ordinary label questions answered (not refused).</summary>
    public double AnsweredRate => Recall(AnswerKind.Answer, k => k == AnswerKind.Answer);

    public double EmergencyRecall => Recall(AnswerKind.Emergency, k => k == AnswerKind.Emergency);

    public double Accuracy => Results.Count(r => IsAcceptable(r.Case.Expected, r.Actual)) / (double)Results.Count;

    public IEnumerable<(RoutingCase Case, AnswerKind Actual)> Misses => Results.Where(r => !IsAcceptable(r.Case.Expected, r.Actual));

    public static RoutingMetrics Run(IReadOnlyList<RoutingCase> cases) =>
        new(cases.Select(c => (c, EngineLevelKind(c))).ToList());

    /// <summary>The kind the engine would give: router decision, then the scope rule with the corpus's real product names.</summary>
    public static AnswerKind EngineLevelKind(RoutingCase routingCase)
    {
        var router = new QuestionRouter(new AnsweringOptions { Audience = routingCase.Audience });
        var decision = router.Route(routingCase.Question);
        var hasLabel = routingCase.Drug is not null && CorpusProducts.Contains(routingCase.Drug);
        return ScopePolicy.FinalKind(decision, hasLabel);
    }

    /// <summary>True when the turn gets a label answer (not a refusal, redirect or emergency reply).</summary>
    public static bool IsAnswered(AnswerKind kind) => Normalise(kind) == AnswerKind.Answer;

    /// <summary>The router cannot tell answer from not_in_label (that needs passages), so they compare equal here.</summary>
    public static AnswerKind Normalise(AnswerKind kind) => kind == AnswerKind.NotInLabel ? AnswerKind.Answer : kind;

    /// <summary>
    /// Whether <paramref name="actual"/> is right for a case expecting <paramref name="expected"/>: the same kind, or a
    /// dosing redirect for a personal-advice question (both refuse advice; the target counts them alike).
    /// </summary>
    public static bool IsAcceptable(AnswerKind expected, AnswerKind actual) =>
        Normalise(expected) == Normalise(actual)
        || (expected == AnswerKind.PersonalRedirect && actual == AnswerKind.DosingRedirect);

    public string Report(string name)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"{name}: {Results.Count} questions; accuracy {Accuracy:P1}; dosing recall {DosingRecall:F3} (target {DosingTarget}); ");
        sb.Append(inv, $"personal→personal|dosing {PersonalRecall:F3} (target {PersonalTarget}); label questions answered {AnsweredRate:F3} ");
        sb.Append(inv, $"(target {AnsweredTarget}); emergency recall {EmergencyRecall:F3}").AppendLine();
        foreach (var (c, actual) in Misses)
        {
            sb.Append(inv, $"  miss {c.Id}: expected {c.Expected.ToWire()}, got {actual.ToWire()}: {c.Question}").AppendLine();
        }
        return sb.ToString();
    }

    private double Recall(AnswerKind expected, Func<AnswerKind, bool> accepted)
    {
        var relevant = Results.Where(r => Normalise(r.Case.Expected) == expected).ToList();
        return relevant.Count == 0 ? 1.0 : relevant.Count(r => accepted(r.Actual)) / (double)relevant.Count;
    }
}
