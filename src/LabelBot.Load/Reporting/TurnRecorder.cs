using LabelBot.Load.Sampling;
using LabelBot.Load.Scenario;

namespace LabelBot.Load.Reporting;

/// <summary>Collects what the simulated users saw; safe to call from all of them at once.</summary>
internal sealed class TurnRecorder(int conversations)
{
    private readonly Lock _gate = new();
    private readonly List<double> _latenciesMs = [];
    private readonly Dictionary<string, int> _errorsByType = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _replyKinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _turnsByCategory = new(StringComparer.Ordinal);
    private readonly int[] _answeredPerConversation = new int[conversations];
    private readonly bool[] _started = new bool[conversations];
    private int _turns;
    private int _turnErrors;
    private int _startErrors;

    public void RecordStarted(int conversation)
    {
        lock (_gate)
        {
            _started[conversation] = true;
        }
    }

    public void RecordAnswered(int conversation, QuestionCategory category, double latencyMs, string replyKind)
    {
        lock (_gate)
        {
            CountTurn(category);
            _latenciesMs.Add(latencyMs);
            _answeredPerConversation[conversation]++;
            Increment(_replyKinds, replyKind);
        }
    }

    /// <returns>True the first time this type of error is seen (the caller logs it once, not once per turn).</returns>
    public bool RecordTurnError(QuestionCategory category, string errorType)
    {
        lock (_gate)
        {
            CountTurn(category);
            _turnErrors++;
            return Increment(_errorsByType, errorType) == 1;
        }
    }

    /// <returns>True the first time this type of error is seen.</returns>
    public bool RecordStartError(string errorType)
    {
        lock (_gate)
        {
            _startErrors++;
            return Increment(_errorsByType, "start_" + errorType) == 1;
        }
    }

    /// <param name="probeSource">Where <paramref name="samples"/> were read; null when the host process was not sampled.</param>
    public LoadReport ToReport(LoadOptions options, TimeSpan elapsed, string? probeSource, IReadOnlyList<ProcessSample> samples)
    {
        lock (_gate)
        {
            var answered = _latenciesMs.Count;
            return new LoadReport(
                options.Conversations,
                options.Duration.TotalSeconds,
                options.ThinkTime.TotalMilliseconds,
                elapsed.TotalSeconds,
                _turns,
                answered,
                _turnErrors + _startErrors,
                _turnErrors,
                _startErrors,
                Sorted(_errorsByType),
                _started.Count(s => s),
                _answeredPerConversation.Count(n => n > 0),
                answered / Math.Max(elapsed.TotalSeconds, 1e-9),
                LatencySummary.From(_latenciesMs),
                Sorted(_replyKinds),
                Sorted(_turnsByCategory),
                probeSource is null ? null : MemorySummary.From(probeSource, samples, options.GrowthWindow),
                probeSource is null ? null : CpuSummary.From(probeSource, samples, answered));
        }
    }

    private void CountTurn(QuestionCategory category)
    {
        _turns++;
        Increment(_turnsByCategory, category switch
        {
            QuestionCategory.FollowUp => "follow_up",
            QuestionCategory.Dosing => "dosing",
            _ => "label",
        });
    }

    private static int Increment(Dictionary<string, int> counts, string key)
    {
        counts[key] = counts.GetValueOrDefault(key) + 1;
        return counts[key];
    }

    private static SortedDictionary<string, int> Sorted(Dictionary<string, int> counts) => new(counts, StringComparer.Ordinal);
}
