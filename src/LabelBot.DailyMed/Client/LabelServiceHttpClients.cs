using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace LabelBot.DailyMed.Client;

/// <summary>How one label service's HTTP client behaves: its name, timeouts and the resilience handler's retries.</summary>
public sealed record LabelServiceHttpSettings(string Name, TimeSpan RequestTimeout, TimeSpan ConnectTimeout, int MaxRetries, TimeSpan RetryDelay)
{
    /// <summary>The standard handler's own attempt timeout, shortened to the whole request's when that is shorter.</summary>
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(10);

    public TimeSpan AttemptTimeout => RequestTimeout < DefaultAttemptTimeout ? RequestTimeout : DefaultAttemptTimeout;
}

/// <summary>
/// The DailyMed and openFDA HTTP clients come from HttpClientFactory with the standard resilience handler (rate limiter,
/// total timeout, retries with exponential back-off and jitter on 5xx/408/429/connection failures, circuit breaker,
/// attempt timeout). A host registers them with <see cref="AddLabelServiceHttpClient"/>; the CLI and the runtime, which
/// have no container, get the same registration in a private one through <see cref="Create"/>.
/// </summary>
public static class LabelServiceHttpClients
{
    public static IHttpClientBuilder AddLabelServiceHttpClient(this IServiceCollection services, LabelServiceHttpSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = services.AddHttpClient(settings.Name, http =>
            {
                // The whole request's deadline is the resilience handler's (and LabelServiceHttp's for the body): never HttpClient's.
                http.Timeout = Timeout.InfiniteTimeSpan;
                http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("LabelBot", "1.0"));
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                ConnectTimeout = settings.ConnectTimeout,
                AutomaticDecompression = DecompressionMethods.All,
                // Connections are recycled here, so a long-running bot picks up DNS changes behind the services' CDNs.
                PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // Request URLs carry drug names a user asked about: they are never logged.
            .RemoveAllLoggers();
        builder.AddStandardResilienceHandler(options => Configure(options, settings));
        return builder;
    }

    /// <summary>A client registered as a host would, in a container of its own; disposing the result releases both.</summary>
    public static OwnedHttpClient Create(LabelServiceHttpSettings settings)
    {
        var services = new ServiceCollection();
        services.AddLabelServiceHttpClient(settings);
        var provider = services.BuildServiceProvider();
        return new OwnedHttpClient(provider.GetRequiredService<IHttpClientFactory>().CreateClient(settings.Name), provider);
    }

    internal static void Configure(HttpStandardResilienceOptions options, LabelServiceHttpSettings settings)
    {
        options.TotalRequestTimeout.Timeout = settings.RequestTimeout;
        options.AttemptTimeout.Timeout = settings.AttemptTimeout;
        // The handler requires the breaker's sampling window to hold at least two attempts.
        if (options.CircuitBreaker.SamplingDuration < 2 * settings.AttemptTimeout)
        {
            options.CircuitBreaker.SamplingDuration = 2 * settings.AttemptTimeout;
        }
        options.Retry.MaxRetryAttempts = settings.MaxRetries;
        options.Retry.Delay = settings.RetryDelay;
        // A name that does not resolve will not resolve a second later: say "no network" at once instead of backing off.
        var transient = options.Retry.ShouldHandle;
        options.Retry.ShouldHandle = args => args.Outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }
            ? PredicateResult.False()
            : transient(args);
    }
}

/// <summary>An HttpClient together with the container that built its handlers.</summary>
public sealed class OwnedHttpClient(HttpClient client, IDisposable container) : IDisposable
{
    public HttpClient Client { get; } = client;

    public void Dispose()
    {
        Client.Dispose();
        container.Dispose();
    }
}
