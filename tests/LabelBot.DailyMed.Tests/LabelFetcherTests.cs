using LabelBot.Core.Retrieval;
using LabelBot.DailyMed.Client;
using LabelBot.DailyMed.Tests.TestSupport;

namespace LabelBot.DailyMed.Tests;

/// <summary>fetch --drug / --setid end to end: loopback DailyMed, real parser, real MiniLM, real SQLite store.</summary>
public sealed class LabelFetcherTests : IAsyncLifetime
{
    private DailyMedHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await DailyMedHarness.StartAsync();
        if (SplCorpus.Folder is not null)
        {
            _h.Server.Publish(SplCorpus.Bytes(SplCorpus.AllergyRelief), "Allergy Relief", "diphenhydramine hydrochloride");
            _h.Server.Publish(SplCorpus.Bytes(SplCorpus.CoughCold), "Drug Facts", "diphenhydramine hcl, phenylephrine hcl");
        }
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [SplFact]
    public async Task Fetch_by_set_id_downloads_saves_and_ingests_the_label()
    {
        var result = await _h.Fetcher.FetchBySetIdAsync(SplCorpus.AllergyReliefSetId);

        Assert.True(result.Succeeded);
        var file = Assert.Single(result.Ingest!.Files);
        Assert.Equal(IngestStatus.Added, file.Status);
        var label = Assert.Single(await _h.Store.ListLabelsAsync());
        Assert.Equal((SplCorpus.AllergyReliefSetId, 8, true), (label.SetId, label.Version, label.IsCurrent));
        Assert.Equal(file.PassageCount, (await _h.Store.GetPassagesAsync(SplCorpus.AllergyReliefSetId)).Count);
        Assert.Equal([$"{SplCorpus.AllergyReliefSetId}-v8.xml"], _h.DownloadedFiles());
    }

    [SplFact]
    public async Task Fetching_the_same_version_again_changes_nothing()
    {
        await _h.Fetcher.FetchBySetIdAsync(SplCorpus.AllergyReliefSetId);

        var again = await _h.Fetcher.FetchBySetIdAsync(SplCorpus.AllergyReliefSetId);

        Assert.Equal(IngestStatus.Unchanged, Assert.Single(again.Ingest!.Files).Status);
        Assert.Single(await _h.Store.ListLabelsAsync(includeHistory: true));
    }

    [SplFact]
    public async Task A_name_matching_several_labels_lists_them_and_fetches_nothing_until_asked()
    {
        var result = await _h.Fetcher.FetchByNameAsync("diphenhydramine", all: false);

        Assert.True(result.NeedsChoice);
        Assert.Equal([SplCorpus.AllergyReliefSetId, SplCorpus.CoughColdSetId], result.Candidates.Select(c => c.SetId));
        Assert.Null(result.Ingest);
        Assert.Empty(await _h.Store.ListLabelsAsync());
        Assert.Equal(0, _h.Server.CountRequests(".xml"));
    }

    [SplFact]
    public async Task A_name_with_all_fetches_every_match()
    {
        var result = await _h.Fetcher.FetchByNameAsync("diphenhydramine", all: true);

        Assert.True(result.Succeeded);
        Assert.Equal(2, result.Ingest!.Added);
        Assert.Equal([SplCorpus.CoughColdSetId, SplCorpus.AllergyReliefSetId],
            (await _h.Store.ListLabelsAsync()).Select(l => l.SetId).Order(StringComparer.Ordinal));
    }

    [SplFact]
    public async Task A_name_matching_one_label_fetches_it()
    {
        var result = await _h.Fetcher.FetchByNameAsync("phenylephrine", all: false);

        Assert.False(result.NeedsChoice);
        Assert.Equal(SplCorpus.CoughColdSetId, Assert.Single(await _h.Store.ListLabelsAsync()).SetId);
        Assert.True(result.Succeeded);
    }

    [SplFact]
    public async Task A_drug_dailymed_does_not_list_is_no_match()
    {
        var result = await _h.Fetcher.FetchByNameAsync("baclofen", all: true);

        Assert.True(result.NoMatch);
        Assert.Empty(await _h.Store.ListLabelsAsync());
    }

    [SplTheory]
    [InlineData(Fault.ServerError, DailyMedErrorKind.ServerError)]
    [InlineData(Fault.NotSpl, DailyMedErrorKind.NotSpl)]
    [InlineData(Fault.TruncatedBody, DailyMedErrorKind.Interrupted)]
    public async Task A_failed_download_is_reported_and_nothing_is_ingested(Fault fault, DailyMedErrorKind kind)
    {
        _h.Server.SetFault(Endpoint.Label, fault);

        var result = await _h.Fetcher.FetchBySetIdAsync(SplCorpus.AllergyReliefSetId);

        Assert.False(result.Succeeded);
        Assert.Equal(kind, Assert.Single(result.Failures).Kind);
        Assert.Null(result.Ingest);
        Assert.Empty(await _h.Store.ListLabelsAsync(includeHistory: true));
        Assert.Empty(_h.DownloadedFiles());
    }

    [SplFact]
    public async Task No_network_stops_the_fetch_with_a_clear_message()
    {
        await using var offline = await DailyMedHarness.StartAsync();
        var url = offline.Server.BaseUrl;
        await offline.Server.DisposeAsync(); // nothing listens there any more

        var ex = await Assert.ThrowsAsync<DailyMedException>(() => offline.Fetcher.FetchByNameAsync("baclofen", all: false));

        Assert.Equal(DailyMedErrorKind.NoNetwork, ex.Kind);
        Assert.StartsWith($"cannot reach DailyMed at {url.AbsoluteUri}: no network", ex.Message, StringComparison.Ordinal);
    }
}
