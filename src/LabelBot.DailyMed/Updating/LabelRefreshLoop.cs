using LabelBot.DailyMed.Client;
using Microsoft.Extensions.Logging;

namespace LabelBot.DailyMed.Updating;

/// <summary>
/// The bot host's optional background refresh: runs <see cref="LabelUpdater.UpdateAllAsync"/> every interval until
/// stopped. A failed run (DailyMed down, no network) is logged and retried at the next tick; it never stops the bot.
/// The host wraps <see cref="RunAsync"/> in a BackgroundService when <see cref="DailyMedOptions.RefreshInterval"/> is set.
/// </summary>
public sealed partial class LabelRefreshLoop(LabelUpdater updater, TimeSpan interval, ILogger<LabelRefreshLoop> logger)
{
    private readonly LabelUpdater _updater = updater ?? throw new ArgumentNullException(nameof(updater));
    private readonly ILogger<LabelRefreshLoop> _logger = logger ?? throw new ArgumentNullException(nameof(logger));

    public TimeSpan Interval { get; } = interval > TimeSpan.Zero ? interval : throw new ArgumentOutOfRangeException(nameof(interval));

    /// <summary>Waits one interval, refreshes, repeats; returns when <paramref name="stoppingToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One refresh; returns the report, or null when the run failed (already logged).</summary>
    public async Task<UpdateReport?> RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await _updater.UpdateAllAsync(cancellationToken: cancellationToken);
            LogRefreshed(_logger, report.Labels.Count, report.Updated, report.Failed, report.Elapsed.TotalSeconds);
            foreach (var label in report.Labels.Where(l => l.Status == LabelUpdateStatus.Updated))
            {
                LogLabelUpdated(_logger, label.SetId, label.StoredVersion, label.LatestVersion ?? 0);
            }
            return report;
        }
        catch (DailyMedException ex)
        {
            LogRefreshFailed(_logger, ex.Kind, ex.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Label refresh: {Checked} labels checked, {Updated} updated, {Failed} failed in {Seconds:0.0} s")]
    private static partial void LogRefreshed(ILogger logger, int @checked, int updated, int failed, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Label {SetId} updated from version {From} to {To}")]
    private static partial void LogLabelUpdated(ILogger logger, string setId, int from, int to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Label refresh failed ({Kind}): {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, DailyMedErrorKind kind, string reason);
}
