using System.Net.Http.Headers;
using LabelBot.Bot.Backend;
using LabelBot.Bot.Settings;
using LabelBot.Core.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LabelBot.Bot.Tests.Infrastructure;

/// <summary>
/// A host of its own (own limits, clock, logs, telemetry) that answers with the shared fixture's already-open engine and
/// label store, the engine wrapped in an <see cref="InstrumentedEngine"/>: nothing is seeded, so it is ready in moments.
/// Same BotHost.Build, Kestrel, CloudAdapter and Direct Line code as production.
/// </summary>
internal sealed class GuardedBotHost : IAsyncDisposable
{
    private GuardedBotHost(RunningBotHost host, InstrumentedEngine engine) => (Host, Engine) = (host, engine);

    public RunningBotHost Host { get; }

    public InstrumentedEngine Engine { get; }

    public HttpClient Http => Host.Http;

    public static async Task<GuardedBotHost> StartAsync(
        BotHostFixture fixture,
        IReadOnlyDictionary<string, string>? settings = null,
        LogCapture? logs = null,
        TimeProvider? clock = null,
        Func<ILabelStore, ILabelStore>? wrapStore = null,
        Func<IBackendOpener, IBackendOpener>? wrapOpener = null,
        bool waitUntilReady = true,
        string? databasePath = null)
    {
        var shared = fixture.Host.Service<BotBackend>();
        Assert.True(shared.TryGetEngine(out var realEngine), "the shared host is not ready");
        var engine = new InstrumentedEngine(realEngine);
        var store = shared.LabelStore ?? throw new InvalidOperationException("the shared host has no label store");
        IBackendOpener opener = new SharedBackendOpener(engine, fixture.LabelCount, wrapStore is null ? store : wrapStore(store));
        opener = wrapOpener is null ? opener : wrapOpener(opener);
        // The host's own tables go to databasePath when given (a fresh file needs no seeding: the labels come from the fixture).
        var host = await RunningBotHost.StartAsync(databasePath ?? fixture.Host.DatabasePath, settings, services =>
        {
            services.RemoveAll<IBackendOpener>();
            services.AddSingleton<IBackendOpener>(opener);
            if (clock is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
            }
        }, logs);
        if (waitUntilReady)
        {
            await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        }
        return new GuardedBotHost(host, engine);
    }

    /// <summary>A client whose requests appear to come from <paramref name="address"/> (X-Forwarded-For from loopback, which the host trusts).</summary>
    public HttpClient ClientFrom(string address)
    {
        var client = new HttpClient { BaseAddress = Host.BaseUrl, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    /// <summary>Hands over an engine that is already open; the shared fixture owns (and disposes) the real one.</summary>
    private sealed class SharedBackendOpener(InstrumentedEngine engine, int labelCount, ILabelStore store) : IBackendOpener
    {
        public Task<OpenedBackend> OpenAsync(LabelBotHostOptions options, IProgress<string> progress, CancellationToken cancellationToken) =>
            Task.FromResult(new OpenedBackend(engine, labelCount, Lifetime: null, store));
    }
}

/// <summary>The system clock moved forward on demand (wall-clock reads only; timers keep real time).</summary>
internal sealed class ShiftableClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
