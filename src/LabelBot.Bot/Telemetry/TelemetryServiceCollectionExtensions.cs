using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LabelBot.Bot.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The standard variable (or setting) that turns the OTLP exporter on.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// The turn span and metrics are always produced (cheap when nobody listens); they are exported over OTLP only when
    /// OTEL_EXPORTER_OTLP_ENDPOINT is set (the other OTEL_* variables apply as usual), and nowhere otherwise. No HTTP
    /// instrumentation is added: Direct Line URLs carry conversation ids.
    /// </summary>
    public static IServiceCollection AddLabelBotTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<BotTelemetry>();
        services.AddSingleton<TurnTelemetryMiddleware>();
        if (string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]))
        {
            return services;
        }
        services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME, when set, names the service (the SDK reads it); otherwise "labelbot-bot".
                if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(serviceName: "labelbot-bot", serviceVersion: typeof(BotTelemetry).Assembly.GetName().Version?.ToString());
                }
            })
            .WithTracing(tracing => tracing.AddSource(BotTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(BotTelemetry.Name))
            .UseOtlpExporter();
        return services;
    }
}
