using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LabelBot.Core.Answering;
using LabelBot.Runtime;
using LabelBot.Runtime.Evaluation;
using LabelBot.Search.Benchmarks;
using LabelBot.Core.Measurement;
using LabelBot.Benchmarks;
using LabelBot.Search.Embedding;

namespace LabelBot.Cli.Commands;

/// <summary>
/// `bench [--db FILE] [--json] [--rounds N]`: builds (or reuses) an index of the whole shared corpus, then measures
/// retrieval (BM25, vectors, hybrid side by side) and end-to-end extractive answers on the developer question set.
/// `bench --scale N …` measures the same at 1x, 10x and N x the corpus on SQLite and PostgreSQL (<see cref="ScaleBench"/>).
/// </summary>
public sealed class BenchCommand : ICliCommand
{
    public string Name => "bench";
    public string Usage => "bench [--db FILE] [--json] [--rounds N] | bench --scale N [--postgres CONNSTR] [--work DIR] [--json] | bench --ingest [--labels N] [--json] | bench --openfda-partition N [--json]";
    public string Summary => "performance benchmark: latency p50/p95/max, throughput, peak memory, recall@5";

    public async Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var root = LabelBotPaths.FindRepositoryRoot() ?? throw new CliFailureException("bench runs from a LabelBot checkout (LabelBot.sln not found above the current folder)");
        if (ScaleBench.IsRequested(args))
        {
            return await ScaleBench.RunAsync(args, root, cancellationToken);
        }
        if (args.Option("openfda-partition") is not null)
        {
            return await RunOpenFdaPartitionAsync(args, root, cancellationToken);
        }
        if (args.Has("ingest"))
        {
            return await RunIngestAsync(args, root, cancellationToken);
        }
        var devSet = Path.Combine(root, "tests", "LabelBot.Search.Tests", "Data", "retrieval-dev.jsonl");
        var databasePath = args.Option("db") is { } db ? Path.GetFullPath(db) : Path.Combine(root, "artifacts", "bench", "corpus.db");
        var rounds = args.IntOption("rounds") ?? 3;
        var log = args.Has("json") ? Console.Error : Console.Out;

        var corpus = LabelBotPaths.SharedCorpusFolder();
        if (corpus is null)
        {
            log.WriteLine($"note: ../shared/labels/spl not found beside {root}; benchmarking the shipped data/labels instead");
            corpus = LabelBotPaths.DefaultLabelsFolder() ?? throw new CliFailureException("no labels to benchmark: neither ../shared/labels/spl nor data/labels exists");
        }

        var options = RuntimeOpener.Options(args) with { DatabasePath = databasePath };
        await using var runtime = await LabelBotRuntime.OpenAsync(options, cancellationToken: cancellationToken);
        var ingest = await runtime.IngestAsync([corpus], cancellationToken: cancellationToken);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"index: {corpus} -> {databasePath}: {ingest.Added} added, {ingest.Superseded} superseded, {ingest.Unchanged} reused, {ingest.Rejected} rejected in {ingest.Elapsed.TotalSeconds:0.0} s"));

        var retrieval = await RetrievalBenchmark.RunAsync(databasePath, devSet, runtime.Embedder, rounds, cancellationToken: cancellationToken);
        var answers = await MeasureAnswersAsync(runtime.Engine, EvaluationSet.Load(devSet), rounds, cancellationToken);
        var process = Process.GetCurrentProcess();
        process.Refresh();

        if (args.Has("json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(new { retrieval, answers, peakWorkingSetBytes = process.PeakWorkingSet64 }, CliJson.Options));
        }
        else
        {
            Console.Write(retrieval.ToText());
            Console.WriteLine(answers.ToText());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"process peak working set {process.PeakWorkingSet64 / 1048576.0:0} MiB"));
        }
        return 0;
    }

    /// <summary>
    /// `bench --ingest [--labels N]`: the shared corpus (or its first N labels) ingested the old way and the new way into
    /// fresh temporary stores, figures side by side (<see cref="IngestBenchmark"/>).
    /// </summary>
    private static async Task<int> RunIngestAsync(CliArguments args, string root, CancellationToken cancellationToken)
    {
        var corpus = LabelBotPaths.SharedCorpusFolder()
            ?? throw new CliFailureException($"bench --ingest needs the shared corpus: ../shared/labels/spl not found beside {root}");
        var work = Path.Combine(Path.GetTempPath(), "labelbot-bench-ingest-" + Guid.NewGuid().ToString("N"));
        try
        {
            var report = await IngestBenchmark.RunAsync(corpus, work, () => new PackageMiniLmEmbedder(), () => new MiniLmEmbedder(),
                args.IntOption("labels") ?? int.MaxValue, cancellationToken);
            Console.WriteLine(args.Has("json") ? JsonSerializer.Serialize(report, CliJson.Options) : report.ToText());
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>
    /// `bench --openfda-partition N`: a synthetic N-record openFDA partition (temporary, from the shared records) ingested
    /// with embeddings deferred, interrupted half way and resumed from its checkpoint (<see cref="OpenFdaPartitionBenchmark"/>).
    /// </summary>
    private static async Task<int> RunOpenFdaPartitionAsync(CliArguments args, string root, CancellationToken cancellationToken)
    {
        var records = args.IntOption("openfda-partition") ?? 10_000;
        if (records < 2)
        {
            throw new CliUsageException("--openfda-partition takes a record count of at least 2");
        }
        var openFda = Path.GetFullPath(Path.Combine(root, "..", "shared", "labels", "openfda"));
        if (!Directory.Exists(openFda))
        {
            throw new CliFailureException($"bench --openfda-partition needs the shared openFDA records: {openFda} not found");
        }
        var work = Path.Combine(Path.GetTempPath(), "labelbot-bench-partition-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Embeddings are deferred: the model is never loaded, only its vector size is read.
            using var embedder = new MiniLmEmbedder();
            var report = await OpenFdaPartitionBenchmark.RunAsync(openFda, work, embedder, records, cancellationToken);
            Console.WriteLine(args.Has("json") ? JsonSerializer.Serialize(report, CliJson.Options) : report.ToText());
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>End-to-end answer latency (routing, resolution, retrieval, composition, citation checks) over the dev set.</summary>
    private static async Task<AnswerBenchmark> MeasureAnswersAsync(IAnswerEngine engine, IReadOnlyList<EvaluationItem> items, int rounds, CancellationToken cancellationToken)
    {
        // Warm-up: the first turn loads the model and each label's vectors.
        foreach (var item in items)
        {
            await engine.AnswerAsync(new AnswerRequest(item.Question), cancellationToken);
        }
        var latencies = new List<double>(items.Count * rounds);
        var total = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var item in items)
            {
                var watch = Stopwatch.StartNew();
                await engine.AnswerAsync(new AnswerRequest(item.Question), cancellationToken);
                latencies.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        total.Stop();
        latencies.Sort();
        return new AnswerBenchmark(latencies.Count,
            Percentiles.NearestRank(latencies, 0.50), Percentiles.NearestRank(latencies, 0.95), latencies.Count == 0 ? 0 : latencies[^1],
            latencies.Count / Math.Max(total.Elapsed.TotalSeconds, 1e-9));
    }

    public sealed record AnswerBenchmark(int Answers, double P50Ms, double P95Ms, double MaxMs, double AnswersPerSecond)
    {
        public string ToText() => string.Create(CultureInfo.InvariantCulture,
            $"extractive answers end to end: {Answers} turns  p50 {P50Ms:0.0} ms  p95 {P95Ms:0.0} ms  max {MaxMs:0.0} ms  {AnswersPerSecond:0} answers/s");
    }
}
