using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelBot.Core.Retrieval;
using LabelBot.Labels.Ingestion;
using LabelBot.Storage.Sqlite;

namespace LabelBot.Benchmarks;

/// <summary>
/// Figures of `bench --openfda-partition N`: a synthetic bulk partition ingested with embeddings deferred, interrupted
/// half way and resumed from its checkpoint.
/// </summary>
public sealed record OpenFdaPartitionReport(
    int Records,
    long PartitionBytes,
    int FirstRunRecords,
    int SecondRunSkipped,
    int SecondRunRecords,
    int LabelsStored,
    int Passages,
    int Rejected,
    double Seconds,
    long PeakWorkingSetBytes,
    long PeakManagedHeapBytes)
{
    public double RecordsPerSecond => (FirstRunRecords + SecondRunRecords) / Math.Max(Seconds, 1e-9);

    public double PassagesPerSecond => Passages / Math.Max(Seconds, 1e-9);

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"openFDA partition benchmark: {Records:N0} synthetic records ({PartitionBytes / 1048576.0:0.0} MiB zipped), full text only (embeddings deferred)");
        text.AppendLine(CultureInfo.InvariantCulture, $"run 1 (cancelled half way): {FirstRunRecords:N0} records ingested, checkpoint kept");
        text.AppendLine(CultureInfo.InvariantCulture, $"run 2 (resumed):            {SecondRunSkipped:N0} records skipped unparsed, {SecondRunRecords:N0} records ingested");
        text.AppendLine(CultureInfo.InvariantCulture, $"stored: {LabelsStored:N0} labels, {Passages:N0} passages, {Rejected:N0} records rejected in run 2");
        text.AppendLine(CultureInfo.InvariantCulture, $"elapsed {Seconds:0.0} s: {RecordsPerSecond:0.0} records/s, {PassagesPerSecond:0} passages/s");
        text.AppendLine(CultureInfo.InvariantCulture, $"peak working set {PeakWorkingSetBytes / 1048576.0:0} MiB, peak managed heap {PeakManagedHeapBytes / 1048576.0:0} MiB");
        return text.ToString();
    }
}

/// <summary>
/// `bench --openfda-partition N`: builds a bulk-partition-shaped zip from the shared openFDA records (never committed,
/// in the work folder), ingests it into a fresh SQLite store with embeddings deferred, cancels after half the records
/// and resumes from the checkpoint, measuring records/s, passages/s and peak memory.
/// </summary>
public static class OpenFdaPartitionBenchmark
{
    public const string EntryName = "drug-label-0001-of-0001.json";

    public static async Task<OpenFdaPartitionReport> RunAsync(
        string openFdaFolder,
        string workFolder,
        ITextEmbedder embedder,
        int records,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentOutOfRangeException.ThrowIfLessThan(records, 2);
        Directory.CreateDirectory(workFolder);
        var zip = Path.Combine(workFolder, EntryName + ".zip");
        WritePartition(openFdaFolder, zip, records);
        var databasePath = Path.Combine(workFolder, "partition.db");
        var checkpoints = FileIngestCheckpointStore.ForDatabase(databasePath);

        using var sampler = new IngestBenchmark.WorkingSetSampler();
        long heapPeak = 0;
        var half = records / 2;
        using var store = SqliteLabelStore.Open(databasePath, embedder.Dimensions);
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var firstRun = 0;
        var watch = Stopwatch.StartNew();
        var progress = new SynchronousProgress(p =>
        {
            heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(forceFullCollection: false));
            firstRun = p.Records;
            if (p.Records >= half)
            {
                interrupt.Cancel(); // as if the process were stopped half way
            }
        });
        try
        {
            await new LabelIngestor(store, embedder) { EmbedLater = true, Checkpoints = checkpoints }.IngestAsync([zip], progress, interrupt.Token);
            throw new InvalidOperationException("the first run was not interrupted");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        var resumed = new SynchronousProgress(_ => heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(forceFullCollection: false)));
        var second = await new LabelIngestor(store, embedder) { EmbedLater = true, Checkpoints = checkpoints }.IngestAsync([zip], resumed, cancellationToken);
        watch.Stop();

        var labels = await store.ListLabelsAsync(cancellationToken: cancellationToken);
        var passages = (await store.GetVectorCoverageAsync(cancellationToken)).Sum(c => c.Passages);
        return new OpenFdaPartitionReport(records, new FileInfo(zip).Length, firstRun, second.RecordsSkipped, second.Records, labels.Count,
            passages, second.Rejected, watch.Elapsed.TotalSeconds, sampler.Peak, heapPeak);
    }

    /// <summary>
    /// Writes `{"meta":…,"results":[…]}` into a one-entry zip, streaming: each record is a copy of a shared record (in
    /// turn) with its own set id and document id, GUIDs from the record's number, so every copy is a distinct label.
    /// </summary>
    public static void WritePartition(string openFdaFolder, string zipPath, int records)
    {
        var shared = SharedRecords(openFdaFolder);
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        using var entry = zip.CreateEntry(EntryName, CompressionLevel.Fastest).Open();
        using var writer = new Utf8JsonWriter(entry);
        writer.WriteStartObject();
        writer.WritePropertyName("meta");
        writer.WriteStartObject();
        writer.WriteString("disclaimer", "synthetic partition built from the shared openFDA records for benchmarking; not FDA data as published");
        writer.WritePropertyName("results");
        writer.WriteStartObject();
        writer.WriteNumber("skip", 0);
        writer.WriteNumber("limit", records);
        writer.WriteNumber("total", records);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WritePropertyName("results");
        writer.WriteStartArray();
        for (var i = 1; i <= records; i++)
        {
            var record = shared[(i - 1) % shared.Count];
            record["set_id"] = SyntheticSetId(i);
            record["id"] = new Guid(i, 1, 0, new byte[8]).ToString();
            record.WriteTo(writer);
            if (i % 256 == 0)
            {
                writer.Flush(); // keep the writer's buffer small: the partition is never held whole
            }
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The set id of the partition's record number <paramref name="record"/> (1-based).</summary>
    public static string SyntheticSetId(int record) => new Guid(record, 0, 0, new byte[8]).ToString();

    private static List<JsonObject> SharedRecords(string openFdaFolder)
    {
        var records = new List<JsonObject>();
        foreach (var file in Directory.GetFiles(openFdaFolder, "*.json").Order(StringComparer.Ordinal))
        {
            var node = JsonNode.Parse(File.ReadAllText(file));
            if (node?["results"] is JsonArray results)
            {
                records.AddRange(results.OfType<JsonObject>());
            }
            else if (node is JsonObject single)
            {
                records.Add(single);
            }
        }
        return records.Count > 0 ? records : throw new InvalidOperationException($"no openFDA records in {openFdaFolder}");
    }

    private sealed class SynchronousProgress(Action<IngestProgress> report) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => report(value);
    }
}
