using System.Diagnostics;
using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Conversation;
using LabelBot.Core.Retrieval;
using LabelBot.Search.Benchmarks;
using LabelBot.Search.Products;
using LabelBot.Search.Retrieval;
using LabelBot.Core.Measurement;

namespace LabelBot.Benchmarks;

/// <summary>Percentiles of timed operations, in milliseconds.</summary>
public sealed record LatencySummary(int Count, double P50Ms, double P95Ms, double MaxMs)
{
    public static LatencySummary From(IReadOnlyCollection<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        var sorted = milliseconds.Order().ToList();
        return new LatencySummary(sorted.Count, Percentiles.NearestRank(sorted, 0.50), Percentiles.NearestRank(sorted, 0.95), sorted.Count == 0 ? 0 : sorted[^1]);
    }

}

/// <summary>Everything measured on one backend at one corpus multiple (one process, so memory is this cell's own).</summary>
public sealed record ScaleCellMeasurement(
    string Backend,
    int Multiple,
    int Labels,
    int Passages,
    long StoreBytes,
    int Questions,
    int Rounds,
    double ProductResolutionRate,
    double RetrievalWarmUpMs,
    LatencySummary Retrieval,
    double RecallAt5,
    double AnswerWarmUpMs,
    LatencySummary Answers,
    int LabelAnswers,
    int CitationsOfCopies,
    long PeakWorkingSetBytes,
    long ManagedHeapBytes);

/// <summary>
/// Measures one opened store the way the bot uses it: product resolution plus hybrid retrieval over the questions
/// (recall@5 against the expected labels and sections), then extractive answers end to end through the real
/// <see cref="AnswerEngine"/>. The first pass over the questions warms caches (model, vocabulary, label vectors) and
/// is reported separately; the percentiles cover the timed rounds only.
/// </summary>
public static class ScaleCellBenchmark
{
    public static async Task<ScaleCellMeasurement> RunAsync(
        string backend,
        int multiple,
        ScaleStore store,
        IReadOnlyList<DevQuestion> questions,
        ITextEmbedder embedder,
        AnsweringOptions answering,
        int rounds = 3,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(answering);
        rounds = Math.Max(1, rounds);

        var labels = await store.Store.ListLabelsAsync(includeHistory: false, cancellationToken);
        if (labels.Count == 0)
        {
            throw new InvalidOperationException($"The store at {store.Location} is empty.");
        }
        var resolver = new LabelProductResolver(store.Store);
        var retriever = new HybridRetriever(store.Store, store.Index, embedder);
        var engine = new AnswerEngine(store.Store, retriever, resolver, answering, new InMemoryConversationContextStore());

        var retrievalWarmUp = Stopwatch.StartNew();
        var resolved = 0;
        foreach (var question in questions)
        {
            var matches = await resolver.ResolveAsync(question.Question, cancellationToken);
            await retriever.SearchAsync(Query(question, matches), cancellationToken);
            var expected = question.Expect.SetIds ?? [];
            if (expected.Count == 0 || matches.Any(m => expected.Contains(m.Label.SetId)))
            {
                resolved++;
            }
        }
        retrievalWarmUp.Stop();

        var retrievalTimes = new List<double>(questions.Count * rounds);
        var hits = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var question in questions)
            {
                var started = Stopwatch.GetTimestamp();
                var matches = await resolver.ResolveAsync(question.Question, cancellationToken);
                var top = await retriever.SearchAsync(Query(question, matches), cancellationToken);
                retrievalTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (round == 0 && RetrievalBenchmark.IsHit(question.Expect, top))
                {
                    hits++;
                }
            }
        }

        var answerWarmUp = Stopwatch.StartNew();
        foreach (var question in questions)
        {
            await engine.AnswerAsync(new AnswerRequest(question.Question), cancellationToken);
        }
        answerWarmUp.Stop();

        var answerTimes = new List<double>(questions.Count * rounds);
        var labelAnswers = 0;
        var copyCitations = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var question in questions)
            {
                var started = Stopwatch.GetTimestamp();
                var answer = await engine.AnswerAsync(new AnswerRequest(question.Question), cancellationToken);
                answerTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (round == 0)
                {
                    labelAnswers += answer.Kind == AnswerKind.Answer ? 1 : 0;
                    copyCitations += answer.Citations.Count(c => c.Title.StartsWith(ScaledCorpus.CopyTitlePrefix, StringComparison.Ordinal));
                }
            }
        }

        var storeBytes = await store.SizeBytesAsync(cancellationToken);
        // Retained managed memory: what the caches (vocabulary, label vectors) keep once the garbage is gone.
        var managedHeap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        GC.KeepAlive(engine);
        return new ScaleCellMeasurement(
            backend, multiple, labels.Count, labels.Sum(l => l.PassageCount), storeBytes, questions.Count, rounds,
            questions.Count == 0 ? 0 : (double)resolved / questions.Count,
            retrievalWarmUp.Elapsed.TotalMilliseconds, LatencySummary.From(retrievalTimes),
            questions.Count == 0 ? 0 : (double)hits / questions.Count,
            answerWarmUp.Elapsed.TotalMilliseconds, LatencySummary.From(answerTimes), labelAnswers, copyCitations,
            process.PeakWorkingSet64, managedHeap);
    }

    /// <summary>As the bot searches: restricted to the labels the question names, the whole store when it names none.</summary>
    private static SearchQuery Query(DevQuestion question, IReadOnlyList<ProductMatch> matches) =>
        new(question.Question,
            matches.Count == 0 ? null : matches.Select(m => m.Label.SetId).Distinct(StringComparer.Ordinal).ToList(),
            RetrievalBenchmark.TopK,
            RetrievalMode.Hybrid);
}
