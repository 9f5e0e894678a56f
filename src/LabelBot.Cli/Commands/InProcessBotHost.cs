using LabelBot.Bot.Hosting;
using LabelBot.Load;
using Microsoft.AspNetCore.Builder;

namespace LabelBot.Cli.Commands;

/// <summary>
/// The real bot host (<see cref="BotHost.Build"/>, Kestrel on a free 127.0.0.1 port) running inside the CLI process,
/// so `load` measures exactly what `dotnet run --project src/LabelBot.Bot` serves, with no second process to manage.
/// </summary>
public sealed class InProcessBotHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessBotHost(WebApplication app, Uri baseUrl, int labelCount)
    {
        _app = app;
        BaseUrl = baseUrl;
        LabelCount = labelCount;
    }

    public Uri BaseUrl { get; }

    public int LabelCount { get; }

    /// <summary>Starts the host over <paramref name="databasePath"/> and waits until /healthz answers 200.</summary>
    public static async Task<InProcessBotHost> StartAsync(string databasePath, TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        var app = BotHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--LabelBot:DatabasePath={databasePath}",
            // The abuse limits are off: every simulated user shares one loopback address and types faster than a person,
            // so the limits would answer "slow down" and the run would measure them instead of the bot.
            "--LabelBot:RateLimit:RequestsPerIp=0",
            "--LabelBot:RateLimit:MessagesPerConversation=0",
            // Warnings only, and on stderr: stdout belongs to the report (or its JSON).
            "--Logging:LogLevel:Default=Warning",
            "--Logging:Console:LogToStandardErrorThreshold=Trace",
        ]);
        try
        {
            await app.StartAsync(cancellationToken);
            var address = BotHost.BoundAddresses(app).FirstOrDefault(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))
                ?? throw new CliFailureException("the in-process bot host did not bind a 127.0.0.1 port");
            var baseUrl = new Uri(address + "/");
            using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
            var labels = await HostReadiness.WaitUntilReadyAsync(http, readyTimeout, cancellationToken);
            return new InProcessBotHost(app, baseUrl, labels);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
