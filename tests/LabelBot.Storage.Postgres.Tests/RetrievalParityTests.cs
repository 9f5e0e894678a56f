using System.Diagnostics;
using System.Globalization;
using LabelBot.Core.Retrieval;
using LabelBot.Core.Storage;
using LabelBot.Labels;
using LabelBot.Search.Benchmarks;
using LabelBot.Search.Embedding;
using LabelBot.Search.Products;
using LabelBot.Search.Retrieval;
using LabelBot.Storage.Postgres.Tests.TestSupport;
using LabelBot.Storage.Sqlite;
using Xunit.Abstractions;

namespace LabelBot.Storage.Postgres.Tests;

/// <summary>
/// The whole shared corpus in both stores with the same real MiniLM vectors: the SQLite database the Search tests
/// build and cache (<see cref="CorpusFixture"/>), and a throwaway PostgreSQL database filled from the same SPL files
/// with those vectors copied by passage id (passage ids are stable), so nothing is embedded twice.
/// Does nothing when PostgreSQL or the corpus is missing (the tests are then skipped).
/// </summary>
public sealed class RetrievalParityFixture : IAsyncLifetime
{
    private PostgresTestDatabase? _scratch;
    private PostgresDatabase? _database;

    public CorpusFixture Sqlite { get; } = new();

    public PostgresLabelStore Postgres { get; private set; } = null!;

    public TimeSpan PostgresSaveTime { get; private set; }

    public int PassageCount { get; private set; }

    public async Task InitializeAsync()
    {
        if (!PostgresTestDatabase.IsConfigured || TestLocations.FindSplFolder() is null)
        {
            return;
        }
        await Sqlite.InitializeAsync();
        var vectors = await VectorsByPassageIdAsync(Sqlite.Store);

        _scratch = await PostgresTestDatabase.CreateAsync("parity");
        _database = PostgresDatabase.Open(_scratch.ConnectionString);
        Postgres = await PostgresLabelStore.OpenAsync(_database);
        var labels = Directory.GetFiles(RealLabels.Folder, "*.xml").Order(StringComparer.Ordinal)
            .Select(SplParser.ParseFile)
            .Select(document => (Document: document, Passages: PassageChunker.Chunk(document)))
            .ToList();
        var stopwatch = Stopwatch.StartNew();
        foreach (var (document, passages) in labels)
        {
            var embeddings = passages.Select(p => vectors.TryGetValue(p.Id, out var v) ? v
                : throw new InvalidOperationException($"Passage {p.Id} is not in the cached SQLite corpus: it was built by another parser.")).ToList();
            await Postgres.SaveAsync(document, passages, embeddings);
        }
        PostgresSaveTime = stopwatch.Elapsed;
        PassageCount = labels.Sum(l => l.Passages.Count);
    }

    public async Task DisposeAsync()
    {
        await Sqlite.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        if (_scratch is not null)
        {
            await _scratch.DisposeAsync();
        }
    }

    private static async Task<Dictionary<string, float[]>> VectorsByPassageIdAsync(SqliteLabelStore store)
    {
        var byId = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var label in await store.ListLabelsAsync())
        {
            var loaded = await store.LoadCurrentVectorsAsync(label.SetId) ?? throw new InvalidOperationException($"{label.SetId} has no vectors.");
            for (var i = 0; i < loaded.Passages.Count; i++)
            {
                byId[loaded.Passages[i].Id] = loaded.Vectors.AsSpan(i * loaded.Dimensions, loaded.Dimensions).ToArray();
            }
        }
        return byId;
    }
}

/// <summary>The real hybrid retriever over PostgreSQL finds what it finds over SQLite (recall@5 on the developer questions).</summary>
[RequiresPostgres]
[RequiresSplCorpus]
public sealed class PostgresRetrievalParityTests(RetrievalParityFixture fixture, ITestOutputHelper output) : IClassFixture<RetrievalParityFixture>
{
    private static string DevSetPath => Path.Combine(AppContext.BaseDirectory, "Data", "retrieval-dev.jsonl");

