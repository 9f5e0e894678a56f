using LabelBot.Core.Answering;

namespace LabelBot.Bot.Tests.Infrastructure;

/// <summary>
/// The real engine behind a fault injector: counts calls, can be slowed down (honouring cancellation or not), and runs
/// a hook the moment it is called and when it finishes, so a test can see what the channel had received by then.
/// </summary>
internal sealed class InstrumentedEngine(IAnswerEngine inner) : IAnswerEngine
{
    private int _calls;
    private int _cancellations;
    private int _running;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>How many slowed calls saw their cancellation token fire.</summary>
    public int Cancellations => Volatile.Read(ref _cancellations);

    /// <summary>Calls that have started and not yet returned or thrown.</summary>
    public int Running => Volatile.Read(ref _running);

    public TimeSpan Delay { get; set; }

    /// <summary>Sleep through cancellation, like an engine stuck in a call that takes no token.</summary>
    public bool IgnoreCancellation { get; set; }

    public Action? OnCalled { get; set; }

    public Action? OnFinished { get; set; }

    public async Task<AnswerResult> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Increment(ref _running);
        try
        {
            return await AnswerSlowlyAsync(request, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private async Task<AnswerResult> AnswerSlowlyAsync(AnswerRequest request, CancellationToken cancellationToken)
    {
        OnCalled?.Invoke();
        if (Delay > TimeSpan.Zero)
        {
            if (IgnoreCancellation)
            {
                await Task.Delay(Delay, CancellationToken.None);
            }
            else
            {
                try
                {
                    await Task.Delay(Delay, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref _cancellations);
                    throw;
                }
            }
        }
        var result = await inner.AnswerAsync(request, cancellationToken);
        OnFinished?.Invoke();
        return result;
    }
}
