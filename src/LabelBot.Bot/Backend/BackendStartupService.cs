using LabelBot.Bot.Hosting;

namespace LabelBot.Bot.Backend;

/// <summary>
/// Opens (and on first start seeds) the label database in the background, so the page and /healthz answer at once
/// while ingest runs; progress goes to the log.
/// </summary>
public sealed partial class BackendStartupService(
    IBackendOpener opener,
    BotBackend backend,
    LabelBotHostOptions options,
    LabelBot.Runtime.StorageOptions storage,
    ILogger<BackendStartupService> logger) : BackgroundService
{
    private IAsyncDisposable? _lifetime;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        backend.ReportSeeding();
        LogOpening(logger, storage.IsPostgres ? "PostgreSQL (LABELBOT_POSTGRES / Storage:ConnectionString)" : options.DatabasePath, options.LabelsFolder ?? "(none)");
        var progress = new Progress<string>(line => LogProgress(logger, line));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var opened = await opener.OpenAsync(options, progress, stoppingToken);
            _lifetime = opened.Lifetime;
            backend.ReportReady(opened.Engine, opened.LabelCount, opened.LabelStore);
            LogReady(logger, opened.LabelCount, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down before ready.
        }
#pragma warning disable CA1031 // A failed start must leave the host up so /healthz can report why.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            backend.ReportFailed(ex.Message);
            LogFailed(logger, ex);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_lifetime is not null)
        {
            await _lifetime.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opening label database {Path} (seed folder {Folder})")]
    private static partial void LogOpening(ILogger logger, string path, string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeding: {Line}")]
    private static partial void LogProgress(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "LabelBot ready: {Count} labels loaded in {Seconds:F1} s")]
    private static partial void LogReady(ILogger logger, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "LabelBot could not open its label database")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
