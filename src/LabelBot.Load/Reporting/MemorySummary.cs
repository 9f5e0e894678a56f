using LabelBot.Load.Sampling;

namespace LabelBot.Load.Reporting;

/// <summary>The host's memory over the measured run: start (after warm-up), peak and end, and growth for long runs.</summary>
/// <param name="Source">"in-process" (the host shares this process) or "pid N".</param>
public sealed record MemorySummary(
    string Source,
    int Samples,
    long WorkingSetStartBytes,
    long WorkingSetPeakBytes,
    long WorkingSetEndBytes,
    long? ManagedHeapStartBytes,
    long? ManagedHeapPeakBytes,
    long? ManagedHeapEndBytes,
    MemoryGrowth? Growth)
{
    public static MemorySummary? From(string source, IReadOnlyList<ProcessSample> samples, TimeSpan growthWindow)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return null;
        }
        var managed = samples.Where(s => s.ManagedHeapBytes is not null).Select(s => s.ManagedHeapBytes!.Value).ToList();
        return new MemorySummary(source, samples.Count,
            samples[0].WorkingSetBytes, samples.Max(s => s.WorkingSetBytes), samples[^1].WorkingSetBytes,
            managed.Count == 0 ? null : managed[0], managed.Count == 0 ? null : managed.Max(), managed.Count == 0 ? null : managed[^1],
            MemoryGrowth.Compute(samples, growthWindow));
    }
}

/// <summary>
/// Growth of the working set between the median of the first window and the median of the last. Medians, because a
/// single reading lands anywhere in the GC's saw-tooth; a leak moves the whole tooth.
/// </summary>
public sealed record MemoryGrowth(double WindowSeconds, long FirstWindowMedianBytes, long LastWindowMedianBytes, double GrowthPercent, double? ManagedHeapGrowthPercent)
{
    /// <summary>Null unless the samples span two whole windows (shorter runs say nothing about growth).</summary>
    public static MemoryGrowth? Compute(IReadOnlyList<ProcessSample> samples, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count < 2 || window <= TimeSpan.Zero)
        {
            return null;
        }
        var start = samples[0].ElapsedSeconds;
        var end = samples[^1].ElapsedSeconds;
        var seconds = window.TotalSeconds;
        if (end - start < 2 * seconds)
        {
            return null;
        }
        var first = samples.Where(s => s.ElapsedSeconds <= start + seconds).ToList();
        var last = samples.Where(s => s.ElapsedSeconds >= end - seconds).ToList();
        var firstMedian = Median(first.Select(s => s.WorkingSetBytes));
        var lastMedian = Median(last.Select(s => s.WorkingSetBytes));
        double? managedGrowth = first.All(s => s.ManagedHeapBytes is not null) && last.All(s => s.ManagedHeapBytes is not null)
            ? Percent(Median(first.Select(s => s.ManagedHeapBytes!.Value)), Median(last.Select(s => s.ManagedHeapBytes!.Value)))
            : null;
        return new MemoryGrowth(seconds, firstMedian, lastMedian, Percent(firstMedian, lastMedian), managedGrowth);
    }

    public bool IsWithin(double limitPercent) => GrowthPercent <= limitPercent;

    private static double Percent(long from, long to) => from <= 0 ? 0 : (to - from) * 100.0 / from;

    private static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
