using LabelBot.Cli.Commands;
using LabelBot.Load.Sampling;
using LabelBot.Load.Reporting;
using LabelBot.Testing;
using Xunit.Abstractions;

namespace LabelBot.Load.Tests;

/// <summary>The real load driver against the real host (in this process) over the seeded data/labels database.</summary>
public sealed class LoadRunnerTests(ITestOutputHelper output)
{
    private const int Conversations = 50;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task FiftyConcurrentConversationsAreAllAnsweredWithoutErrors()
    {
        using var database = await SeededLabelsDatabase.CopyAsync("load-runner");
        await using var host = await InProcessBotHost.StartAsync(database.Path, TimeSpan.FromMinutes(5), CancellationToken.None);
        var options = LoadBotTexts.Apply(new LoadOptions
        {
            Conversations = Conversations,
            Duration = Duration,
            // Fifty users at a pace a busy two-core machine keeps up with (~10 turns/s): this test is about correctness, not
            // speed, so a slow turn is not an error here (the product's 10 s timeout is a performance target, not a test).
            ThinkTime = TimeSpan.FromSeconds(5),
            TurnTimeout = TimeSpan.FromSeconds(60),
        });

        var report = await LoadRunner.RunAsync(host.BaseUrl, options, new InProcessProbe(), logger: null, CancellationToken.None);
        output.WriteLine($"{report.Turns} turns, {report.TurnsPerSecond:0.0}/s, latency p50 {report.Latency.P50Ms:0} p95 {report.Latency.P95Ms:0} max {report.Latency.MaxMs:0} ms, cpu {report.Cpu?.CpuMsPerAnsweredTurn:0} ms/turn, load {SystemLoad.TryRead()}");

        Assert.True(report.Errors == 0, "errors: " + string.Join(", ", report.ErrorsByType.Select(kv => $"{kv.Key} {kv.Value}")));
        Assert.Equal(Conversations, report.Conversations);
        Assert.Equal(Conversations, report.ConversationsStarted);
        Assert.Equal(Conversations, report.ConversationsAnswered);

        // The counts add up.
        Assert.Equal(report.Turns, report.Answered + report.TurnErrors);
        Assert.Equal(report.Errors, report.TurnErrors + report.StartErrors);
        Assert.Equal(report.Errors, report.ErrorsByType.Values.Sum());
        Assert.Equal(report.Answered, report.ReplyKinds.Values.Sum());
        Assert.Equal(report.Turns, report.TurnsByCategory.Values.Sum());
        Assert.Equal(report.Answered, report.Latency.Count);
        Assert.True(report.Answered >= Conversations);
        Assert.Equal(report.Answered / report.ElapsedSeconds, report.TurnsPerSecond, 6);
        // The configured duration is reported as given; how long the run took on this machine is measured, not asserted
        // (the stop timer and the stopwatch are different clocks: "elapsed 11.9993551 s" failed a ">= 12 s" check).
        Assert.Equal(Duration.TotalSeconds, report.DurationSeconds);
        Assert.True(report.ElapsedSeconds > 0);

        // Percentiles are ordered.
        Assert.True(report.Latency.P50Ms > 0);
        Assert.True(report.Latency.P50Ms <= report.Latency.P95Ms && report.Latency.P95Ms <= report.Latency.MaxMs, $"{report.Latency}");

        // Label questions got cited answers: the kind was read from the reply's sources card.
        Assert.True(report.ReplyKinds.GetValueOrDefault("answer") > 0, "reply kinds: " + string.Join(", ", report.ReplyKinds.Keys));

        var memory = Assert.IsType<MemorySummary>(report.Memory);
        Assert.Equal("in-process", memory.Source);
        // One reading when the run starts and one when it stops, whatever the machine's load; the periodic ones in between
        // depend on the scheduler and are not counted on.
        Assert.True(memory.Samples >= 2, $"{memory.Samples} samples in {report.ElapsedSeconds} s");
        Assert.True(memory.WorkingSetStartBytes > 0);
        Assert.True(memory.WorkingSetPeakBytes >= memory.WorkingSetStartBytes && memory.WorkingSetPeakBytes >= memory.WorkingSetEndBytes);
        Assert.True(memory.ManagedHeapStartBytes > 0);
        Assert.True(memory.ManagedHeapPeakBytes >= memory.ManagedHeapEndBytes);
        // Twelve seconds are no soak: growth needs two whole one-minute windows.
        Assert.Null(memory.Growth);

        var cpu = Assert.IsType<CpuSummary>(report.Cpu);
        Assert.True(cpu.CpuSeconds > 0 && cpu.CpuMsPerAnsweredTurn > 0, $"{cpu}");
        Assert.Equal(cpu.CpuSeconds * 1000 / report.Answered, cpu.CpuMsPerAnsweredTurn, 6);
    }
}
