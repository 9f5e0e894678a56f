using LabelBot.Bot.Backend;
using LabelBot.Bot.Settings;

namespace LabelBot.Bot.Health;

public static partial class HealthEndpoints
{
    /// <summary>
    /// /healthz (liveness): 200 with the label count once ready; 503 while seeding (or when start-up failed, with the reason).
    /// /readyz (readiness, for a load balancer): 200 only when the backend is ready AND the label store answers a cheap
    /// query within <see cref="LabelBotHostOptions.ReadinessTimeoutSeconds"/>; 503 with the reason otherwise.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", (HttpContext context, BotBackend backend) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return backend.State switch
            {
                BackendState.Ready => Results.Json(new { status = "ready", labels = backend.LabelCount }),
                BackendState.Failed => Results.Json(new { status = "failed", error = backend.FailureReason }, statusCode: StatusCodes.Status503ServiceUnavailable),
                _ => Results.Json(new { status = "seeding", labels = 0 }, statusCode: StatusCodes.Status503ServiceUnavailable),
            };
        });
        endpoints.MapGet("/readyz", ReadinessAsync);
        return endpoints;
    }

    private static async Task<IResult> ReadinessAsync(HttpContext context, BotBackend backend, LabelBotHostOptions options, ILoggerFactory loggers)
    {
        context.Response.Headers.CacheControl = "no-store";
        switch (backend.State)
        {
            case BackendState.Failed:
                return NotReady("failed", "start-up failed: " + backend.FailureReason);
            case BackendState.Ready:
                break;
            default:
                return NotReady("seeding", "the drug labels are still loading");
        }
        if (backend.LabelStore is not { } store)
        {
            return NotReady("not_ready", "the backend has no label store to check");
        }
        var timeout = TimeSpan.FromSeconds(options.ReadinessTimeoutSeconds);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        cancel.CancelAfter(timeout);
        var logger = loggers.CreateLogger("LabelBot.Bot.Health");
        try
        {
            // WaitAsync: the check answers in time even if the store ignores cancellation.
            var labels = await store.ListLabelsAsync(cancellationToken: cancel.Token).WaitAsync(timeout, context.RequestAborted);
            return labels.Count > 0
                ? Results.Json(new { status = "ready", labels = labels.Count })
                : NotReady("not_ready", "the label store answered but has no labels");
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            LogStoreCheckFailed(logger, "timeout");
            return NotReady("not_ready", $"the label store did not answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The type only: a driver's message may carry connection details.
            LogStoreCheckFailed(logger, ex.GetType().Name);
            return NotReady("not_ready", $"the label store query failed ({ex.GetType().Name})");
        }
    }

    private static IResult NotReady(string status, string? reason) =>
        Results.Json(new { status, reason }, statusCode: StatusCodes.Status503ServiceUnavailable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness check: the label store did not answer ({Problem})")]
    private static partial void LogStoreCheckFailed(ILogger logger, string problem);
}
