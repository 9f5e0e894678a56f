using LabelBot.Core.Measurement;

namespace LabelBot.Load.Reporting;

/// <summary>
/// The outcome of a load run. <see cref="Turns"/> = <see cref="Answered"/> + <see cref="TurnErrors"/>;
/// <see cref="Errors"/> = <see cref="TurnErrors"/> + <see cref="StartErrors"/> = the sum of <see cref="ErrorsByType"/>.
/// </summary>
/// <param name="ElapsedSeconds">From the first user starting to the last in-flight turn ending (throughput's denominator).</param>
/// <param name="ConversationsAnswered">Conversations with at least one answered turn.</param>
/// <param name="Cpu">CPU the host process used during the run; with the host in-process it includes the driver's share.</param>
/// <param name="ReplyKinds">Answered turns by the kind on the reply's sources card ("text" for a reply without one).</param>
public sealed record LoadReport(
    int Conversations,
    double DurationSeconds,
    double ThinkMs,
    double ElapsedSeconds,
    int Turns,
    int Answered,
    int Errors,
    int TurnErrors,
    int StartErrors,
    IReadOnlyDictionary<string, int> ErrorsByType,
    int ConversationsStarted,
    int ConversationsAnswered,
    double TurnsPerSecond,
    LatencySummary Latency,
    IReadOnlyDictionary<string, int> ReplyKinds,
    IReadOnlyDictionary<string, int> TurnsByCategory,
    MemorySummary? Memory,
    CpuSummary? Cpu);

/// <summary>Send → reply latency of the answered turns (nearest-rank percentiles).</summary>
public sealed record LatencySummary(int Count, double P50Ms, double P95Ms, double MaxMs, double MeanMs)
{
    public static LatencySummary From(IEnumerable<double> latenciesMs)
    {
        var sorted = latenciesMs.Order().ToList();
        return sorted.Count == 0
            ? new LatencySummary(0, 0, 0, 0, 0)
            : new LatencySummary(sorted.Count, Percentiles.NearestRank(sorted, 0.50), Percentiles.NearestRank(sorted, 0.95), sorted[^1], sorted.Average());
    }
}
