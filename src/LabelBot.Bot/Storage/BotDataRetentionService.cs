using LabelBot.Bot.Conversations;
using LabelBot.Bot.DirectLine;
using LabelBot.Bot.Escalation;

namespace LabelBot.Bot.Storage;

/// <summary>
/// Deletes transcripts and web chat conversations older than <see cref="EscalationOptions.RetentionDays"/>, so the
/// conversation text kept for hand-offs does not pile up. Cases and their audit rows are kept.
/// </summary>
public sealed partial class BotDataRetentionService(
    IConversationTranscriptStore transcripts,
    IDirectLineStore directLine,
    EscalationOptions options,
    TimeProvider clock,
    ILogger<BotDataRetentionService> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRunDelay = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstRunDelay, clock, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await PurgeOnceAsync(stoppingToken);
                await Task.Delay(Interval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task PurgeOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(options.RetentionDays);
        try
        {
            var turns = await transcripts.DeleteOlderThanAsync(cutoff, cancellationToken);
            var conversations = await directLine.DeleteInactiveAsync(cutoff, cancellationToken);
            LogPurged(logger, turns, conversations, options.RetentionDays);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            // Busy or locked for longer than the timeout: the next run tries again.
            LogPurgeFailed(logger, ex.SqliteErrorCode);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Turns} transcript turns and {Conversations} web chat conversations older than {Days} days")]
    private static partial void LogPurged(ILogger logger, int turns, int conversations, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention purge failed (SQLite error {Code}); retrying at the next run")]
    private static partial void LogPurgeFailed(ILogger logger, int code);
}
