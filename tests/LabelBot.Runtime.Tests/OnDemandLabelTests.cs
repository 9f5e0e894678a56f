using LabelBot.Core.Answering;
using LabelBot.DailyMed;
using LabelBot.DailyMed.Client;
using LabelBot.DailyMed.Fetching;
using LabelBot.Testing;

namespace LabelBot.Runtime.Tests;

/// <summary>
/// Labels:FetchOnDemand through the real runtime and ChatEngine, against a loopback DailyMed serving a real SPL file
/// (the sumatriptan label of data/labels) into an empty store. Never the network.
/// </summary>
public sealed class OnDemandLabelTests : IAsyncLifetime
{
    private const string SumatriptanFile = "sumatriptan-succinate-1d2cd01c.xml";
    private const string SumatriptanSetId = "1d2cd01c-05e7-44cf-a71d-0f474e826b7e";

    private LoopbackDailyMed _server = null!;
    private string _folder = null!;
    private DailyMedClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackDailyMed.StartAsync();
        _server.Publish(await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.LabelsFolder, SumatriptanFile)), "sumatriptan", "imitrex");
        _folder = RepositoryPaths.NewTempFolder("on-demand");
        // The resilience handler retries failures without waiting between attempts here.
        _client = DailyMedClient.Create(new DailyMedOptions { BaseUrl = _server.BaseUrl, DownloadsFolder = Path.Combine(_folder, "downloads"), RetryDelay = TimeSpan.Zero });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private Task<LabelBotRuntime> OpenAsync(bool fetchOnDemand) =>
        LabelBotRuntime.OpenAsync(new RuntimeOptions(Path.Combine(_folder, "labelbot.db"))
        {
            Labels = new LabelsOptions { FetchOnDemand = fetchOnDemand },
            OnDemandSources = [new DailyMedOnDemandSource(_client)],
        });

    private static Task<AnswerResult> AskAsync(LabelBotRuntime runtime, string question) =>
        runtime.Engine.AnswerAsync(new AnswerRequest(question, null), CancellationToken.None);

    [Fact]
    public async Task Enabled_a_question_about_a_drug_without_a_label_fetches_it_and_says_it_was_just_retrieved_with_version_and_date()
    {
        await using var runtime = await OpenAsync(fetchOnDemand: true);

        var answer = await AskAsync(runtime, "what is sumatriptan used for?");

        Assert.Equal(AnswerKind.Answer, answer.Kind);
        Assert.StartsWith("I didn't have a label for sumatriptan loaded, so I just retrieved its current official label from DailyMed:", answer.Text, StringComparison.Ordinal);
        Assert.Contains("version 14, effective 2023-07-15", answer.Text, StringComparison.Ordinal);
        Assert.Contains("migraine", answer.Text, StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(answer.Citations);
        Assert.All(answer.Citations, c => Assert.Equal(SumatriptanSetId, c.SetId));
        Assert.Contains(await runtime.Store.ListLabelsAsync(cancellationToken: CancellationToken.None), l => l.SetId == SumatriptanSetId);

        // Loaded now: the next question is answered from the store, with no second fetch and no "just retrieved".
        var again = await AskAsync(runtime, "does sumatriptan have side effects like chest tightness?");
        Assert.DoesNotContain("just retrieved", again.Text, StringComparison.Ordinal);
        Assert.Equal(1, _server.CountRequests("spls.json"));
    }

    [Fact]
    public async Task Concurrent_questions_about_the_same_missing_drug_share_one_fetch()
    {
        await using var runtime = await OpenAsync(fetchOnDemand: true);

        var answers = await Task.WhenAll(
            AskAsync(runtime, "what is imitrex used for?"),
            AskAsync(runtime, "what is imitrex used for?"));

        Assert.All(answers, a => Assert.Equal(AnswerKind.Answer, a.Kind));
        Assert.Equal(1, _server.CountRequests("spls.json"));
        Assert.Equal(1, _server.CountRequests("/spls/" + SumatriptanSetId));
    }

    [Fact]
    public async Task Disabled_the_reply_names_the_drug_says_no_label_is_loaded_and_how_to_load_it_without_asking_DailyMed()
    {
        await using var runtime = await OpenAsync(fetchOnDemand: false);

        var answer = await AskAsync(runtime, "what is sumatriptan used for?");

        AssertNoLabelLoaded(answer, "sumatriptan");
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Enabled_but_DailyMed_failing_the_reply_says_no_label_is_loaded_and_how_to_load_it()
    {
        _server.SetFault(Endpoint.Search, Fault.ServerError);
        await using var runtime = await OpenAsync(fetchOnDemand: true);

        var answer = await AskAsync(runtime, "what is sumatriptan used for?");

        AssertNoLabelLoaded(answer, "sumatriptan");
        // One fetch, its failed attempt retried by the client's resilience handler.
        var attempts = 1 + _client.Options.MaxRetries;
        Assert.Equal(attempts, _server.CountRequests("spls.json"));
        // A failed drug is not tried again at once (no hammering while offline).
        AssertNoLabelLoaded(await AskAsync(runtime, "is sumatriptan safe in pregnancy?"), "sumatriptan");
        Assert.Equal(attempts, _server.CountRequests("spls.json"));
    }

    [Fact]
    public async Task Enabled_with_DailyMed_unreachable_the_reply_says_no_label_is_loaded()
    {
        await _server.DisposeAsync();
        await using var runtime = await OpenAsync(fetchOnDemand: true);

        AssertNoLabelLoaded(await AskAsync(runtime, "what is sumatriptan used for?"), "sumatriptan");
    }

    [Theory]
    [InlineData("what is flurbozamine used for?", AnswerKind.OutOfScope)] // drug-like but in no alias list
    [InlineData("what does the label say about weather?", AnswerKind.OutOfScope)]
    [InlineData("how many sumatriptan tablets can I take in a day?", AnswerKind.DosingRedirect)]
    [InlineData("my friend took all his sumatriptan and is not breathing", AnswerKind.Emergency)]
    public async Task Enabled_only_label_questions_naming_a_real_drug_fetch_never_dosing_or_emergencies(string question, AnswerKind kind)
    {
        await using var runtime = await OpenAsync(fetchOnDemand: true);

        var answer = await AskAsync(runtime, question);

        Assert.Equal(kind, answer.Kind);
        Assert.Empty(_server.Requests);
    }

    private static void AssertNoLabelLoaded(AnswerResult answer, string drug)
    {
        Assert.Equal(AnswerKind.OutOfScope, answer.Kind);
        Assert.Contains($"No official label for {drug} is loaded", answer.Text, StringComparison.Ordinal);
        Assert.Contains($"labelbot fetch --drug {drug}", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("just retrieved", answer.Text, StringComparison.Ordinal);
        Assert.Empty(answer.Citations);
    }
}
