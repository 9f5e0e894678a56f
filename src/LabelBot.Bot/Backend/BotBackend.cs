using LabelBot.Core.Answering;
using LabelBot.Core.Retrieval;

namespace LabelBot.Bot.Backend;

public enum BackendState { Starting, Seeding, Ready, Failed }

/// <summary>
/// What the host knows about the answer pipeline: whether labels are loaded yet and, once they are, the engine.
/// Written once by <see cref="BackendStartupService"/>; read by /healthz and the bot on every turn.
/// </summary>
public sealed class BotBackend
{
    private readonly Lock _gate = new();
    private BackendState _state = BackendState.Starting;
    private IAnswerEngine? _engine;
    private ILabelStore? _labelStore;
    private int _labelCount;
    private string? _failure;

    public BackendState State { get { lock (_gate) { return _state; } } }

    public int LabelCount { get { lock (_gate) { return _labelCount; } } }

    /// <summary>Why start-up failed (no user data in it), when <see cref="State"/> is Failed.</summary>
    public string? FailureReason { get { lock (_gate) { return _failure; } } }

    /// <summary>The engine once ready; null while starting, seeding or after a failure.</summary>
    public bool TryGetEngine(out IAnswerEngine engine)
    {
        lock (_gate)
        {
            engine = _engine!;
            return _state == BackendState.Ready && _engine is not null;
        }
    }

    /// <summary>The label store once ready (null before, or when the opener has none).</summary>
    public ILabelStore? LabelStore { get { lock (_gate) { return _state == BackendState.Ready ? _labelStore : null; } } }

    public void ReportSeeding()
    {
        lock (_gate) { _state = BackendState.Seeding; }
    }

    public void ReportReady(IAnswerEngine engine, int labelCount, ILabelStore? labelStore = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        lock (_gate)
        {
            _engine = engine;
            _labelStore = labelStore;
            _labelCount = labelCount;
            _state = BackendState.Ready;
        }
    }

    public void ReportFailed(string reason)
    {
        lock (_gate)
        {
            _failure = reason;
            _state = BackendState.Failed;
        }
    }
}
