using LabelBot.Bot.Backend;

namespace LabelBot.Bot.Hosting;

public static class HealthEndpoints
{
    /// <summary>/healthz: 200 with the label count once ready; 503 while seeding (or when start-up failed, with the reason).</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", (BotBackend backend) => backend.State switch
        {
            BackendState.Ready => Results.Json(new { status = "ready", labels = backend.LabelCount }),
            BackendState.Failed => Results.Json(new { status = "failed", error = backend.FailureReason }, statusCode: StatusCodes.Status503ServiceUnavailable),
            _ => Results.Json(new { status = "seeding", labels = 0 }, statusCode: StatusCodes.Status503ServiceUnavailable),
        });
        return endpoints;
    }
}
