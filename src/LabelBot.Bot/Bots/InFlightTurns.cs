using System.Collections.Concurrent;
using LabelBot.Bot.Settings;

namespace LabelBot.Bot.Bots;

/// <summary>
/// Turns that may outlive the HTTP request that delivered the user's message. A channel gives up on a request long
/// before a slow turn ends (Web Chat's POST after ~20 s, Bot Framework channels after 15 s) and would show "send failed"
/// for a message the bot is still answering: the request is answered after the turn or after
/// <see cref="TurnOptions.Acknowledge"/>, whichever comes first, and the turn goes on; its replies reach the user the
/// usual way. On shutdown the host waits for the turns still running (they are cancelled with ApplicationStopping).
/// </summary>
public sealed class InFlightTurns(LabelBotHostOptions options, TimeProvider clock) : IHostedService
{
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    /// <summary>Turns started and not yet finished.</summary>
    public int Count => _running.Count;

    /// <summary>
    /// Waits for <paramref name="turn"/> at most the acknowledgement time. Returns true when it finished within it
    /// (its faults are the caller's), false when it goes on in the background (its faults are then observed here).
    /// </summary>
    public async Task<bool> AwaitOrAcknowledgeAsync(Task turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (turn.IsCompleted)
        {
            return true;
        }
        _running.TryAdd(turn, 0);
        _ = turn.ContinueWith(
            (finished, state) =>
            {
                ((ConcurrentDictionary<Task, byte>)state!).TryRemove(finished, out _);
                _ = finished.Exception;
            },
            _running, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        using var stopDelay = new CancellationTokenSource();
        var first = await Task.WhenAny(turn, Task.Delay(options.Turns.Acknowledge, clock, stopDelay.Token));
        await stopDelay.CancelAsync();
        return first == turn;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken);
        }
#pragma warning disable CA1031 // Shutdown: a turn's failure was already logged by the turn; the host still stops.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
