using LabelBot.Load.Sampling;

namespace LabelBot.Load.Reporting;

/// <summary>
/// CPU time the host process used over the measured run. Latency on a shared machine says as much about the neighbours
/// as about the bot; CPU per answered turn does not, and bounds throughput: cores / (CPU s per turn).
/// </summary>
/// <param name="AverageCoresBusy">CPU seconds per elapsed second (2.0 = two cores flat out).</param>
public sealed record CpuSummary(string Source, double CpuSeconds, double AverageCoresBusy, double CpuMsPerAnsweredTurn)
{
    public static CpuSummary? From(string source, IReadOnlyList<ProcessSample> samples, int answeredTurns)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var timed = samples.Where(s => s.CpuSeconds is not null).ToList();
        if (timed.Count < 2)
        {
            return null;
        }
        var cpuSeconds = timed[^1].CpuSeconds!.Value - timed[0].CpuSeconds!.Value;
        var elapsed = timed[^1].ElapsedSeconds - timed[0].ElapsedSeconds;
        return new CpuSummary(source, cpuSeconds, elapsed <= 0 ? 0 : cpuSeconds / elapsed, answeredTurns == 0 ? 0 : cpuSeconds * 1000 / answeredTurns);
    }
}
