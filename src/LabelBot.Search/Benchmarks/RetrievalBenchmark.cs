using System.Diagnostics;
using System.Globalization;
using System.Text;
using LabelBot.Core.Measurement;
using LabelBot.Core.Retrieval;
using LabelBot.Core.Text;
using LabelBot.Search.Embedding;
using LabelBot.Search.Products;
using LabelBot.Search.Retrieval;
using LabelBot.Storage.Sqlite;

namespace LabelBot.Search.Benchmarks;

/// <summary>Quality and speed of one retrieval mode over the question set.</summary>
public sealed record RetrievalModeResult(
    RetrievalMode Mode,
    int Questions,
    int HitsAt5,
    double RecallAt5,
    double MustQuoteRecallAt5,
    double LatencyP50Ms,
    double LatencyP95Ms,
    double LatencyMaxMs,
    double QueriesPerSecond,
    double CpuMsPerQuery,
    IReadOnlyList<string> MissedQuestionIds);

/// <summary>What <see cref="RetrievalBenchmark"/> measured; <see cref="ToText"/> is what the CLI prints.</summary>
public sealed record RetrievalBenchmarkReport(
    string StorePath,
    string DevSetPath,
    int Questions,
    int Labels,
    int Passages,
    int TimedRounds,
    double ProductResolutionRate,
    double ResolveP50Ms,
    double WarmUpMs,
    IReadOnlyList<RetrievalModeResult> Modes,
    long PeakWorkingSetBytes,
    long ManagedHeapBytes)
{
    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"retrieval benchmark: {Questions} questions x {TimedRounds} rounds, {Labels} labels, {Passages} passages");
        text.AppendLine(c, $"product resolution: {ProductResolutionRate:P1} of questions named an expected label (resolve p50 {ResolveP50Ms:F2} ms); warm-up {WarmUpMs:F0} ms");
        text.AppendLine("mode     recall@5  quote@5  p50 ms  p95 ms  max ms    q/s  cpu ms/q");
        foreach (var m in Modes)
        {
            text.AppendLine(c, $"{m.Mode,-8} {m.RecallAt5,8:P1} {m.MustQuoteRecallAt5,8:P1} {m.LatencyP50Ms,7:F1} {m.LatencyP95Ms,7:F1} {m.LatencyMaxMs,7:F1} {m.QueriesPerSecond,6:F0} {m.CpuMsPerQuery,9:F1}");
        }
        text.AppendLine(c, $"peak working set {PeakWorkingSetBytes / 1048576.0:F0} MiB, managed heap {ManagedHeapBytes / 1048576.0:F0} MiB");
        foreach (var m in Modes.Where(m => m.MissedQuestionIds.Count > 0))
        {
            text.AppendLine(c, $"missed by {m.Mode}: {string.Join(", ", m.MissedQuestionIds)}");
        }
        return text.ToString();
    }
}

/// <summary>
/// Retrieval benchmark over an evaluation set: for each question, resolve the product (as the bot does), search in
/// each mode, and score recall@5 — a hit is a top-5 passage whose own or top-level section code is expected and whose
/// label is expected. Latency covers product resolution plus search, including the question's embedding.
/// </summary>
public static class RetrievalBenchmark
{
    public const int TopK = 5;

