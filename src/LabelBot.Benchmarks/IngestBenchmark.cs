using System.Diagnostics;
using System.Globalization;
using System.Text;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.Labels;
using LabelBot.Labels.Ingestion;
using LabelBot.Storage.Sqlite;

namespace LabelBot.Benchmarks;

/// <summary>One ingest path's figures: parse + chunk + store (no embedding), embedding, total, peak working set.</summary>
public sealed record IngestPathMeasurement(
    string Path,
    int Labels,
    int Passages,
    double StoreSeconds,
    long TextsEmbedded,
    double EmbedSeconds,
    long PeakWorkingSetBytes)
{
    /// <summary>Labels per second parsed, chunked and stored with their full-text index (embedding excluded).</summary>
    public double LabelsPerSecond => Labels / Math.Max(StoreSeconds, 1e-9);

    /// <summary>Passages per second given a vector (reused vectors count: that is the point of reusing them).</summary>
    public double PassagesPerSecond => Passages / Math.Max(EmbedSeconds, 1e-9);

    public double TotalSeconds => StoreSeconds + EmbedSeconds;
}

public sealed record IngestBenchmarkReport(string Corpus, int Cores, IngestPathMeasurement Baseline, IngestPathMeasurement Current)
{
    public string ToText()
    {
        var rows = new (string Name, Func<IngestPathMeasurement, string> Value)[]
        {
            ("labels / passages", m => $"{m.Labels} / {m.Passages:N0}"),
            ("parse+chunk+full-text", m => $"{m.LabelsPerSecond:0.0} labels/s ({m.StoreSeconds:0.0} s)"),
            ("embedding", m => $"{m.PassagesPerSecond:0.0} passages/s ({m.EmbedSeconds:0.0} s)"),
            ("texts run through the model", m => $"{m.TextsEmbedded:N0}"),
            ("total", m => $"{m.TotalSeconds:0.0} s"),
            ("peak working set", m => $"{m.PeakWorkingSetBytes / 1048576.0:0} MiB"),
        };
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"ingest benchmark: {Corpus} on {Cores} core(s)");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"",-29} {"baseline",-32} {"new",-32}");
        foreach (var (name, value) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{name,-29} {value(Baseline),-32} {value(Current),-32}");
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"baseline: {Baseline.Path}");
        text.AppendLine(CultureInfo.InvariantCulture, $"new:      {Current.Path}");
        return text.ToString();
    }
}

/// <summary>
/// `bench --ingest`: the same labels ingested into two fresh SQLite stores, the way ingest worked before (parse, chunk,
/// embed every passage of the label, save label and vectors together) and the way it works now (passages and full
/// text first, then the vector fill with reuse by text hash), side by side in one run.
/// </summary>
public static class IngestBenchmark
{
    public static async Task<IngestBenchmarkReport> RunAsync(
        string corpusFolder,
        string workFolder,
        Func<ITextEmbedder> baselineEmbedder,
        Func<ITextEmbedder> currentEmbedder,
        int labelLimit = int.MaxValue,
        CancellationToken cancellationToken = default)
    {
        var files = Directory.GetFiles(corpusFolder, "*.xml").Order(StringComparer.Ordinal).Take(labelLimit).ToList();
        Directory.CreateDirectory(workFolder);
        // Each path loads its own model and releases it before the next starts, so neither's peak includes the other's.
        IngestPathMeasurement baseline, current;
        var embedder = baselineEmbedder();
        try
        {
            baseline = await RunBaselineAsync(files, Path.Combine(workFolder, "baseline.db"), embedder, cancellationToken);
        }
        finally
        {
            (embedder as IDisposable)?.Dispose();
        }
        GC.Collect();
        embedder = currentEmbedder();
        try
        {
            current = await RunCurrentAsync(files, Path.Combine(workFolder, "current.db"), embedder, cancellationToken);
        }
        finally
        {
            (embedder as IDisposable)?.Dispose();
        }
        return new IngestBenchmarkReport($"{files.Count} labels from {corpusFolder}", Environment.ProcessorCount, baseline, current);
    }

    private static async Task<IngestPathMeasurement> RunBaselineAsync(IReadOnlyList<string> files, string databasePath, ITextEmbedder embedder, CancellationToken cancellationToken)
    {
        using var sampler = new WorkingSetSampler();
        using var store = SqliteLabelStore.Open(databasePath, embedder.Dimensions);
        var storeTime = new Stopwatch();
        var embedTime = new Stopwatch();
        var labels = 0;
        var passageCount = 0;
        long embedded = 0;
        foreach (var file in files)
        {
            storeTime.Start();
            LabelDocument label;
            try
            {
                label = SplParser.ParseFile(file);
            }
            catch (LabelParseException)
            {
                storeTime.Stop();
                continue; // rejected by both paths alike
            }
            var passages = PassageChunker.Chunk(label);
            storeTime.Stop();

            // As before: every passage of the label embedded, 512 texts a call, nothing reused.
            embedTime.Start();
            var vectors = new List<float[]>(passages.Count);
            foreach (var chunk in passages.Select(LabelIngestor.EmbeddingInput).Chunk(LabelIngestor.EmbeddingBatchSize))
            {
                vectors.AddRange(embedder.Embed(chunk));
            }
            embedTime.Stop();
            embedded += passages.Count;

            storeTime.Start();
            var outcome = await store.SaveAsync(label, passages, vectors, cancellationToken);
            storeTime.Stop();
            if (outcome.Status is IngestStatus.Added or IngestStatus.Superseded)
            {
                labels++;
                passageCount += passages.Count;
            }
        }
        return new IngestPathMeasurement("package encoder (batches of 16, element-wise pooling), every passage embedded, label saved with its vectors",
            labels, passageCount, storeTime.Elapsed.TotalSeconds, embedded, embedTime.Elapsed.TotalSeconds, sampler.Peak);
    }

    private static async Task<IngestPathMeasurement> RunCurrentAsync(IReadOnlyList<string> files, string databasePath, ITextEmbedder embedder, CancellationToken cancellationToken)
    {
        using var sampler = new WorkingSetSampler();
        using var store = SqliteLabelStore.Open(databasePath, embedder.Dimensions);
        var storeTime = Stopwatch.StartNew();
        var report = await new LabelIngestor(store, embedder) { EmbedLater = true }.IngestAsync(files, cancellationToken: cancellationToken);
        storeTime.Stop();
        var fill = await new VectorFill(store, embedder).RunAsync(cancellationToken: cancellationToken);
        return new IngestPathMeasurement("batched MiniLM (sorted by length, token budget), passages and full text first, vector fill reusing stored vectors by text hash",
            report.Added + report.Superseded, report.Passages, storeTime.Elapsed.TotalSeconds, fill.Embedded, fill.Elapsed.TotalSeconds, sampler.Peak);
    }

    /// <summary>The highest process working set seen while a phase runs (sampled every 20 ms, plus at the end).</summary>
    internal sealed class WorkingSetSampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak = Environment.WorkingSet; // the process as the phase finds it: the other path's model is released

        public WorkingSetSampler() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));

        public long Peak
        {
            get
            {
                Sample();
                return Interlocked.Read(ref _peak);
            }
        }

        public void Dispose() => _timer.Dispose();

        private void Sample()
        {
            var now = Environment.WorkingSet;
            long seen;
            while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
            {
            }
        }
    }
}
