using LabelBot.Bot.Settings;
using LabelBot.Labels.Ingestion;

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
    private readonly TaskCompletionSource _vectorFill = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
            if (opened.FillVectors is { } fill)
            {
                await FillVectorsAsync(fill, stoppingToken);
            }
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
        finally
        {
            _vectorFill.TrySetResult(); // no fill ran (none needed, or the store never opened)
        }
    }

    /// <summary>Task of the background vector fill of this start (completed when there was nothing to fill); tests await it.</summary>
    public Task VectorFillCompletion => _vectorFill.Task;

    /// <summary>
    /// Labels ingested with `--embed later` answer by full text already; their vectors are computed here, after the host
    /// is ready, batch by batch (a stop leaves committed batches; the next start resumes).
    /// </summary>
    private async Task FillVectorsAsync(Func<IProgress<VectorFillProgress>, CancellationToken, Task<VectorFillReport?>> fill, CancellationToken stoppingToken)
    {
        try
        {
            var progress = new Progress<VectorFillProgress>(p =>
            {
                if (p.Done == 0 && p.Pending > 0)
                {
                    LogVectorFillStarted(logger, p.Pending);
                }
            });
            var report = await fill(progress, stoppingToken);
            if (report is { Passages: > 0 })
            {
                LogVectorFillDone(logger, report.Passages, report.Embedded, report.Elapsed.TotalSeconds);
            }
            _vectorFill.TrySetResult();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _vectorFill.TrySetCanceled(stoppingToken);
        }
#pragma warning disable CA1031 // A failed fill leaves the host answering by full text; the next start tries again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogVectorFillFailed(logger, ex);
            _vectorFill.TrySetException(ex);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Vectors: {Pending} passages have none yet (answered by full text); filling them in the background")]
    private static partial void LogVectorFillStarted(ILogger logger, long pending);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vectors: {Passages} passages filled ({Embedded} texts embedded, the rest reused) in {Seconds:F1} s")]
    private static partial void LogVectorFillDone(ILogger logger, long passages, long embedded, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vectors: the background fill failed; labels without vectors keep answering by full text")]
    private static partial void LogVectorFillFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "LabelBot could not open its label database")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
