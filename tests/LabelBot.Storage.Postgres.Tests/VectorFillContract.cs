using LabelBot.Core.Retrieval;
using LabelBot.Core.Storage;
using LabelBot.Labels.Ingestion;
using LabelBot.Search.Embedding;
using LabelBot.Search.Retrieval;
using LabelBot.Storage.Postgres.Tests.TestSupport;
using LabelBot.Storage.Sqlite;

namespace LabelBot.Storage.Postgres.Tests;

/// <summary>
/// Vectors after passages, on both stores alike: a label ingested with `--embed later` is searched by full text at once
/// and by vectors once the fill has run; identical texts (another version, another label) reuse the stored vector.
/// </summary>
[RequiresSplCorpus]
public abstract class VectorFillContract<TStore> : IAsyncLifetime
    where TStore : class, ILabelHistoryStore, IRetrievalIndex, IPassageVectorStore, IAsyncDisposable
{
    private readonly TextSeededEmbedder _embedder = new();

    protected TStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await CreateStorageAsync();
        Store = await OpenStoreAsync();
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await DeleteStorageAsync();
    }

    protected abstract Task CreateStorageAsync();

    protected abstract Task<TStore> OpenStoreAsync();

    protected abstract Task DeleteStorageAsync();

    [StoreFact]
    public async Task A_label_ingested_without_vectors_is_found_by_full_text_and_by_vectors_once_filled()
    {
        var file = Path.Combine(RealLabels.Folder, RealLabels.Ciprofloxacin);
        var report = await new LabelIngestor(Store, _embedder) { EmbedLater = true }.IngestAsync([file]);
        var setId = Assert.Single(report.Files).Outcome.SetId;
        var retriever = new HybridRetriever(Store, Store, _embedder);

        Assert.Equal(0, _embedder.Texts);
        var before = Assert.Single(await Store.GetVectorCoverageAsync());
        Assert.Equal((setId, 0), (before.SetId, before.WithVectors));
        Assert.Equal(report.Passages, before.Passages);
        var lexical = await retriever.SearchAsync(new SearchQuery("tendon rupture", [setId]));
        Assert.Contains("tendon", lexical[0].Passage.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await retriever.SearchAsync(new SearchQuery("tendon rupture", [setId], Mode: RetrievalMode.Vector)));

        var fill = await new VectorFill(Store, _embedder).RunAsync();

        Assert.Equal(report.Passages, fill.Passages);
        Assert.True(Assert.Single(await Store.GetVectorCoverageAsync()).Complete);
        Assert.Empty(await Store.GetPassagesWithoutVectorsAsync(10));
        var byVector = await retriever.SearchAsync(new SearchQuery("tendon rupture", [setId], Mode: RetrievalMode.Vector));
        Assert.NotEmpty(byVector);
        // The stored vector is the one the embedder gives for the passage's embedding input.
        var passage = byVector[0].Passage;
        var vectors = await Store.LoadCurrentVectorsAsync(setId);
        var row = vectors!.Passages.ToList().FindIndex(p => p.Id == passage.Id);
        Assert.Equal(_embedder.Embed([PassageVectorizer.NormalizedInput(passage)])[0], vectors.Vectors.AsSpan(row * vectors.Dimensions, vectors.Dimensions).ToArray());
        Assert.Equal(0, (await new VectorFill(Store, _embedder).RunAsync()).Passages);
    }

    [StoreFact]
    public async Task Identical_texts_in_a_new_version_and_another_label_are_not_embedded_again()
    {
        var first = RealLabels.Load(RealLabels.Ibuprofen);
        var vectorizer = new PassageVectorizer(_embedder, Store);
        await Store.SaveAsync(first.Document, first.Passages, []);
        await Store.SaveVectorsAsync(await vectorizer.VectorsForAsync(first.Passages));
        var unique = first.Passages.Select(PassageVectorizer.NormalizedInput).Distinct(StringComparer.Ordinal).Count();
        Assert.Equal(unique, _embedder.Texts);

        var newer = RealLabels.Load(RealLabels.Ibuprofen, version: first.Document.Version + 1, marker: "zebrafinch");
        var copy = RealLabels.Load(RealLabels.Ibuprofen, setId: "0b0b0b0b-0000-4000-8000-000000000001");
        await Store.SaveAsync(newer.Document, newer.Passages, []);
        await Store.SaveAsync(copy.Document, copy.Passages, []);
        var fill = await new VectorFill(Store, _embedder).RunAsync();

        // Only the one passage the marker changed is new text.
        Assert.Equal(newer.Passages.Count + copy.Passages.Count, fill.Passages);
        Assert.Equal(1, fill.Embedded);
        Assert.Equal(unique + 1, _embedder.Texts);
        Assert.All(await Store.GetVectorCoverageAsync(), c => Assert.True(c.Complete, $"{c.SetId} v{c.Version}: {c.WithVectors}/{c.Passages}"));
    }

    /// <summary>A vector seeded by the text alone: the same text always gets the same vector. Counts texts embedded.</summary>
    private sealed class TextSeededEmbedder : ITextEmbedder
    {
        private int _texts;

        public int Texts => Volatile.Read(ref _texts);

        public int Dimensions => MiniLmEmbedder.VectorDimensions;

        public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts)
        {
            Interlocked.Add(ref _texts, texts.Count);
            return [.. texts.Select(t => RealLabels.DeterministicVector(t))];
        }
    }
}

public sealed class SqliteVectorFillTests : VectorFillContract<SqliteLabelStore>
{
    private TempDirectory? _temp;

    protected override Task CreateStorageAsync()
    {
        _temp = new TempDirectory();
        return Task.CompletedTask;
    }

    protected override Task<SqliteLabelStore> OpenStoreAsync() => Task.FromResult(SqliteLabelStore.Open(_temp!.File("labels.db")));

    protected override Task DeleteStorageAsync()
    {
        _temp?.Dispose();
        return Task.CompletedTask;
    }
}

[RequiresPostgres]
public sealed class PostgresVectorFillTests : VectorFillContract<PostgresLabelStore>
{
    private PostgresDatabase? _database;
    private PostgresTestDatabase? _scratch;

    protected override async Task CreateStorageAsync() => _scratch = await PostgresTestDatabase.CreateAsync("vectorfill");

    protected override async Task<PostgresLabelStore> OpenStoreAsync()
    {
        _database = PostgresDatabase.Open(_scratch!.ConnectionString);
        return await PostgresLabelStore.OpenAsync(_database);
    }

    protected override async Task DeleteStorageAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        if (_scratch is not null)
        {
            await _scratch.DisposeAsync();
        }
    }
}