    /// <summary>Opens the store at <paramref name="storePath"/> and runs the questions in <paramref name="devSetPath"/>.</summary>
    public static async Task<RetrievalBenchmarkReport> RunAsync(string storePath, string devSetPath, ITextEmbedder? embedder = null, int rounds = 3, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(storePath))
        {
            throw new FileNotFoundException($"No label database at {storePath}; run the ingest command first.", storePath);
        }
        var questions = RetrievalDevSet.Load(devSetPath);
        using var store = SqliteLabelStore.Open(storePath);
        return await RunAsync(store, questions, embedder ?? MiniLmEmbedder.Shared, rounds, devSetPath, options, cancellationToken);
    }

    public static async Task<RetrievalBenchmarkReport> RunAsync(SqliteLabelStore store, IReadOnlyList<DevQuestion> questions, ITextEmbedder embedder, int rounds = 3, string devSetPath = "", RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(questions);
        rounds = Math.Max(1, rounds);
        var labels = await store.ListLabelsAsync(cancellationToken: cancellationToken);
        if (labels.Count == 0)
        {
            throw new InvalidOperationException($"The label database {store.FilePath} is empty; run the ingest command first.");
        }
        var retriever = HybridRetriever.Create(store, embedder, options);
        var resolver = new LabelProductResolver(store);
        var modes = new[] { RetrievalMode.Lexical, RetrievalMode.Vector, RetrievalMode.Hybrid };

        // Warm-up: model load, vector caches, vocabulary, JIT. Not timed into the percentiles.
        var warmUp = Stopwatch.StartNew();
        foreach (var question in questions)
        {
            var matches = await resolver.ResolveAsync(question.Question, cancellationToken);
            foreach (var mode in modes)
            {
                await retriever.SearchAsync(new SearchQuery(question.Question, SetIdsOf(matches), TopK, mode), cancellationToken);
            }
        }
        warmUp.Stop();

        var resolved = 0;
        var resolveTimes = new List<double>();
        foreach (var question in questions)
        {
            var started = Stopwatch.GetTimestamp();
            var matches = await resolver.ResolveAsync(question.Question, cancellationToken);
            resolveTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var expected = question.Expect.SetIds ?? [];
            if (expected.Count == 0 || matches.Any(m => expected.Contains(m.Label.SetId)))
            {
                resolved++;
            }
        }

        var results = new List<RetrievalModeResult>();
        foreach (var mode in modes)
        {
            results.Add(await RunModeAsync(mode, questions, resolver, retriever, rounds, cancellationToken));
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new RetrievalBenchmarkReport(
            store.FilePath, devSetPath, questions.Count, labels.Count, labels.Sum(l => l.PassageCount), rounds,
            questions.Count == 0 ? 0 : (double)resolved / questions.Count,
            Percentile(resolveTimes, 0.5), warmUp.Elapsed.TotalMilliseconds, results,
            process.PeakWorkingSet64, GC.GetTotalMemory(forceFullCollection: false));
    }

    private static async Task<RetrievalModeResult> RunModeAsync(RetrievalMode mode, IReadOnlyList<DevQuestion> questions, IProductResolver resolver, IPassageRetriever retriever, int rounds, CancellationToken cancellationToken)
    {
        var latencies = new List<double>(questions.Count * rounds);
        var hits = 0;
        var quotesFound = 0;
        var quotesExpected = 0;
        var missed = new List<string>();
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var total = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var question in questions)
            {
                var started = Stopwatch.GetTimestamp();
                var matches = await resolver.ResolveAsync(question.Question, cancellationToken);
                var top = await retriever.SearchAsync(new SearchQuery(question.Question, SetIdsOf(matches), TopK, mode), cancellationToken);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (round > 0)
                {
                    continue; // results are deterministic; score the first round only
                }
                if (IsHit(question.Expect, top))
                {
                    hits++;
                }
                else
                {
                    missed.Add(question.Id);
                }
                foreach (var phrase in question.Expect.MustQuote ?? [])
                {
                    quotesExpected++;
                    if (top.Any(p => Normalize(p.Passage.Text).Contains(Normalize(phrase), StringComparison.OrdinalIgnoreCase)))
                    {
                        quotesFound++;
                    }
                }
            }
        }
        total.Stop();
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        return new RetrievalModeResult(
            mode, questions.Count, hits,
            questions.Count == 0 ? 0 : (double)hits / questions.Count,
            quotesExpected == 0 ? 1 : (double)quotesFound / quotesExpected,
            Percentile(latencies, 0.5), Percentile(latencies, 0.95), latencies.DefaultIfEmpty(0).Max(),
            latencies.Count / Math.Max(total.Elapsed.TotalSeconds, 1e-9),
            latencies.Count == 0 ? 0 : cpuMs / latencies.Count,
            missed);
    }

    /// <summary>A top-5 passage from an expected label whose own or top-level section is expected.</summary>
    public static bool IsHit(DevExpectation expect, IReadOnlyList<ScoredPassage> top)
    {
        ArgumentNullException.ThrowIfNull(expect);
        ArgumentNullException.ThrowIfNull(top);
        var codes = expect.SectionCodes ?? [];
        var setIds = expect.SetIds ?? [];
        return top.Take(TopK).Any(p =>
            (setIds.Count == 0 || setIds.Contains(p.Passage.SetId))
            && (codes.Count == 0 || codes.Contains(p.Passage.SectionCode) || codes.Contains(p.Passage.TopSectionCode)));
    }

    private static IReadOnlyList<string>? SetIdsOf(IReadOnlyList<ProductMatch> matches) =>
        matches.Count == 0 ? null : matches.Select(m => m.Label.SetId).Distinct(StringComparer.Ordinal).ToList();

    private static string Normalize(string text) => Whitespace.Collapse(text);

    private static double Percentile(List<double> values, double percentile) => Percentiles.NearestRank(values.Order().ToList(), percentile);
}
