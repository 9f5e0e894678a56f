using LabelBot.DailyMed.Client;
using LabelBot.DailyMed.Tests.TestSupport;

namespace LabelBot.DailyMed.Tests;

/// <summary>The client against a loopback server speaking DailyMed's wire format, with real SPL files.</summary>
public sealed class DailyMedClientTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private LoopbackDailyMed _server = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackDailyMed.StartAsync();
        if (SplCorpus.Folder is not null)
        {
            _server.Publish(SplCorpus.Bytes(SplCorpus.AllergyRelief), "Allergy Relief", "diphenhydramine hydrochloride");
            _server.Publish(SplCorpus.Bytes(SplCorpus.CoughCold), "Drug Facts", "diphenhydramine hcl, phenylephrine hcl");
        }
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private DailyMedClient Client(Uri? baseUrl = null, TimeSpan? timeout = null, int pageSize = 100) => DailyMedClient.Create(new DailyMedOptions
    {
        BaseUrl = baseUrl ?? _server.BaseUrl,
        DownloadsFolder = _temp.File("downloads"),
        RequestTimeout = timeout ?? TimeSpan.FromSeconds(20),
        SearchPageSize = pageSize,
        // The resilience handler still retries every failure, without waiting between attempts.
        RetryDelay = TimeSpan.Zero,
    });

    private string[] Downloads() => Directory.Exists(_temp.File("downloads")) ? Directory.GetFiles(_temp.File("downloads")) : [];

    [SplFact]
    public async Task Search_by_drug_name_lists_every_matching_label_across_pages()
    {
        using var client = Client(pageSize: 1);

        var result = await client.SearchAsync("diphenhydramine");

        Assert.Equal([SplCorpus.AllergyReliefSetId, SplCorpus.CoughColdSetId], result.Labels.Select(l => l.SetId));
        Assert.Equal([8, 1], result.Labels.Select(l => l.Version));
        Assert.Equal(new DateOnly(2025, 10, 31), result.Labels[0].PublishedDate);
        Assert.False(result.Truncated);
        Assert.Equal(2, _server.CountRequests("spls.json"));
    }

    [SplFact]
    public async Task Search_with_no_match_is_empty()
    {
        using var client = Client();

        var result = await client.SearchAsync("baclofen");

        Assert.Empty(result.Labels);
    }

    [SplFact]
    public async Task Download_validates_and_saves_the_label_under_its_set_id_and_version()
    {
        using var client = Client();

        var label = await client.DownloadLabelAsync(SplCorpus.AllergyReliefSetId.ToUpperInvariant());

        Assert.Equal(8, label.Version);
        Assert.Equal(SplCorpus.AllergyReliefSetId, label.SetId);
        Assert.Equal(Path.Combine(_temp.File("downloads"), $"{SplCorpus.AllergyReliefSetId}-v8.xml"), label.FilePath);
        Assert.Equal(SplCorpus.Bytes(SplCorpus.AllergyRelief), await File.ReadAllBytesAsync(label.FilePath));
        Assert.Single(Downloads()); // no temp file left behind
    }

    [SplFact]
    public async Task History_is_newest_first()
    {
        _server.Publish(SplEditor.BumpVersion(SplCorpus.Bytes(SplCorpus.AllergyRelief), new DateOnly(2026, 1, 15)), "Allergy Relief");
        using var client = Client();

        var history = await client.GetHistoryAsync(SplCorpus.AllergyReliefSetId);

        Assert.Equal([9, 8], history.Select(h => h.Version));
        Assert.Equal(new DateOnly(2026, 1, 15), history[0].PublishedDate);
    }

    [SplFact]
    public async Task Unknown_set_id_is_a_clear_not_found()
    {
        using var client = Client();

        var ex = await Assert.ThrowsAsync<DailyMedException>(() => client.DownloadLabelAsync("0b1e9f4a-0000-4000-8000-000000000000"));

        Assert.Equal(DailyMedErrorKind.NotFound, ex.Kind);
        Assert.Equal("DailyMed has no label with set id 0b1e9f4a-0000-4000-8000-000000000000 (HTTP 404)", ex.Message);
        Assert.Empty(Downloads());
    }

    [SplTheory]
    [InlineData(Fault.ServerError, DailyMedErrorKind.ServerError, "HTTP 500 (Internal Server Error)")]
    [InlineData(Fault.TruncatedBody, DailyMedErrorKind.Interrupted, "the connection to DailyMed broke")]
    [InlineData(Fault.NotSpl, DailyMedErrorKind.NotSpl, "not an SPL document: root element is <feed>")]
    [InlineData(Fault.NotFound, DailyMedErrorKind.NotFound, "HTTP 404")]
    public async Task A_failed_download_says_why_and_writes_nothing(Fault fault, DailyMedErrorKind kind, string messagePart)
    {
        _server.SetFault(Endpoint.Label, fault);
        using var client = Client();

        var ex = await Assert.ThrowsAsync<DailyMedException>(() => client.DownloadLabelAsync(SplCorpus.AllergyReliefSetId));

        Assert.True(kind == ex.Kind, ex.ToString());
        Assert.Contains(messagePart, ex.Message, StringComparison.Ordinal);
        Assert.Empty(Downloads());
    }

    [SplFact]
    public async Task A_server_error_that_passes_is_retried_and_the_download_succeeds()
    {
        _server.SetFault(Endpoint.Label, Fault.ServerError, times: 2);
        using var client = Client();

        var label = await client.DownloadLabelAsync(SplCorpus.AllergyReliefSetId);

        Assert.Equal(8, label.Version);
        Assert.Equal(3, _server.CountRequests(".xml"));
    }

    [SplTheory]
    [InlineData(Fault.ServerError, DailyMedErrorKind.ServerError)]
    [InlineData(Fault.TooManyRequests, DailyMedErrorKind.ServerError)]
    public async Task A_lasting_failure_is_retried_by_the_standard_handler_then_reported(Fault fault, DailyMedErrorKind kind)
    {
        _server.SetFault(Endpoint.Search, fault);
        using var client = Client();

        var ex = await Assert.ThrowsAsync<DailyMedException>(() => client.SearchAsync("diphenhydramine"));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(1 + client.Options.MaxRetries, _server.CountRequests("spls.json"));
    }

    [SplFact]
    public async Task A_not_found_is_an_answer_and_is_not_retried()
    {
        using var client = Client();

        await Assert.ThrowsAsync<DailyMedException>(() => client.DownloadLabelAsync("0b1e9f4a-0000-4000-8000-000000000000"));

        Assert.Equal(1, _server.CountRequests(".xml"));
    }

    [SplFact]
    public async Task A_server_that_does_not_answer_times_out()
    {
        _server.SetFault(Endpoint.History, Fault.Hang);
        using var client = Client(timeout: TimeSpan.FromMilliseconds(400));

        var ex = await Assert.ThrowsAsync<DailyMedException>(() => client.GetHistoryAsync(SplCorpus.AllergyReliefSetId));

        Assert.Equal(DailyMedErrorKind.Timeout, ex.Kind);
        Assert.Contains("did not answer the version history of set id " + SplCorpus.AllergyReliefSetId + " within 0.4 s", ex.Message, StringComparison.Ordinal);
    }

    [SplFact]
    public async Task Cancelling_is_not_reported_as_a_timeout()
    {
        _server.SetFault(Endpoint.Search, Fault.Hang);
        using var client = Client();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SearchAsync("diphenhydramine", cancel.Token));
    }

    [SplFact]
    public async Task Malformed_json_is_an_invalid_response()
    {
        _server.SetFault(Endpoint.Search, Fault.MalformedJson);
        using var client = Client();

        var ex = await Assert.ThrowsAsync<DailyMedException>(() => client.SearchAsync("diphenhydramine"));

        Assert.Equal(DailyMedErrorKind.InvalidResponse, ex.Kind);
        Assert.StartsWith("DailyMed returned an unexpected response for the search for 'diphenhydramine'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_set_id_that_is_not_a_guid_is_refused_before_any_request()
    {
        using var client = Client();

        var ex = await Assert.ThrowsAsync<DailyMedException>(() => client.DownloadLabelAsync("../../etc/passwd"));

        Assert.Equal(DailyMedErrorKind.InvalidRequest, ex.Kind);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_closed_port_is_reported_as_no_network()
    {
        var closed = await LoopbackDailyMed.StartAsync();
        var url = closed.BaseUrl;
        await closed.DisposeAsync();
        using var client = Client(url);

        var ex = await Assert.ThrowsAsync<DailyMedException>(() => client.SearchAsync("baclofen"));

        Assert.Equal(DailyMedErrorKind.NoNetwork, ex.Kind);
        Assert.True(ex.AffectsEveryRequest);
        Assert.StartsWith($"cannot reach DailyMed at {url.AbsoluteUri}: no network", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_that_does_not_resolve_is_reported_as_no_network()
    {
        // ".invalid" never resolves (RFC 2606), with or without a network.
        using var client = Client(new Uri("http://dailymed.labelbot-test.invalid/dailymed/services/v2"));

        var ex = await Assert.ThrowsAsync<DailyMedException>(() => client.SearchAsync("baclofen"));

        Assert.Equal(DailyMedErrorKind.NoNetwork, ex.Kind);
        Assert.StartsWith("cannot reach DailyMed at http://dailymed.labelbot-test.invalid/dailymed/services/v2: no network", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_base_url_comes_from_the_environment_variable_shape()
    {
        Assert.Equal(new Uri("http://127.0.0.1:5000/v2"), DailyMedOptions.ParseBaseUrl(" http://127.0.0.1:5000/v2 "));
        Assert.Null(DailyMedOptions.ParseBaseUrl(""));
        Assert.Throws<ArgumentException>(() => DailyMedOptions.ParseBaseUrl("ftp://example.org"));
        Assert.Equal(DailyMedOptions.PublicBaseUrl, new DailyMedOptions { DownloadsFolder = "x" }.BaseUrl);
    }
}
