using LabelBot.Bot.Settings;
using LabelBot.Core.Answering;

namespace LabelBot.Bot.Bots;

/// <summary>
/// Runs the engine under the turn's deadlines: past <see cref="TurnOptions.Budget"/> the caller sends a holding message
/// (so the user hears back within the budget, whatever the engine does) and the answer still follows; past
/// <see cref="TurnOptions.TimeLimit"/> the engine is cancelled and given up on (null), even if it ignores cancellation.
/// </summary>
public sealed class AnswerDeadline(LabelBotHostOptions options, TimeProvider clock)
{
    /// <returns>The engine's answer, or null when it did not answer within the time limit.</returns>
    public async Task<AnswerResult?> AnswerAsync(IAnswerEngine engine, AnswerRequest request, Func<CancellationToken, Task> onBudgetExceeded, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(onBudgetExceeded);
        var turns = options.Turns;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Off the turn's thread: an engine that starts with synchronous work (embedding the question) cannot hold back
        // the holding message.
        var answering = Task.Run(() => engine.AnswerAsync(request, limit.Token), limit.Token);
        if (!await CompletesWithinAsync(answering, turns.Budget, cancellationToken))
        {
            await onBudgetExceeded(cancellationToken);
            if (!await CompletesWithinAsync(answering, turns.TimeLimit - turns.Budget, cancellationToken))
            {
                await limit.CancelAsync();
                // Abandoned: its eventual failure is expected and must not surface as an unobserved exception.
                _ = answering.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return null;
            }
        }
        return await answering;
    }

    private async Task<bool> CompletesWithinAsync(Task task, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (task.IsCompleted)
        {
            return true;
        }
        using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var first = await Task.WhenAny(task, Task.Delay(wait, clock, stopDelay.Token));
        await stopDelay.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        return first == task;
    }
}
