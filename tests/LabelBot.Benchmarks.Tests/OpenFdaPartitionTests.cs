using LabelBot.Core.Retrieval;
using LabelBot.Labels.Ingestion;
using LabelBot.Storage.Sqlite;

namespace LabelBot.Benchmarks.Tests;

/// <summary>
/// A synthetic openFDA bulk partition (built from the real shared records, in a temporary folder) ingested with
/// per-record progress and a resumable checkpoint, as `ingest` and `bench --openfda-partition` do.
/// </summary>
public sealed class OpenFdaPartitionTests : IDisposable
{
    private const int Records = 300;

    private readonly TempDirectory _work = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _work.Dispose();
    }

    private string Zip => _work.File(OpenFdaPartitionBenchmark.EntryName + ".zip");

    private string Database => _work.File("partition.db");

    private static string OpenFda => TestLocations.FindOpenFdaFolder()!;

    [OpenFdaFact]
    public async Task A_partition_ingests_with_progress_counting_every_record_and_leaves_no_checkpoint()
    {
        OpenFdaPartitionBenchmark.WritePartition(OpenFda, Zip, Records);
        var checkpoints = new RecordingCheckpoints(FileIngestCheckpointStore.ForDatabase(Database));
        var seen = new List<int>();
        using var store = SqliteLabelStore.Open(Database);

        var report = await Ingestor(store, checkpoints).IngestAsync([Zip], new SynchronousProgress(p => seen.Add(p.Records)));

        Assert.Equal((Records, Records, 0, 0), (report.Added, report.Records, report.RecordsSkipped, report.Rejected));
        // One file, yet the bar moves with every record: each count from 1 to 300 is reported, never going back.
        Assert.Equal(Enumerable.Range(1, Records), seen.Where(r => r > 0).Distinct());
        Assert.Equal(seen.Order(), seen);
        Assert.Equal([50, 100, 150, 200, 250, 300], checkpoints.Saved);
        Assert.False(File.Exists(checkpoints.Inner.Path), "a finished file leaves no checkpoint");
    }

    [OpenFdaFact]
    public async Task Cancelled_midway_then_resumed_skips_the_checkpointed_records_and_stores_every_set_id_once()
    {
        OpenFdaPartitionBenchmark.WritePartition(OpenFda, Zip, Records);
        var checkpoints = new RecordingCheckpoints(FileIngestCheckpointStore.ForDatabase(Database));
        using var store = SqliteLabelStore.Open(Database);

        await InterruptAfterAsync(store, checkpoints, 130);

        Assert.Equal([50, 100, 130], checkpoints.Saved); // every 50 records, then exactly where the run was stopped
        Assert.Equal(130, checkpoints.Inner.Load()!.Records);
        Assert.Equal(130, (await store.ListLabelsAsync()).Count);

        var resumed = await Ingestor(store, checkpoints).IngestAsync([Zip]);

        // The first 130 were not parsed again: none came back as "unchanged".
        Assert.Equal((130, Records - 130, Records - 130, 0), (resumed.RecordsSkipped, resumed.Records, resumed.Added, resumed.Unchanged));
        var setIds = (await store.ListLabelsAsync()).Select(l => l.SetId).ToList();
        Assert.Equal(Enumerable.Range(1, Records).Select(OpenFdaPartitionBenchmark.SyntheticSetId).Order(StringComparer.Ordinal), setIds.Order(StringComparer.Ordinal));
        Assert.False(File.Exists(checkpoints.Inner.Path));
    }

    [OpenFdaFact]
    public async Task A_changed_input_file_ignores_the_old_checkpoint()
    {
        OpenFdaPartitionBenchmark.WritePartition(OpenFda, Zip, Records);
        var checkpoints = new RecordingCheckpoints(FileIngestCheckpointStore.ForDatabase(Database));
        using var store = SqliteLabelStore.Open(Database);
        await InterruptAfterAsync(store, checkpoints, 100);
        File.Delete(Zip);
        OpenFdaPartitionBenchmark.WritePartition(OpenFda, Zip, Records + 1); // a different length: not the file checkpointed

        var report = await Ingestor(store, checkpoints).IngestAsync([Zip]);

        Assert.Equal((0, Records + 1), (report.RecordsSkipped, report.Records));
        Assert.Equal((Records + 1 - 100, 100), (report.Added, report.Unchanged)); // the first 100 read again, already stored
        Assert.False(File.Exists(checkpoints.Inner.Path));
    }

    [OpenFdaFact]
    public async Task A_checkpoint_that_cannot_be_written_does_not_stop_the_ingest()
    {
        OpenFdaPartitionBenchmark.WritePartition(OpenFda, Zip, Records);
        using var store = SqliteLabelStore.Open(Database);

        var report = await Ingestor(store, new UnwritableCheckpoints()).IngestAsync([Zip]);

        Assert.Equal((Records, 0, null), (report.Added, report.Rejected, report.StopReason));
    }

    [OpenFdaFact]
    public async Task The_benchmark_interrupts_half_way_and_resumes_past_the_first_half()
    {
        var report = await OpenFdaPartitionBenchmark.RunAsync(OpenFda, _work.File("bench"), new DeferredEmbedder(), 120);

        Assert.Equal((120, 60, 60, 60, 120, 0), (report.Records, report.FirstRunRecords, report.SecondRunSkipped, report.SecondRunRecords, report.LabelsStored, report.Rejected));
        Assert.True(report.Passages > 120 && report.PeakWorkingSetBytes > 0 && report.PeakManagedHeapBytes > 0);
        Assert.Contains("60 records skipped unparsed", report.ToText(), StringComparison.Ordinal);
    }

    private async Task InterruptAfterAsync(SqliteLabelStore store, IIngestCheckpointStore checkpoints, int records)
    {
        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Records >= records)
            {
                stop.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Ingestor(store, checkpoints).IngestAsync([Zip], progress, stop.Token));
    }

    private static LabelIngestor Ingestor(SqliteLabelStore store, IIngestCheckpointStore checkpoints) =>
        new(store, new DeferredEmbedder()) { EmbedLater = true, Checkpoints = checkpoints, CheckpointInterval = 50 };

    /// <summary>Embeddings are deferred: the model must never be asked.</summary>
    private sealed class DeferredEmbedder : ITextEmbedder
    {
        public int Dimensions => 384;

        public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts) => throw new InvalidOperationException("embedding was deferred");
    }

    private sealed class RecordingCheckpoints(FileIngestCheckpointStore inner) : IIngestCheckpointStore
    {
        public FileIngestCheckpointStore Inner => inner;

        public List<int> Saved { get; } = [];

        public IngestCheckpoint? Load() => inner.Load();

        public void Save(IngestCheckpoint checkpoint)
        {
            Saved.Add(checkpoint.Records);
            inner.Save(checkpoint);
        }

        public void Clear() => inner.Clear();
    }

    /// <summary>As in a read-only folder: every write fails.</summary>
    private sealed class UnwritableCheckpoints : IIngestCheckpointStore
    {
        public IngestCheckpoint? Load() => null;

        public void Save(IngestCheckpoint checkpoint) => throw new UnauthorizedAccessException("read-only folder");

        public void Clear() => throw new IOException("read-only folder");
    }

    private sealed class SynchronousProgress(Action<IngestProgress> report) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => report(value);
    }
}

/// <summary>A fact that needs the shared openFDA records (../shared/labels/openfda); skipped with a message when absent.</summary>
internal sealed class OpenFdaFactAttribute : FactAttribute
{
    public OpenFdaFactAttribute()
    {
        if (TestLocations.FindOpenFdaFolder() is null)
        {
            Skip = "the shared openFDA records (../shared/labels/openfda beside the repository) are not present";
        }
    }
}
