using LabelBot.Core.Answering;
using LabelBot.Core.Tests.Support;
using Xunit.Abstractions;

namespace LabelBot.Core.Tests.Routing;

/// <summary>
/// The router over the routing data sets (Data/routing.jsonl, written with the rules; Data/routing-heldout.jsonl,
/// written after them and never used to tune them).
/// </summary>
public sealed class RouterDataSetTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<RoutingCase>> Dev = new(() => RoutingCase.Load("routing.jsonl"));
    private static readonly Lazy<IReadOnlyList<RoutingCase>> HeldOut = new(() => RoutingCase.Load("routing-heldout.jsonl"));

    public static TheoryData<string> DevCaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var c in Dev.Value)
        {
            data.Add(c.Id);
        }
        return data;
    }

    [SplTheory]
    [MemberData(nameof(DevCaseIds))]
    public void Dev_case_routes_to_its_expected_kind(string id)
    {
        var routingCase = Dev.Value.Single(c => c.Id == id);
        var actual = RoutingMetrics.EngineLevelKind(routingCase);
        Assert.True(RoutingMetrics.IsAcceptable(routingCase.Expected, actual),
            $"{routingCase}: expected {routingCase.Expected.ToWire()}, got {actual.ToWire()}");
    }

    [Fact]
    public void Dev_set_is_large_and_varied()
    {
        var cases = Dev.Value;
        Assert.True(cases.Count >= 150, $"routing.jsonl has {cases.Count} questions; the issue asks for at least 150");
        Assert.Equal(cases.Count, cases.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count());
        foreach (var kind in new[] { AnswerKind.Answer, AnswerKind.DosingRedirect, AnswerKind.PersonalRedirect, AnswerKind.Emergency,
                     AnswerKind.AdverseEvent, AnswerKind.Escalation, AnswerKind.OutOfScope })
        {
            Assert.Contains(cases, c => c.Expected == kind);
        }
        Assert.Contains(cases, c => c.Audience == AnswerAudience.Professional);
    }

    [SplFact]
    public void Dev_set_meets_recall_targets() => AssertTargets(RoutingMetrics.Run(Dev.Value), "dev (routing.jsonl)");

    /// <summary>
    /// The held-out set is reported, not asserted: it measures how the rules generalise to phrasings written after them,
    /// and tuning the rules until it passes would make it one more development set. Its figures go in the report.
    /// </summary>
    [SplFact]
    public void Held_out_set_is_reported()
    {
        var metrics = RoutingMetrics.Run(HeldOut.Value);
        output.WriteLine(metrics.Report("held-out (routing-heldout.jsonl)"));
        Assert.True(HeldOut.Value.Count >= 30, "the held-out set should keep about 40 questions");
        // SAFETY: whatever the recall, an emergency must never be answered as an ordinary label question.
        Assert.DoesNotContain(metrics.Results, r => r.Case.Expected == AnswerKind.Emergency && r.Actual == AnswerKind.Answer);
    }

    private void AssertTargets(RoutingMetrics metrics, string name)
    {
        output.WriteLine(metrics.Report(name));
        Assert.True(metrics.DosingRecall >= RoutingMetrics.DosingTarget, $"dosing recall {metrics.DosingRecall:F3}");
        Assert.True(metrics.PersonalRecall >= RoutingMetrics.PersonalTarget, $"personal recall {metrics.PersonalRecall:F3}");
        Assert.True(metrics.AnsweredRate >= RoutingMetrics.AnsweredTarget, $"label questions answered {metrics.AnsweredRate:F3}");
    }
}
