using LabelBot.DailyMed.Diff;
using LabelBot.DailyMed.Tests.TestSupport;

namespace LabelBot.DailyMed.Tests;

/// <summary>diff SETID [--from V] [--to V] over stored versions (fetched, then updated through the loopback DailyMed).</summary>
public sealed class LabelDiffServiceTests : IAsyncLifetime
{
    private DailyMedHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await DailyMedHarness.StartAsync();
        if (SplCorpus.Folder is null)
        {
            return;
        }
        _h.Server.Publish(SplCorpus.Bytes(SplCorpus.AllergyRelief), "Allergy Relief");
        Assert.True((await _h.Fetcher.FetchBySetIdAsync(SplCorpus.AllergyReliefSetId)).Succeeded);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task UpdateToVersion9Async()
    {
        _h.Server.Publish(SplEditor.BumpVersion(SplCorpus.Bytes(SplCorpus.AllergyRelief), new DateOnly(2026, 1, 15), SplEditor.RewordWhenUsing), "Allergy Relief");
        await _h.Updater.UpdateAllAsync();
    }

    [SplFact]
    public async Task By_default_the_current_version_is_compared_with_the_one_before()
    {
        await UpdateToVersion9Async();

        var diff = await new LabelDiffService(_h.Store).DiffAsync(SplCorpus.AllergyReliefSetId);

        Assert.Equal((8, 9), (diff.From.Version, diff.To.Version));
        var section = Assert.Single(diff.Changed);
        Assert.Equal(SplEditor.EditedSectionCode, section.SectionCode);
        Assert.Empty(diff.Added);
        Assert.Empty(diff.Removed);
        Assert.Equal([SplEditor.RewordedItem, SplEditor.AddedItem], section.AddedSentences.Select(s => s.Text));
    }

    [SplFact]
    public async Task Explicit_versions_can_be_compared_backwards()
    {
        await UpdateToVersion9Async();

        var diff = await new LabelDiffService(_h.Store).DiffAsync(SplCorpus.AllergyReliefSetId, fromVersion: 9, toVersion: 8);

        Assert.Equal([SplEditor.OriginalItem], Assert.Single(diff.Changed).AddedSentences.Select(s => s.Text));
    }

    [SplFact]
    public async Task A_single_stored_version_is_a_clear_error()
    {
        var ex = await Assert.ThrowsAsync<LabelDiffException>(() => new LabelDiffService(_h.Store).DiffAsync(SplCorpus.AllergyReliefSetId));

        Assert.StartsWith("Only version 8 of " + SplCorpus.AllergyReliefSetId + " is stored", ex.Message, StringComparison.Ordinal);
    }

    [SplFact]
    public async Task Unknown_set_ids_and_versions_are_clear_errors()
    {
        var service = new LabelDiffService(_h.Store);

        var unknown = await Assert.ThrowsAsync<LabelDiffException>(() => service.DiffAsync("0b1e9f4a-0000-4000-8000-000000000000"));
        var missing = await Assert.ThrowsAsync<LabelDiffException>(() => service.DiffAsync(SplCorpus.AllergyReliefSetId, fromVersion: 3));

        Assert.Contains("fetch --setid 0b1e9f4a-0000-4000-8000-000000000000", unknown.Message, StringComparison.Ordinal);
        Assert.Equal($"Version 3 of {SplCorpus.AllergyReliefSetId} is not stored (stored versions: 8).", missing.Message);
    }
}
