using LabelBot.DailyMed.Releases;
using LabelBot.DailyMed.Tests.TestSupport;

namespace LabelBot.DailyMed.Tests;

/// <summary>Labels missing from a full release are marked withdrawn (kept, dated), and restored if they come back.</summary>
public sealed class WithdrawnLabelDetectorTests : IAsyncLifetime
{
    private static readonly DateOnly ReleaseDate = new(2026, 2, 2);
    private DailyMedHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await DailyMedHarness.StartAsync();
        if (SplCorpus.Folder is not null)
        {
            await _h.Ingestor.IngestAsync([SplCorpus.File(SplCorpus.AllergyRelief), SplCorpus.File(SplCorpus.CoughCold)]);
        }
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private WithdrawnLabelDetector Detector() => new(_h.Store);

    [SplFact]
    public async Task A_label_missing_from_a_complete_release_is_marked_withdrawn_not_deleted()
    {
        var releasePath = _h.Temp.File("release.zip");
        ReleaseArchiveBuilder.Write(releasePath, (SplCorpus.CoughColdSetId, SplCorpus.Bytes(SplCorpus.CoughCold)));
        var release = await new ReleaseArchiveIngestor(_h.Ingestor, _h.Temp.File("releases")).IngestAsync([releasePath]);

        var report = await Detector().DetectAsync(release, ReleaseDate);

        Assert.False(report.Refused);
        Assert.Equal([SplCorpus.AllergyReliefSetId], report.Withdrawn);
        var labels = (await _h.Store.ListLabelsAsync()).ToDictionary(l => l.SetId);
        Assert.Equal(ReleaseDate, labels[SplCorpus.AllergyReliefSetId].WithdrawnOn);
        Assert.True(labels[SplCorpus.AllergyReliefSetId].IsCurrent);
        Assert.Null(labels[SplCorpus.CoughColdSetId].WithdrawnOn);
        Assert.NotEmpty(await _h.Store.GetPassagesAsync(SplCorpus.AllergyReliefSetId, 8));
    }

    [SplFact]
    public async Task A_withdrawn_label_that_reappears_is_restored()
    {
        await Detector().DetectAsync([SplCorpus.CoughColdSetId], ReleaseDate);

        var report = await Detector().DetectAsync([SplCorpus.CoughColdSetId, SplCorpus.AllergyReliefSetId], ReleaseDate.AddDays(7));

        Assert.Equal([SplCorpus.AllergyReliefSetId], report.Restored);
        Assert.All(await _h.Store.ListLabelsAsync(), l => Assert.Null(l.WithdrawnOn));
    }

    [SplFact]
    public async Task An_incomplete_release_run_withdraws_nothing()
    {
        var releasePath = _h.Temp.File("release.zip");
        ReleaseArchiveBuilder.Write(releasePath, (SplCorpus.CoughColdSetId, SplCorpus.Bytes(SplCorpus.CoughCold)));
        var bytes = await File.ReadAllBytesAsync(releasePath);
        await File.WriteAllBytesAsync(releasePath, bytes[..(bytes.Length / 2)]);
        var release = await new ReleaseArchiveIngestor(_h.Ingestor, _h.Temp.File("releases")).IngestAsync([releasePath]);

        var report = await Detector().DetectAsync(release, ReleaseDate);

        Assert.True(report.Refused);
        Assert.All(await _h.Store.ListLabelsAsync(), l => Assert.Null(l.WithdrawnOn));
    }

    [SplFact]
    public async Task Too_many_missing_labels_look_like_a_partial_release_and_are_refused()
    {
        var report = await Detector().DetectAsync([SplCorpus.CoughColdSetId], ReleaseDate, new WithdrawnDetectionOptions(MaxFraction: 0.1, AlwaysAllowed: 0));

        Assert.True(report.Refused);
        Assert.Contains("1 of 2 labels are missing from the release", report.RefusedReason, StringComparison.Ordinal);
        Assert.All(await _h.Store.ListLabelsAsync(), l => Assert.Null(l.WithdrawnOn));
    }
}
