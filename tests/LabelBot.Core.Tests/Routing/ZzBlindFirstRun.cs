using Xunit.Abstractions;

namespace LabelBot.Core.Tests.Routing;

public sealed class ZzBlindFirstRun(ITestOutputHelper output)
{
    [Fact]
    public void Print()
    {
        foreach (var f in new[] { "routing-blind-a.jsonl", "routing.jsonl", "routing-heldout.jsonl" })
        {
            output.WriteLine(RoutingMetrics.Run(RoutingCase.Load(f)).Report(f));
        }
        Assert.Fail("print");
    }
}
