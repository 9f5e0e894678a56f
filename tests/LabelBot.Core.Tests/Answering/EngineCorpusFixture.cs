using System.Security.Cryptography;
using System.Text;
using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Conversation;
using LabelBot.Core.Tests.Support;
using LabelBot.Labels;
using LabelBot.Labels.Ingestion;
using LabelBot.Search.Embedding;
using LabelBot.Search.Products;
using LabelBot.Search.Retrieval;
using LabelBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LabelBot.Core.Tests.Answering;

/// <summary>
/// The shared SPL corpus ingested with the real parser and MiniLM into SQLite, with the real retriever and product
/// resolver, for end-to-end tests of <see cref="AnswerEngine"/>.
/// </summary>
/// <remarks>
/// Embedding the corpus takes minutes on two cores, so the database is cached under <c>$LABELBOT_TEST_CACHE_DIR</c>
/// (default <c>&lt;repo&gt;/artifacts/test-cache/</c>) as <c>corpus-KEY.db</c>, with the same key recipe as
/// LabelBot.Search.Tests (corpus bytes, store schema, parser build, chunking and embedding limits), so whichever test
/// project runs first builds it and the other reuses it. Tests work on a private copy.
/// </remarks>
public sealed class EngineCorpusFixture : IAsyncLifetime
{
    private const string CacheDirectoryVariable = "LABELBOT_TEST_CACHE_DIR";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "labelbot-core-tests-" + Guid.NewGuid().ToString("N"));

    public SqliteLabelStore Store { get; private set; } = null!;

    public HybridRetriever Retriever { get; private set; } = null!;

    public LabelProductResolver Resolver { get; private set; } = null!;

    public AnswerEngine CreateEngine(AnswerAudience audience = AnswerAudience.Public) =>
        new(Store, Retriever, Resolver, new AnsweringOptions { Audience = audience }, new InMemoryConversationContextStore());

    public async Task InitializeAsync()
    {
        if (SharedData.SplFolder is null)
        {
            return;
        }
        Directory.CreateDirectory(_folder);
        var files = Directory.GetFiles(SharedData.SplFolder, "*.xml").Order(StringComparer.Ordinal).ToArray();
        var cacheDirectory = CacheDirectory();
        var cached = Path.Combine(cacheDirectory, $"corpus-{CacheKey(files)}.db");
        var database = Path.Combine(_folder, "corpus.db");
        if (File.Exists(cached))
        {
            File.Copy(cached, database);
        }
        else
        {
            using (var building = SqliteLabelStore.Open(database))
            {
                await new LabelIngestor(building, MiniLmEmbedder.Shared).IngestAsync(files);
            }
            Checkpoint(database);
            TryPublish(database, cached);
        }
        Store = SqliteLabelStore.Open(database);
        Retriever = HybridRetriever.Create(Store, MiniLmEmbedder.Shared);
        Resolver = new LabelProductResolver(Store);
    }

    public Task DisposeAsync()
    {
        Store?.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
        return Task.CompletedTask;
    }

    private static string CacheDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(CacheDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LabelBot.sln")))
            {
                return Path.Combine(dir.FullName, "artifacts", "test-cache");
            }
        }
        return Path.Combine(Path.GetTempPath(), "labelbot-test-cache");
    }

    private static string CacheKey(IEnumerable<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(
            $"schema={SqliteLabelStore.SchemaVersion};parser={typeof(SplParser).Assembly.ManifestModule.ModuleVersionId};" +
            $"chunker={PassageChunker.MaxPassageChars}/{PassageChunker.TargetPassageChars};embed-chars={LabelIngestor.MaxEmbeddingInputChars}\n"));
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static void Checkpoint(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        command.ExecuteNonQuery();
    }

    private static void TryPublish(string database, string cached)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
            var partial = cached + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.Copy(database, partial);
            File.Move(partial, cached, overwrite: true);
        }
        catch (IOException)
        {
            // The cache only saves time; a busy or read-only folder means the next run rebuilds.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EngineCorpusCollection : ICollectionFixture<EngineCorpusFixture>
{
    public const string Name = "engine over the ingested corpus";
}
