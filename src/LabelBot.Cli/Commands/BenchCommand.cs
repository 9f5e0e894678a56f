using System.CommandLine;
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
    /// <summary>`bench --scale` and its child cells (`--scale-cell BACKEND --multiple M`, hidden: the parent passes them).</summary>
    public sealed record ScaleSettings(int? Scale, string? Postgres, string? Work, string? Corpus, string? DevSet, string? SeedDb, string? PgPrefix,
        string? Cell, int? Multiple);

    public sealed record Settings(StoreSettings Store, bool Json, int? Rounds, bool Ingest, int? Labels, int? OpenFdaPartition, ScaleSettings Scale);

    private readonly StoreOptions _store = new(audience: true);
    private readonly Option<bool> _json = CliOptions.Flag("--json", "print the figures as JSON (progress goes to stderr)");
    private readonly Option<int?> _rounds = CliOptions.WholeNumber("--rounds", "N", "measured rounds over the question set (default 3)");
    private readonly Option<bool> _ingest = CliOptions.Flag("--ingest", "ingest throughput, old and new path side by side");
    private readonly Option<int?> _labels = CliOptions.WholeNumber("--labels", "N", "with --ingest: the first N labels of the corpus");
    private readonly Option<int?> _openFdaPartition = CliOptions.WholeNumber("--openfda-partition", "N",
        "ingest a synthetic N-record openFDA bulk partition, cancel half way and resume");
    private readonly Option<int?> _scale = CliOptions.WholeNumber("--scale", "N", "1x, 10x and N x the corpus on SQLite and PostgreSQL side by side");
    private readonly Option<string?> _postgres = CliOptions.Text("--postgres", "CONNSTR", "with --scale: PostgreSQL server (default env LABELBOT_POSTGRES)");
    private readonly Option<string?> _work = CliOptions.Text("--work", "DIR", "with --scale: where the stores are kept (default artifacts/bench-scale)");
    private readonly Option<string?> _corpus = CliOptions.Text("--corpus", "DIR", "with --scale: the labels to copy (default ../shared/labels/spl)");
    private readonly Option<string?> _devSet = CliOptions.Text("--dev-set", "FILE", "with --scale: the question set (default the retrieval dev set)");
    private readonly Option<string?> _seedDb = CliOptions.Text("--seed-db", "FILE", "with --scale: a store whose vectors are reused");
    private readonly Option<string?> _pgPrefix = CliOptions.Text("--pg-prefix", "NAME", "with --scale: PostgreSQL database name prefix");
    private readonly Option<string?> _cell = new("--" + ScaleBench.CellOption) { Hidden = true };
    private readonly Option<int?> _multiple = CliOptions.WholeNumber("--multiple", "M", "");

    public Command Build()
    {
        _multiple.Hidden = true;
        var command = new Command("bench", "performance benchmark: latency p50/p95/max, throughput, peak memory, recall@5")
        {
            _json, _rounds, _ingest, _labels, _openFdaPartition, _scale, _postgres, _work, _corpus, _devSet, _seedDb, _pgPrefix, _cell, _multiple,
        };
        _store.AddTo(command);
        command.SetAction((result, cancellationToken) => RunAsync(new Settings(_store.Bind(result), result.GetValue(_json), result.GetValue(_rounds),
            result.GetValue(_ingest), result.GetValue(_labels), result.GetValue(_openFdaPartition),
            new ScaleSettings(result.GetValue(_scale), result.GetValue(_postgres), result.GetValue(_work), result.GetValue(_corpus), result.GetValue(_devSet),
                result.GetValue(_seedDb), result.GetValue(_pgPrefix), result.GetValue(_cell), result.GetValue(_multiple))), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var root = LabelBotPaths.FindRepositoryRoot() ?? throw new CliFailureException("bench runs from a LabelBot checkout (LabelBot.sln not found above the current folder)");
        if (ScaleBench.IsRequested(settings))
        {
            return await ScaleBench.RunAsync(settings, root, cancellationToken);
        }
        if (settings.OpenFdaPartition is not null)
        {
            return await RunOpenFdaPartitionAsync(settings, root, cancellationToken);
        }
        if (settings.Ingest)
        {
            return await RunIngestAsync(settings, root, cancellationToken);
        }
        var devSet = Path.Combine(root, "tests", "LabelBot.Search.Tests", "Data", "retrieval-dev.jsonl");
        var databasePath = settings.Store.Db is { } db ? Path.GetFullPath(db) : Path.Combine(root, "artifacts", "bench", "corpus.db");
        var rounds = settings.Rounds ?? 3;
        var log = settings.Json ? Console.Error : Console.Out;

        var corpus = LabelBotPaths.SharedCorpusFolder();
        if (corpus is null)
        {
            log.WriteLine($"note: ../shared/labels/spl not found beside {root}; benchmarking the shipped data/labels instead");
            corpus = LabelBotPaths.DefaultLabelsFolder() ?? throw new CliFailureException("no labels to benchmark: neither ../shared/labels/spl nor data/labels exists");
        }

        var options = RuntimeOpener.Options(settings.Store) with { DatabasePath = databasePath };
        await using var runtime = await LabelBotRuntime.OpenAsync(options, cancellationToken: cancellationToken);
        var ingest = await runtime.IngestAsync([corpus], cancellationToken: cancellationToken);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"index: {corpus} -> {databasePath}: {ingest.Added} added, {ingest.Superseded} superseded, {ingest.Unchanged} reused, {ingest.Rejected} rejected in {ingest.Elapsed.TotalSeconds:0.0} s"));

        var retrieval = await RetrievalBenchmark.RunAsync(databasePath, devSet, runtime.Embedder, rounds, cancellationToken: cancellationToken);
        var answers = await MeasureAnswersAsync(runtime.Engine, EvaluationSet.Load(devSet), rounds, cancellationToken);
        var process = Process.GetCurrentProcess();
        process.Refresh();

        if (settings.Json)
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
    private static async Task<int> RunIngestAsync(Settings settings, string root, CancellationToken cancellationToken)
    {
        var corpus = LabelBotPaths.SharedCorpusFolder()
            ?? throw new CliFailureException($"bench --ingest needs the shared corpus: ../shared/labels/spl not found beside {root}");
        var work = Path.Combine(Path.GetTempPath(), "labelbot-bench-ingest-" + Guid.NewGuid().ToString("N"));
        try
        {
            var report = await IngestBenchmark.RunAsync(corpus, work, () => new PackageMiniLmEmbedder(), () => new MiniLmEmbedder(),
                settings.Labels ?? int.MaxValue, cancellationToken);
            Console.WriteLine(settings.Json ? JsonSerializer.Serialize(report, CliJson.Options) : report.ToText());
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
    private static async Task<int> RunOpenFdaPartitionAsync(Settings settings, string root, CancellationToken cancellationToken)
    {
        var records = settings.OpenFdaPartition ?? 10_000;
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
            Console.WriteLine(settings.Json ? JsonSerializer.Serialize(report, CliJson.Options) : report.ToText());
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
