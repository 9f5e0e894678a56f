using LabelBot.Core.Retrieval;
using LabelBot.DailyMed.Releases;
using LabelBot.DailyMed.Tests.TestSupport;

namespace LabelBot.DailyMed.Tests;

/// <summary>Bulk ingest of release archives: streamed, resumable through the checkpoint, clear on broken archives.</summary>
public sealed class ReleaseArchiveIngestorTests : IAsyncLifetime
{
    private DailyMedHarness _h = null!;

    public async Task InitializeAsync() => _h = await DailyMedHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string CheckpointFolder => _h.Temp.File("releases");

    private ReleaseArchiveIngestor Ingestor() => new(_h.Ingestor, CheckpointFolder);

    private string WriteRelease(string name = "dm_spl_release_human_part1.zip")
    {
        var path = _h.Temp.File(name);
        ReleaseArchiveBuilder.Write(path,
            (SplCorpus.AllergyReliefSetId, SplCorpus.Bytes(SplCorpus.AllergyRelief)),
            (SplCorpus.CoughColdSetId, SplCorpus.Bytes(SplCorpus.CoughCold)));
        return path;
    }

    [SplFact]
    public async Task A_release_is_ingested_and_a_rerun_skips_every_finished_entry()
    {
        var release = WriteRelease();
        var progress = new List<ReleaseIngestProgress>();

        var first = await Ingestor().IngestAsync([release], new SynchronousProgress<ReleaseIngestProgress>(progress.Add));
        var second = await Ingestor().IngestAsync([release]);

        Assert.Equal(2, first.Added);
        Assert.True(first.IsComplete);
        Assert.Equal([SplCorpus.CoughColdSetId, SplCorpus.AllergyReliefSetId], first.SetIds.Order(StringComparer.Ordinal));
        Assert.All(first.Files, f => Assert.StartsWith("dm_spl_release_human_part1.zip!/prescription/", f.Path, StringComparison.Ordinal));
        Assert.Equal((2, 2), (progress[^1].EntriesDone, progress[^1].EntriesTotal));

        Assert.Equal(2, second.Skipped);
        Assert.Empty(second.Files);
        Assert.True(second.IsComplete);
        Assert.Equal(first.SetIds.Order(StringComparer.Ordinal), second.SetIds.Order(StringComparer.Ordinal));
        Assert.Equal(2, (await _h.Store.ListLabelsAsync()).Count);
        Assert.Empty(Directory.GetFiles(CheckpointFolder, ".entry-*")); // temporary entry files are gone
    }

    [SplFact]
    public async Task An_interrupted_run_resumes_where_it_stopped()
    {
        var release = WriteRelease();
        using var cancel = new CancellationTokenSource();
        // Stop as soon as the first entry is done (the progress report for the second entry).
        var stopAfterFirst = new SynchronousProgress<ReleaseIngestProgress>(p =>
        {
            if (p.EntriesDone == 1)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Ingestor().IngestAsync([release], stopAfterFirst, cancel.Token));
        var afterInterruption = await _h.Store.ListLabelsAsync();
        var resumed = await Ingestor().IngestAsync([release]);

        Assert.Single(afterInterruption);
        Assert.Equal(1, resumed.Skipped);
        Assert.Equal(1, resumed.Added);
        Assert.True(resumed.IsComplete);
        Assert.Equal(2, (await _h.Store.ListLabelsAsync()).Count);
    }

    [SplFact]
    public async Task A_truncated_archive_is_a_clear_error_and_the_previous_version_stays_current()
    {
        await _h.Ingestor.IngestAsync([SplCorpus.File(SplCorpus.AllergyRelief)]);
        var release = _h.Temp.File("dm_spl_release_human_part2.zip");
        ReleaseArchiveBuilder.Write(release,
            (SplCorpus.AllergyReliefSetId, SplEditor.BumpVersion(SplCorpus.Bytes(SplCorpus.AllergyRelief), new DateOnly(2026, 1, 15), SplEditor.RewordWhenUsing)),
            (SplCorpus.CoughColdSetId, SplCorpus.Bytes(SplCorpus.CoughCold)));
        var bytes = await File.ReadAllBytesAsync(release);
        await File.WriteAllBytesAsync(release, bytes[..(bytes.Length * 2 / 3)]); // a download cut off

        var report = await Ingestor().IngestAsync([release]);

        var archive = Assert.Single(report.Archives);
        Assert.Contains("the archive is truncated or not a zip file", archive.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was ingested from it", archive.Error, StringComparison.Ordinal);
        Assert.False(report.IsComplete);
        Assert.Empty(report.Files);
        var label = Assert.Single(await _h.Store.ListLabelsAsync(includeHistory: true));
        Assert.Equal((SplCorpus.AllergyReliefSetId, 8, true), (label.SetId, label.Version, label.IsCurrent));
    }

    [SplFact]
    public async Task A_non_spl_entry_is_rejected_with_its_reason_retried_next_time_and_makes_the_run_incomplete()
    {
        var release = _h.Temp.File("dm_spl_release_human_part3.zip");
        ReleaseArchiveBuilder.Write(release, (SplCorpus.CoughColdSetId, SplCorpus.Bytes(SplCorpus.CoughCold)));
        ReleaseArchiveBuilder.AddNonSplXml(release, "prescription/readme.xml");

        var first = await Ingestor().IngestAsync([release]);
        var second = await Ingestor().IngestAsync([release]);

        var rejected = Assert.Single(first.Files, f => f.Status == IngestStatus.Rejected);
        Assert.Equal("dm_spl_release_human_part3.zip!/prescription/readme.xml", rejected.Path);
        Assert.StartsWith("not an SPL document", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal(1, first.Added);
        Assert.False(first.IsComplete);
        Assert.Equal(1, second.Skipped); // the good label is not redone
        Assert.Equal(1, second.Rejected); // the bad entry is tried again
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool, too late to cancel deterministically).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
