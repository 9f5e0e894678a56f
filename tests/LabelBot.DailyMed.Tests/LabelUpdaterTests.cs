using LabelBot.DailyMed.Client;
using LabelBot.DailyMed.Tests.TestSupport;
using LabelBot.DailyMed.Updating;

namespace LabelBot.DailyMed.Tests;

/// <summary>update end to end: a stored label, a newer version published on the loopback DailyMed, real store and embedder.</summary>
public sealed class LabelUpdaterTests : IAsyncLifetime
{
    private static readonly DateOnly NewDate = new(2026, 1, 15);
    private DailyMedHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await DailyMedHarness.StartAsync(TimeSpan.FromSeconds(5));
        if (SplCorpus.Folder is null)
        {
            return;
        }
        _h.Server.Publish(SplCorpus.Bytes(SplCorpus.AllergyRelief), "Allergy Relief");
        var fetched = await _h.Fetcher.FetchBySetIdAsync(SplCorpus.AllergyReliefSetId);
        Assert.True(fetched.Succeeded);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private void PublishVersion9() =>
        _h.Server.Publish(SplEditor.BumpVersion(SplCorpus.Bytes(SplCorpus.AllergyRelief), NewDate, SplEditor.RewordWhenUsing), "Allergy Relief");

    private async Task AssertVersion8StillCurrentAsync()
    {
        var all = await _h.Store.ListLabelsAsync(includeHistory: true);
        var label = Assert.Single(all);
        Assert.Equal((8, true), (label.Version, label.IsCurrent));
        Assert.All(await _h.Store.GetPassagesAsync(SplCorpus.AllergyReliefSetId), p => Assert.Equal(8, p.Version));
    }

    [SplFact]
    public async Task Nothing_newer_means_up_to_date_and_no_download()
    {
        var report = await _h.Updater.UpdateAllAsync();

        Assert.Equal(LabelUpdateStatus.UpToDate, Assert.Single(report.Labels).Status);
        Assert.Equal(1, _h.Server.CountRequests(".xml")); // only the initial fetch
    }

    [SplFact]
    public async Task A_newer_version_supersedes_and_the_change_is_exactly_the_edited_section()
    {
        PublishVersion9();

        var report = await _h.Updater.UpdateAllAsync();

        var result = Assert.Single(report.Labels);
        Assert.Equal((LabelUpdateStatus.Updated, 8, 9), (result.Status, result.StoredVersion, result.LatestVersion));
        var changes = result.Changes!;
        Assert.Empty(changes.Added);
        Assert.Empty(changes.Removed);
        var section = Assert.Single(changes.Changed);
        Assert.Equal(SplEditor.EditedSectionCode, section.SectionCode);
        Assert.Equal([SplEditor.RewordedItem, SplEditor.AddedItem], section.AddedSentences.Select(s => s.Text));
        Assert.Equal([SplEditor.OriginalItem], section.RemovedSentences.Select(s => s.Text));

        // The new version is current, the old one is kept as history, and only current passages are served.
        var versions = (await _h.Store.ListLabelsAsync(includeHistory: true)).OrderBy(l => l.Version).ToList();
        Assert.Equal([(8, false), (9, true)], versions.Select(v => (v.Version, v.IsCurrent)));
        Assert.Equal(NewDate, versions[1].EffectiveDate);
        var passages = await _h.Store.GetPassagesAsync(SplCorpus.AllergyReliefSetId);
        Assert.All(passages, p => Assert.Equal(9, p.Version));
        Assert.Contains(passages, p => p.Text.Contains(SplEditor.AddedItem, StringComparison.Ordinal));
        // The cited passage ids of the change exist in the store and belong to version 9.
        foreach (var sentence in section.AddedSentences)
        {
            Assert.Equal(9, (await _h.Store.GetPassageAsync(sentence.PassageId))!.Version);
        }

        var logged = Assert.Single(await _h.ChangeLog.ReadAsync());
        Assert.Equal(changes.Changed.Single().AddedSentences, logged.Diff.Changed.Single().AddedSentences);
    }

    [SplFact]
    public async Task A_second_update_finds_nothing_more()
    {
        PublishVersion9();
        await _h.Updater.UpdateAllAsync();

        var again = await _h.Updater.UpdateAllAsync();

        Assert.Equal(LabelUpdateStatus.UpToDate, Assert.Single(again.Labels).Status);
        Assert.Equal(9, Assert.Single(await _h.Store.ListLabelsAsync()).Version);
    }

    [SplTheory]
    [InlineData(Endpoint.History, Fault.ServerError, "HTTP 500")]
    [InlineData(Endpoint.History, Fault.Hang, "did not answer")]
    [InlineData(Endpoint.History, Fault.MalformedJson, "unexpected response")]
    [InlineData(Endpoint.Label, Fault.ServerError, "HTTP 500")]
    [InlineData(Endpoint.Label, Fault.NotSpl, "not a usable SPL label")]
    [InlineData(Endpoint.Label, Fault.TruncatedBody, "connection to DailyMed broke")]
    public async Task A_failure_is_reported_and_the_previous_version_stays_current(Endpoint endpoint, Fault fault, string messagePart)
    {
        PublishVersion9();
        _h.Server.SetFault(endpoint, fault);

        var report = await _h.Updater.UpdateAllAsync();

        var result = Assert.Single(report.Labels);
        Assert.Equal(LabelUpdateStatus.Failed, result.Status);
        Assert.Contains(messagePart, result.Message, StringComparison.Ordinal);
        await AssertVersion8StillCurrentAsync();
        Assert.Empty(await _h.ChangeLog.ReadAsync());
    }

    [SplFact]
    public async Task A_label_dailymed_no_longer_knows_is_reported_not_deleted()
    {
        _h.Server.SetFault(Endpoint.History, Fault.NotFound);

        var report = await _h.Updater.UpdateAllAsync();

        Assert.Equal(LabelUpdateStatus.NotOnDailyMed, Assert.Single(report.Labels).Status);
        await AssertVersion8StillCurrentAsync();
    }

    [SplFact]
    public async Task No_network_stops_the_update_with_a_clear_message_and_keeps_the_label()
    {
        PublishVersion9();
        var url = _h.Server.BaseUrl;
        await _h.Server.DisposeAsync();

        var ex = await Assert.ThrowsAsync<DailyMedException>(() => _h.Updater.UpdateAllAsync());

        Assert.Equal(DailyMedErrorKind.NoNetwork, ex.Kind);
        Assert.StartsWith($"cannot reach DailyMed at {url.AbsoluteUri}: no network", ex.Message, StringComparison.Ordinal);
        await AssertVersion8StillCurrentAsync();
    }

    [SplFact]
    public async Task The_refresh_loop_updates_and_survives_a_failed_run()
    {
        var loop = new LabelRefreshLoop(_h.Updater, TimeSpan.FromMinutes(30), Microsoft.Extensions.Logging.Abstractions.NullLogger<LabelRefreshLoop>.Instance);
        PublishVersion9();
        _h.Server.SetFault(Endpoint.Label, Fault.ServerError);

        var failed = await loop.RunOnceAsync(CancellationToken.None);
        _h.Server.SetFault(Endpoint.Label, Fault.None);
        var succeeded = await loop.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, failed!.Failed);
        Assert.Equal(1, succeeded!.Updated);
        Assert.Equal(9, Assert.Single(await _h.Store.ListLabelsAsync()).Version);
    }
}
