using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using LabelBot.Labels;
using LabelBot.Labels.Ingestion;
using LabelBot.Search.Embedding;
using LabelBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LabelBot.Testing;

/// <summary>
/// The whole shared SPL corpus ingested once per test run into a temp SQLite file (real parser, real MiniLM).
/// </summary>
/// <remarks>
/// Embedding ~2,700 passages takes minutes on two cores, so the finished database is cached in
/// <c>$LABELBOT_TEST_CACHE_DIR</c>, or by default <c>&lt;repo&gt;/artifacts/test-cache/</c>, under a name keyed by a
/// SHA-256 of the corpus files, the store schema version and the parser assembly's MVID (deterministic builds give
/// the same MVID for the same parser code). Each run copies the cached file to a private temp folder, so tests never
/// write to the cache. Delete the folder to force a rebuild.
/// </remarks>
public sealed class CorpusFixture : IAsyncLifetime
{
    public const string CacheDirectoryVariable = "LABELBOT_TEST_CACHE_DIR";

    private readonly TempDirectory _temp = new();

    public SqliteLabelStore Store { get; private set; } = null!;

    public string DatabasePath { get; private set; } = string.Empty;

    /// <summary>The real MiniLM, counted, for tests that check what gets embedded.</summary>
    public CountingEmbedder Embedder { get; } = new(MiniLmEmbedder.Shared);

    public bool LoadedFromCache { get; private set; }

    public TimeSpan BuildTime { get; private set; }

    public int LabelFileCount { get; private set; }

    public async Task InitializeAsync()
    {
        if (SharedCorpus.Folder is null)
        {
            return;
        }
        var files = Directory.GetFiles(SharedCorpus.Folder, "*.xml").Order(StringComparer.Ordinal).ToArray();
        LabelFileCount = files.Length;
        var cacheDirectory = CacheDirectory();
        var cached = Path.Combine(cacheDirectory, $"corpus-{CacheKey(files)}.db");
        DatabasePath = _temp.File("corpus.db");

        if (File.Exists(cached))
        {
            File.Copy(cached, DatabasePath);
            LoadedFromCache = true;
        }
        else
        {
            var stopwatch = Stopwatch.StartNew();
            using (var building = SqliteLabelStore.Open(DatabasePath))
            {
                var report = await new LabelIngestor(building, MiniLmEmbedder.Shared).IngestAsync(files);
                if (report.Rejected > 0)
                {
                    throw new InvalidOperationException("Corpus ingest rejected: " +
                        string.Join("; ", report.Files.Where(f => f.Reason is not null && f.Status == Core.Retrieval.IngestStatus.Rejected).Select(f => $"{f.Path}: {f.Reason}")));
                }
            }
            BuildTime = stopwatch.Elapsed;
            Checkpoint(DatabasePath);
            Publish(cacheDirectory, cached);
        }
        Store = SqliteLabelStore.Open(DatabasePath);
    }

    public Task DisposeAsync()
    {
        Store?.Dispose();
        _temp.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A private copy of the corpus database for a test that writes to it.</summary>
    public string CopyDatabase(string destination)
    {
        Checkpoint(DatabasePath);
        File.Copy(DatabasePath, destination, overwrite: true);
        return destination;
    }

    private static string CacheDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(CacheDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        var root = SharedCorpus.RepositoryRoot() ?? Path.GetTempPath();
        return Path.Combine(root, "artifacts", "test-cache");
    }

    private static string CacheKey(IEnumerable<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"schema={SqliteLabelStore.SchemaVersion};parser={typeof(SplParser).Assembly.ManifestModule.ModuleVersionId};chunker={PassageChunker.MaxPassageChars}/{PassageChunker.TargetPassageChars};embed-chars={LabelIngestor.MaxEmbeddingInputChars}\n"));
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    /// <summary>Folds the WAL into the main file so a plain file copy carries everything.</summary>
    private static void Checkpoint(string path)
    {
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }
    }

    private void Publish(string cacheDirectory, string cached)
    {
        try
        {
            Directory.CreateDirectory(cacheDirectory);
            // Older keys are stale (changed corpus, schema or parser): keep only the one being written.
            foreach (var stale in Directory.GetFiles(cacheDirectory, "corpus-*.db"))
            {
                File.Delete(stale);
            }
            var partial = cached + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.Copy(DatabasePath, partial);
            File.Move(partial, cached, overwrite: true);
        }
        catch (IOException)
        {
            // A cache is an optimisation: a read-only or busy folder only means the next run rebuilds.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
