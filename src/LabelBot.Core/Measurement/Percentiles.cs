namespace LabelBot.Core.Measurement;

/// <summary>The one percentile definition every benchmark, evaluation and load report prints.</summary>
public static class Percentiles
{
    /// <summary>Nearest rank: the smallest sample with at least <paramref name="p"/> of the samples at or below it (0 when empty).</summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return 0;
        }
        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
