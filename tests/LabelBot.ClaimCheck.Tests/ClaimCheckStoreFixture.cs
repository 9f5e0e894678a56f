using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using LabelBot.ClaimCheck;
using LabelBot.Core.Tests.Support;
using LabelBot.Labels;
using LabelBot.Labels.Ingestion;
using LabelBot.Search.Embedding;
using LabelBot.Search.Products;
using LabelBot.Search.Retrieval;
using LabelBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LabelBot.ClaimCheck.Tests;

/// <summary>
/// A real SQLite store holding only the labels the claim data sets are about (plus ibuprofen, which the naproxen texts
/// name), ingested with the real parser and MiniLM, with the real retriever and product resolver.
/// </summary>
/// <remarks>
/// Embedding takes a while on two cores, so the built database is cached under <c>$LABELBOT_TEST_CACHE_DIR</c> (default
/// <c>&lt;repo&gt;/artifacts/test-cache/</c>) as <c>claimcheck-KEY.db</c>; the key covers the label bytes, the store schema
/// and the parser build. Tests work on a private copy.
/// </remarks>
public sealed class ClaimCheckStoreFixture : IAsyncLifetime
{
    public static readonly IReadOnlyList<string> LabelFiles =
    [
        "ciprofloxacin-hydrochloride-cc768d3e.xml",
        "atorvastatin-calcium-c6e131fe.xml",
        "atorvastatin-calcium-trihydrate-17a163ef.xml",
        "atorvastatin-calcium-301ef8f1.xml",
        "sildenafil-citrate-0b0be196.xml",
        "naloxone-hcl-ebf0f833.xml",
        "carvedilol-2be8635b.xml",
        "naproxen-570974d4.xml",
        "ibuprofen-1a02fa34.xml",
    ];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "labelbot-claimcheck-" + Guid.NewGuid().ToString("N"));

    public SqliteLabelStore Store { get; private set; } = null!;

    public HybridRetriever Retriever { get; private set; } = null!;

    public LabelProductResolver Resolver { get; private set; } = null!;

    /// <summary>How the store was obtained, for test output: "built in 95.2 s" or "from cache".</summary>
    public string Provenance { get; private set; } = string.Empty;

    public ClaimChecker CreateChecker(IClaimVerdictModel? model = null) =>
        new(Resolver, Retriever, MiniLmEmbedder.Shared, model);

    public async Task InitializeAsync()
    {
        if (SharedData.SplFolder is null)
        {
            return;
        }
        Directory.CreateDirectory(_folder);
        var files = LabelFiles.Select(f => Path.Combine(SharedData.SplFolder, f)).ToList();
        var database = Path.Combine(_folder, "claims.db");
        var cached = Path.Combine(CacheDirectory(), $"claimcheck-{CacheKey(files)}.db");
        if (File.Exists(cached))
        {
            File.Copy(cached, database);
            Provenance = "from cache";
        }
        else
        {
            var stopwatch = Stopwatch.StartNew();
            using (var building = SqliteLabelStore.Open(database))
            {
                var report = await new LabelIngestor(building, MiniLmEmbedder.Shared).IngestAsync(files);
                if (report.Added != files.Count)
                {
                    throw new InvalidOperationException($"expected {files.Count} labels ingested, got {report.Added} (rejected {report.Rejected})");
                }
            }
            Provenance = $"built in {stopwatch.Elapsed.TotalSeconds:0.0} s";
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
        var configured = Environment.GetEnvironmentVariable("LABELBOT_TEST_CACHE_DIR");
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

    /// <summary>Changes whenever a label file, the store schema, the parser build or the chunking limits change.</summary>
    private static string CacheKey(IEnumerable<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(
            $"schema={SqliteLabelStore.SchemaVersion};parser={typeof(SplParser).Assembly.ManifestModule.ModuleVersionId};" +
            $"chunks={PassageChunker.MaxPassageChars}/{PassageChunker.TargetPassageChars};embedding={LabelIngestor.MaxEmbeddingInputChars}\n"));
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    // The cache must be one self-contained file: fold the write-ahead log into it before copying.
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
            var partial = $"{cached}.{Guid.NewGuid():N}.tmp";
            File.Copy(database, partial);
            File.Move(partial, cached, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The cache only saves time; a busy or read-only folder means the next run rebuilds.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClaimCheckStoreCollection : ICollectionFixture<ClaimCheckStoreFixture>
{
    public const string Name = "claim check over a real label store";
}
