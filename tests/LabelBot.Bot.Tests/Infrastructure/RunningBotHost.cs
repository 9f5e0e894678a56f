using System.Net;
using System.Text.Json;
using LabelBot.Bot.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LabelBot.Bot.Tests.Infrastructure;

/// <summary>The real LabelBot host (BotHost.Build, Kestrel on a random 127.0.0.1 port), started in this process.</summary>
internal sealed class RunningBotHost : IAsyncDisposable
{
    private RunningBotHost(WebApplication app, Uri baseUrl, string databasePath)
    {
        App = app;
        BaseUrl = baseUrl;
        DatabasePath = databasePath;
        Http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
    }

    public WebApplication App { get; }

    public Uri BaseUrl { get; }

    public string DatabasePath { get; }

    public HttpClient Http { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static IReadOnlyDictionary<string, string> TestDeadlines { get; } = new Dictionary<string, string>
    {
        ["LabelBot:Turns:BudgetSeconds"] = "40",
        ["LabelBot:Turns:TimeLimitSeconds"] = "45",
        ["LabelBot:Turns:AcknowledgeSeconds"] = "14",
        ["LabelBot:ReadinessTimeoutSeconds"] = "30",
    };

    public static async Task<RunningBotHost> StartAsync(string databasePath, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? configure = null, LogCapture? logs = null)
    {
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            $"--LabelBot:DatabasePath={databasePath}",
            $"--LabelBot:LabelsFolder={RepoPaths.LabelsFolder}",
        };
        // Deadlines for a loaded CI machine (first-run seeding can take both cores): an ordinary turn there may pass the
        // production 8 s budget, and a test that is not about deadlines must not see the holding message or a 202.
        // Tests about deadlines set their own values, which come later and win.
        foreach (var (key, value) in TestDeadlines)
        {
            args.Add($"--{key}={value}");
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            args.Add($"--{key}={value}");
        }
        var app = BotHost.Build([.. args], builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            if (logs is not null)
            {
                builder.Logging.ClearProviders();
                builder.Logging.SetMinimumLevel(LogLevel.Information);
                builder.Logging.AddProvider(logs);
            }
            configure?.Invoke(builder.Services);
        });
        await app.StartAsync();
        var address = BotHost.BoundAddresses(app).Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
        return new RunningBotHost(app, new Uri(address + "/"), databasePath);
    }

    /// <summary>Polls /healthz until it answers 200 (labels loaded); fails with the host's reason if start-up failed.</summary>
    public async Task<int> WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await Http.GetAsync(new Uri("healthz", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            using var json = JsonDocument.Parse(body);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return json.RootElement.GetProperty("labels").GetInt32();
            }
            if (json.RootElement.GetProperty("status").GetString() == "failed")
            {
                throw new InvalidOperationException("LabelBot host failed to start: " + body);
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"LabelBot host not ready after {timeout}: {body}");
            }
            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
