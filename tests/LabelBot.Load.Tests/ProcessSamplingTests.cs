using System.Diagnostics;
using LabelBot.Load.Sampling;
using LabelBot.Load.Reporting;

namespace LabelBot.Load.Tests;

public sealed class ProcessSamplingTests
{
    private const long MiB = 1024 * 1024;
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void ASawToothWithoutTrendIsNoGrowthButALeakIs()
    {
        // Three minutes at one sample a second: the GC's saw-tooth between 400 and 460 MiB.
        var sawTooth = Samples(180, t => (400 + (t % 20 * 3)) * MiB);
        var steady = MemoryGrowth.Compute(sawTooth, Minute);
        Assert.NotNull(steady);
        Assert.True(Math.Abs(steady.GrowthPercent) < 2, $"{steady.GrowthPercent} %");
        Assert.True(steady.IsWithin(10));

        // The same tooth on a floor that rises 30 MiB a minute.
        var leaking = Samples(180, t => (400 + (t % 20 * 3) + (t / 2)) * MiB);
        var leak = MemoryGrowth.Compute(leaking, Minute);
        Assert.NotNull(leak);
        Assert.True(leak.LastWindowMedianBytes > leak.FirstWindowMedianBytes);
        Assert.False(leak.IsWithin(10), $"{leak.GrowthPercent} %");
        Assert.Equal((leak.LastWindowMedianBytes - leak.FirstWindowMedianBytes) * 100.0 / leak.FirstWindowMedianBytes, leak.GrowthPercent, 6);
    }

    [Fact]
    public void GrowthNeedsTwoWholeWindows()
    {
        Assert.Null(MemoryGrowth.Compute(Samples(100, _ => 400 * MiB), Minute));
        Assert.NotNull(MemoryGrowth.Compute(Samples(121, _ => 400 * MiB), Minute));
    }

    [Fact]
    public void SummaryTakesStartPeakAndEndFromTheSamples()
    {
        var samples = new[] { Sample(0, 300), Sample(1, 500), Sample(2, 450) };
        var summary = MemorySummary.From("test", samples, Minute);
        Assert.NotNull(summary);
        Assert.Equal((300 * MiB, 500 * MiB, 450 * MiB), (summary.WorkingSetStartBytes, summary.WorkingSetPeakBytes, summary.WorkingSetEndBytes));
        Assert.Null(summary.ManagedHeapStartBytes);
        Assert.Null(MemorySummary.From("test", [], Minute));
    }

    [Fact]
    public void ProcStatusProbeReadsThisProcessLikeTheRuntimeDoes()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // /proc exists on Linux only.
        }
        var reading = new ProcFsProcessProbe(Environment.ProcessId).Read();
        using var self = Process.GetCurrentProcess();
        Assert.NotNull(reading);
        // Both are this process's resident set and CPU time, read a moment apart.
        Assert.InRange(reading.WorkingSetBytes, self.WorkingSet64 / 2, self.WorkingSet64 * 2);
        Assert.NotNull(reading.CpuTime);
        Assert.InRange(reading.CpuTime.Value, TimeSpan.FromTicks(1), self.TotalProcessorTime + TimeSpan.FromSeconds(1));
        Assert.Null(reading.ManagedHeapBytes);
        Assert.Null(new ProcFsProcessProbe(int.MaxValue).Read());
    }

    [Fact]
    public void VmRssIsParsedInKilobytes()
    {
        Assert.Equal(123456L * 1024, ProcFsProcessProbe.TryParseResidentBytes("Name:\tdotnet\nVmPeak:\t  999 kB\nVmRSS:\t  123456 kB\nThreads:\t9\n"));
        Assert.Null(ProcFsProcessProbe.TryParseResidentBytes("Name:\tkthreadd\n"));
    }

    [Fact]
    public void CpuTimeIsReadAfterTheCommandNameInTicksOfTenMilliseconds()
    {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …; comm may hold ") ".
        var stat = "4242 (dotnet (load) x) S 1 4242 4242 0 -1 4194560 5000 0 12 0 1234 56 0 0 20 0 30 0 100 0 0";
        Assert.Equal(TimeSpan.FromSeconds(12.90), ProcFsProcessProbe.TryParseCpuTime(stat));
        Assert.Null(ProcFsProcessProbe.TryParseCpuTime("4242 (truncated) S 1"));
    }

    [Fact]
    public void CpuSummaryDividesTheCpuUsedByTheTurnsAnswered()
    {
        var samples = new[] { new ProcessSample(0, MiB, null, 10.0), new ProcessSample(5, MiB, null, 12.5), new ProcessSample(10, MiB, null, 15.0) };
        var cpu = CpuSummary.From("test", samples, answeredTurns: 50);
        Assert.NotNull(cpu);
        Assert.Equal((5.0, 0.5, 100.0), (cpu.CpuSeconds, cpu.AverageCoresBusy, cpu.CpuMsPerAnsweredTurn));
        Assert.Null(CpuSummary.From("test", [new ProcessSample(0, MiB, null, null)], 1));
    }

    [Fact]
    public void PercentilesAreNearestRank()
    {
        var latencies = Enumerable.Range(1, 100).Select(n => (double)n).Reverse().ToList();
        var summary = LatencySummary.From(latencies);
        Assert.Equal((100, 50.0, 95.0, 100.0, 50.5), (summary.Count, summary.P50Ms, summary.P95Ms, summary.MaxMs, summary.MeanMs));
        Assert.Equal(0, LatencySummary.From([]).Count);
    }

    private static List<ProcessSample> Samples(int seconds, Func<long, long> workingSet) =>
        Enumerable.Range(0, seconds + 1).Select(t => new ProcessSample(t, workingSet(t), null)).ToList();

    private static ProcessSample Sample(double seconds, long mib) => new(seconds, mib * MiB, null);
}
