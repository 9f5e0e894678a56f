using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.DailyMed.Client;
using LabelBot.DailyMed.Fetching;
using LabelBot.DailyMed.OpenFda;
using LabelBot.DailyMed.Tests.TestSupport;
using LabelBot.Labels.Ingestion;
using LabelBot.Search.Embedding;
using LabelBot.Storage.Sqlite;

namespace LabelBot.DailyMed.Tests;

/// <summary>fetch --openfda end to end: a loopback openFDA serving the real shared records, real parser, real MiniLM, real SQLite.</summary>
public sealed class OpenFdaFetcherTests : IAsyncLifetime
{
    private const string BaclofenSetId = "00c6c924-ddfd-4a75-afd7-f6561ff9abbc";
    private const string AmbienSetId = "02b5e3bb-c976-40a3-9077-64ffe637429f";

    private readonly TempDirectory _temp = new();
    private LoopbackOpenFda _server = null!;
    private SqliteLabelStore _store = null!;
    private OpenFdaClient _client = null!;
    private OpenFdaFetcher _fetcher = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackOpenFda.StartAsync();
        if (LabelBot.Testing.TestLocations.FindOpenFdaFolder() is not null)
        {
            foreach (var file in new[] { "baclofen-00c6c924.json", "ambien.json", "aspirin.json", "sudafed.json", "vyvanse.json" })
            {
                _server.Publish(file);
            }
        }
        _store = SqliteLabelStore.Open(_temp.File("labels.db"));
        _client = OpenFdaClient.Create(new OpenFdaOptions { BaseUrl = _server.BaseUrl, DownloadsFolder = _temp.File("openfda") });
        _fetcher = new OpenFdaFetcher(_client, new LabelIngestor(_store, MiniLmEmbedder.Shared));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _store.Dispose();
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [SplFact]
    public async Task As_an_on_demand_source_openfda_saves_the_current_record_of_a_drug_or_finds_none()
    {
        var source = new OpenFdaOnDemandSource(_client);

        var fetched = await source.FetchCurrentAsync("baclofen", CancellationToken.None);
        var none = await source.FetchCurrentAsync("notadrugname", CancellationToken.None);

        Assert.NotNull(fetched);
        Assert.Equal(("openFDA", BaclofenSetId), (fetched.Source, fetched.SetId));
        Assert.True(File.Exists(fetched.FilePath));
        Assert.Null(none);
    }

    [SplFact]
    public async Task Fetch_by_drug_name_saves_the_record_as_json_and_ingests_it_as_a_partial_label()
    {
        var result = await _fetcher.FetchByNameAsync("baclofen", all: false);

        Assert.True(result.Succeeded);
        var saved = Assert.Single(result.Downloaded);
        Assert.Equal(Path.Combine(_temp.File("openfda"), $"{BaclofenSetId}-v0.json"), saved.FilePath);
        Assert.False(saved.Document.VersionStated);
        var label = Assert.Single(await _store.ListLabelsAsync());
        Assert.Equal((BaclofenSetId, LabelSource.OpenFda, true), (label.SetId, label.Source, label.IsPartial));
        Assert.Contains("openfda.brand_name:%22baclofen%22+openfda.generic_name:%22baclofen%22", _server.Requests.Single(), StringComparison.Ordinal);
        // What was saved is a record the ingest reads again on its own.
        Assert.Equal(IngestStatus.Unchanged, Assert.Single((await new LabelIngestor(_store, MiniLmEmbedder.Shared).IngestAsync([saved.FilePath])).Files).Status);
    }

    [SplFact]
    public async Task Fetch_by_set_id_asks_for_that_set_id_and_keeps_version_and_date()
    {
        var result = await _fetcher.FetchBySetIdAsync(AmbienSetId);

        Assert.True(result.Succeeded);
        Assert.Contains($"search=set_id:%22{AmbienSetId}%22", _server.Requests.Single(), StringComparison.Ordinal);
        var label = Assert.Single(await _store.ListLabelsAsync());
        Assert.Equal((3, new DateOnly(2012, 9, 18)), (label.Version, label.EffectiveDate));
        Assert.True(File.Exists(Path.Combine(_temp.File("openfda"), $"{AmbienSetId}-v3.json")));
    }

    [SplFact]
    public async Task No_match_is_openfdas_404_and_saves_nothing()
    {
        var byName = await _fetcher.FetchByNameAsync("nosuchdrug", all: false);
        var bySetId = await _fetcher.FetchBySetIdAsync("11111111-2222-3333-4444-555555555555");

        Assert.True(byName.NoMatch);
        var failure = Assert.Single(bySetId.Failures);
        Assert.Equal(DailyMedErrorKind.NotFound, failure.Kind);
        Assert.Equal("openFDA has no label with set id 11111111-2222-3333-4444-555555555555", failure.Message);
        Assert.False(Directory.Exists(_temp.File("openfda")) && Directory.EnumerateFiles(_temp.File("openfda")).Any());
        Assert.Empty(await _store.ListLabelsAsync());
    }

    [SplFact]
    public async Task Server_errors_and_broken_responses_are_one_line_and_store_nothing()
    {
        _server.Fault = (503, "busy");
        var busy = await Assert.ThrowsAsync<DailyMedException>(() => _fetcher.FetchByNameAsync("baclofen", all: false));
        _server.Fault = (200, """{"meta":{},"results":[{"set_id":""" );
        var broken = await Assert.ThrowsAsync<DailyMedException>(() => _fetcher.FetchByNameAsync("baclofen", all: false));
        _server.Fault = (200, """{"meta":{},"results":[{"set_id":"00c6c924-ddfd-4a75-afd7-f6561ff9abbc","version":"x","warnings":["w"]}]}""");
        var notALabel = await Assert.ThrowsAsync<DailyMedException>(() => _fetcher.FetchByNameAsync("baclofen", all: false));

        Assert.Equal(DailyMedErrorKind.ServerError, busy.Kind);
        Assert.StartsWith("openFDA returned HTTP 503", busy.Message, StringComparison.Ordinal);
        Assert.Equal(DailyMedErrorKind.InvalidResponse, broken.Kind);
        Assert.Equal(DailyMedErrorKind.NotSpl, notALabel.Kind);
        Assert.Contains("invalid version", notALabel.Message, StringComparison.Ordinal);
        Assert.All(new[] { busy, broken, notALabel }, e => Assert.DoesNotContain('\n', e.Message));
        Assert.Empty(await _store.ListLabelsAsync());
    }

    [SplFact]
    public async Task The_on_demand_source_returns_the_current_label_for_a_drug_name()
    {
        IOpenFdaLabelSource source = _client;

        var ambien = await source.FetchCurrentLabelAsync("zolpidem tartrate");
        var none = await source.FetchCurrentLabelAsync("nosuchdrug");

        Assert.Equal(AmbienSetId, ambien!.SetId);
        Assert.True(File.Exists(ambien.FilePath));
        Assert.Null(none);
    }

    [Fact]
    public async Task No_network_is_a_one_line_error()
    {
        // A refused connection is retried by the resilience handler (here without back-off) before it is reported.
        using var client = OpenFdaClient.Create(new OpenFdaOptions { BaseUrl = new Uri("http://127.0.0.1:1"), DownloadsFolder = _temp.File("x"), RetryDelay = TimeSpan.Zero });

        var error = await Assert.ThrowsAsync<DailyMedException>(() => client.SearchAsync("baclofen"));

        Assert.Equal(DailyMedErrorKind.NoNetwork, error.Kind);
        Assert.StartsWith("cannot reach openFDA at http://127.0.0.1:1", error.Message, StringComparison.Ordinal);
    }
}
