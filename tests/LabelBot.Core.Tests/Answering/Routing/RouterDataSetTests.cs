using LabelBot.Core.Answering;
using LabelBot.Core.Tests.Support;
using Xunit.Abstractions;

namespace LabelBot.Core.Tests.Answering.Routing;

/// <summary>
/// The router over the routing data sets. Development (asserted): Data/routing.jsonl, written with the rules, and
/// Data/routing-blind-a.jsonl, written blind before the second round of rules and then used to tune them. Held out
/// (reported): Data/routing-heldout.jsonl and Data/routing-blind-b.jsonl, written before that round and run once after
/// the rules were frozen.
/// </summary>
public sealed class RouterDataSetTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<RoutingCase>> Dev = new(() =>
        [.. RoutingCase.Load("routing.jsonl"), .. RoutingCase.Load("routing-blind-a.jsonl")]);

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
    public void Dev_set_meets_recall_targets() =>
        AssertTargets(RoutingMetrics.Run(Dev.Value), "dev (routing.jsonl + routing-blind-a.jsonl)");

    /// <summary>
    /// Held-out sets are reported, not asserted: they measure how the rules generalise to phrasings the rules were not
    /// tuned on, and tuning the rules until they pass would make them more development sets. Their figures go in the
    /// report; only a safety regression fails the test.
    /// </summary>
    [SplTheory]
    [InlineData("routing-heldout.jsonl", 30)]
    [InlineData("routing-blind-b.jsonl", 60)]
    public void Held_out_set_is_reported(string fileName, int minimumCount)
    {
        var cases = RoutingCase.Load(fileName);
        var metrics = RoutingMetrics.Run(cases);
        output.WriteLine(metrics.Report($"held-out ({fileName})"));
        Assert.True(cases.Count >= minimumCount, $"{fileName} has {cases.Count} questions; keep at least {minimumCount}");
        // SAFETY: whatever the recall, an emergency must never be answered as an ordinary label question, and a dosing
        // question must never be answered in a Public deployment.
        Assert.DoesNotContain(metrics.Results, r => r.Case.Expected == AnswerKind.Emergency && RoutingMetrics.IsAnswered(r.Actual));
        Assert.DoesNotContain(metrics.Results, r => r.Case.Expected == AnswerKind.DosingRedirect
            && r.Case.Audience == AnswerAudience.Public && RoutingMetrics.IsAnswered(r.Actual));
    }

    private void AssertTargets(RoutingMetrics metrics, string name)
    {
        output.WriteLine(metrics.Report(name));
        Assert.True(metrics.DosingRecall >= RoutingMetrics.DosingTarget, $"dosing recall {metrics.DosingRecall:F3}");
        Assert.True(metrics.PersonalRecall >= RoutingMetrics.PersonalTarget, $"personal recall {metrics.PersonalRecall:F3}");
        Assert.True(metrics.AnsweredRate >= RoutingMetrics.AnsweredTarget, $"label questions answered {metrics.AnsweredRate:F3}");
    }
}
