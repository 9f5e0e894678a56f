using System.Data.Common;
using System.Globalization;
using LabelBot.Bot.Conversations;
using LabelBot.Bot.Channels.DirectLine;
using LabelBot.Bot.Handoff;
using Microsoft.Data.Sqlite;

namespace LabelBot.Bot.Storage;

/// <summary>
/// Deletes transcripts and web chat conversations older than <see cref="EscalationOptions.RetentionDays"/>, so the
/// conversation text kept for hand-offs does not pile up. Cases and their audit rows are kept. Works on either storage
/// provider; with PostgreSQL every host runs it, which is harmless (the deletes are idempotent).
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
        catch (DbException ex)
        {
            // SQLite busy or locked, or PostgreSQL unreachable, for longer than the timeout: the next run tries again.
            // Only the error code is logged: a database message may quote stored values.
            LogPurgeFailed(logger, ErrorCode(ex));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Turns} transcript turns and {Conversations} web chat conversations older than {Days} days")]
    private static partial void LogPurged(ILogger logger, int turns, int conversations, int days);

    private static string ErrorCode(DbException exception) => exception switch
    {
        SqliteException sqlite => "SQLite " + sqlite.SqliteErrorCode.ToString(CultureInfo.InvariantCulture),
        _ => exception.SqlState is { } state ? "SQLSTATE " + state : exception.GetType().Name,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention purge failed ({Code}); retrying at the next run")]
    private static partial void LogPurgeFailed(ILogger logger, string code);
}