    [StoreFact]
    public async Task Both_stores_hold_the_same_labels_and_passages()
    {
        var sqlite = await fixture.Sqlite.Store.ListLabelsAsync();
        var postgres = await fixture.Postgres.ListLabelsAsync();

        Assert.Equal(sqlite.Select(l => (l.SetId, l.Version, l.PassageCount, l.DisplayName)), postgres.Select(l => (l.SetId, l.Version, l.PassageCount, l.DisplayName)));
        foreach (var label in sqlite)
        {
            Assert.Equal(await fixture.Sqlite.Store.GetPassagesAsync(label.SetId), await fixture.Postgres.GetPassagesAsync(label.SetId));
        }
    }

    [StoreFact]
    public async Task Hybrid_recall_at_5_over_PostgreSQL_is_within_three_points_of_SQLite()
    {
        var questions = RetrievalDevSet.Load(DevSetPath);

        var sqlite = await MeasureAsync("sqlite", fixture.Sqlite.Store, fixture.Sqlite.Store, questions);
        var postgres = await MeasureAsync("postgres", fixture.Postgres, fixture.Postgres, questions);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PostgreSQL save of the corpus ({fixture.PassageCount} passages, real vectors copied): {fixture.PostgresSaveTime.TotalSeconds:F1} s"));
        Assert.Equal(questions.Count, sqlite.Questions);
        Assert.True(sqlite.RecallHybrid > 0.5, $"the SQLite baseline itself is broken (recall@5 {sqlite.RecallHybrid:P1})");
        Assert.True(postgres.RecallHybrid >= sqlite.RecallHybrid - 0.03,
            $"PostgreSQL hybrid recall@5 {postgres.RecallHybrid:P1} is more than 3 points below SQLite's {sqlite.RecallHybrid:P1}");
    }

    private sealed record Measured(int Questions, double RecallHybrid);

    private async Task<Measured> MeasureAsync<TStore>(string name, TStore store, ILabelStore labels, IReadOnlyList<DevQuestion> questions)
        where TStore : ILabelStore, IRetrievalIndex
    {
        var retriever = HybridRetriever.Create(store, MiniLmEmbedder.Shared);
        var resolver = new LabelProductResolver(labels);
        var hits = new Dictionary<RetrievalMode, int>();
        var hybridMs = new List<double>();
        var lexicalMs = new List<double>();
        foreach (var question in questions)
        {
            var matches = await resolver.ResolveAsync(question.Question);
            var setIds = matches.Count == 0 ? null : matches.Select(m => m.Label.SetId).Distinct(StringComparer.Ordinal).ToList();
            foreach (var mode in Enum.GetValues<RetrievalMode>())
            {
                var started = Stopwatch.GetTimestamp();
                var top = await retriever.SearchAsync(new SearchQuery(question.Question, setIds, RetrievalBenchmark.TopK, mode));
                if (mode == RetrievalMode.Hybrid)
                {
                    hybridMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                hits[mode] = hits.GetValueOrDefault(mode) + (RetrievalBenchmark.IsHit(question.Expect, top) ? 1 : 0);
            }
            var lexicalStarted = Stopwatch.GetTimestamp();
            await store.SearchLexicalAsync(QueryTerms.Extract(question.Question), null, 60);
            lexicalMs.Add(Stopwatch.GetElapsedTime(lexicalStarted).TotalMilliseconds);
        }

        var vectorLoad = Stopwatch.StartNew();
        foreach (var label in await labels.ListLabelsAsync())
        {
            await store.LoadCurrentVectorsAsync(label.SetId);
        }
        vectorLoad.Stop();

        var n = (double)questions.Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-8} recall@5 hybrid {hits[RetrievalMode.Hybrid] / n:P1}, lexical {hits[RetrievalMode.Lexical] / n:P1}, vector {hits[RetrievalMode.Vector] / n:P1}; " +
            $"hybrid search p50 {Median(hybridMs):F1} ms (first-use vector loads included), unrestricted lexical p50 {Median(lexicalMs):F1} ms max {lexicalMs.Max():F1} ms; " +
            $"load all labels' vectors {vectorLoad.Elapsed.TotalMilliseconds:F0} ms"));
        return new Measured(questions.Count, hits[RetrievalMode.Hybrid] / n);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
