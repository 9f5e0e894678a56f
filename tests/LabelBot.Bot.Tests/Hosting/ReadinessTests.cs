using System.Net;
using LabelBot.Bot.Backend;
using LabelBot.Bot.Settings;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Hosting;

/// <summary>/readyz: 200 only when the backend is ready and the label store answers in time; 503 with the reason otherwise. /healthz stays liveness.</summary>
[Collection(BotHostCollection.Name)]
public sealed class ReadinessTests(BotHostFixture fixture)
{
    [Fact]
    public async Task Ready_host_with_an_answering_store_is_ready_with_its_label_count()
    {
        var (status, body) = await GetAsync(fixture.Host.Http, "readyz");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ready", (string?)body["status"]);
        Assert.Equal(fixture.LabelCount, (int)body["labels"]!);
    }

    [Fact]
    public async Task Seeding_host_is_not_ready_until_its_labels_are_loaded()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await GuardedBotHost.StartAsync(fixture, wrapOpener: inner => new GatedOpener(inner, release.Task), waitUntilReady: false);

        var (status, body) = await GetAsync(host.Http, "readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("seeding", (string?)body["status"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["reason"]));

        release.SetResult();
        await host.Host.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host.Http, "readyz")).Status);
    }

    [Fact]
    public async Task Failed_start_is_not_ready_and_says_why()
    {
        await using var host = await GuardedBotHost.StartAsync(fixture, wrapOpener: _ => new FailingOpener(), waitUntilReady: false);
        await WaitForStateAsync(host, BackendState.Failed);

        var (status, body) = await GetAsync(host.Http, "readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("failed", (string?)body["status"]);
        Assert.Contains(FailingOpener.Reason, (string?)body["reason"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(host.Http, "healthz")).Status);
    }

    [Fact]
    public async Task Store_that_does_not_answer_in_time_makes_the_host_not_ready_but_still_alive()
    {
        var settings = new Dictionary<string, string> { ["LabelBot:ReadinessTimeoutSeconds"] = "0.5" };
        await using var host = await GuardedBotHost.StartAsync(fixture, settings, wrapStore: store => new FaultyStore(store, hang: true));

        var (status, body) = await GetAsync(host.Http, "readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("not_ready", (string?)body["status"]);
        Assert.Contains("did not answer within 0.5 s", (string?)body["reason"], StringComparison.Ordinal);
        // Liveness is about the process, not the store: /healthz stays 200 (a restart would not help).
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host.Http, "healthz")).Status);
    }

    [Fact]
    public async Task Store_that_fails_makes_the_host_not_ready_without_leaking_the_error_text()
    {
        await using var host = await GuardedBotHost.StartAsync(fixture, wrapStore: store => new FaultyStore(store, hang: false));

        var (status, body) = await GetAsync(host.Http, "readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("the label store query failed (IOException)", (string?)body["reason"]);
        Assert.DoesNotContain("Password", body.ToString(), StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, JObject Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (response.StatusCode, JObject.Parse(await response.Content.ReadAsStringAsync()));
    }

    private static async Task WaitForStateAsync(GuardedBotHost host, BackendState state)
    {
        var backend = host.Host.Service<BotBackend>();
        for (var i = 0; i < 300 && backend.State != state; i++)
        {
            await Task.Delay(100);
        }
        Assert.Equal(state, backend.State);
    }

    private sealed class GatedOpener(IBackendOpener inner, Task gate) : IBackendOpener
    {
        public async Task<OpenedBackend> OpenAsync(LabelBotHostOptions options, IProgress<string> progress, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            return await inner.OpenAsync(options, progress, cancellationToken);
        }
    }

    private sealed class FailingOpener : IBackendOpener
    {
        public const string Reason = "The database has no labels and no labels folder was found to seed it";

        public Task<OpenedBackend> OpenAsync(LabelBotHostOptions options, IProgress<string> progress, CancellationToken cancellationToken) =>
            Task.FromException<OpenedBackend>(new InvalidOperationException(Reason));
    }

    /// <summary>The real store, except that listing labels hangs (ignoring cancellation) or fails like a lost connection.</summary>
    private sealed class FaultyStore(ILabelStore inner, bool hang) : ILabelStore
    {
        public async Task<IReadOnlyList<LabelVersionInfo>> ListLabelsAsync(bool includeHistory = false, CancellationToken cancellationToken = default)
        {
            if (hang)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None);
                return await inner.ListLabelsAsync(includeHistory, cancellationToken);
            }
            throw new IOException("connection to Host=db;Password=hunter2 was reset");
        }

        public Task<IngestOutcome> SaveAsync(LabelDocument label, IReadOnlyList<Passage> passages, IReadOnlyList<float[]> embeddings, CancellationToken cancellationToken = default) =>
            inner.SaveAsync(label, passages, embeddings, cancellationToken);

        public Task<bool> HasVersionAsync(string setId, int version, CancellationToken cancellationToken = default) => inner.HasVersionAsync(setId, version, cancellationToken);

        public Task<IReadOnlyList<Passage>> GetPassagesAsync(string setId, IReadOnlyCollection<string>? topSectionCodes = null, CancellationToken cancellationToken = default) =>
            inner.GetPassagesAsync(setId, topSectionCodes, cancellationToken);

        public Task<Passage?> GetPassageAsync(string passageId, CancellationToken cancellationToken = default) => inner.GetPassageAsync(passageId, cancellationToken);
    }
}
