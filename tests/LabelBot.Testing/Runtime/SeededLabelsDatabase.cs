using System.Security.Cryptography;
using System.Text;
using LabelBot.Runtime;
using Microsoft.Data.Sqlite;

namespace LabelBot.Testing;

/// <summary>
/// A database holding every label of data/labels, as the bot host seeds it at first start. Embedding all passages takes
/// minutes on two cores, so the seeded file is cached in artifacts/test-cache under the same name and key as the Bot
/// tests' cache (tests/LabelBot.Bot.Tests/Infrastructure/SeededDatabaseCache.cs): the key hashes the labels and the
/// non-host LabelBot assemblies, so whichever test project runs first seeds and the others copy. A fresh clone seeds once.
/// </summary>
public static class SeededLabelsDatabase
{
    private static readonly Lazy<Task<string>> Cached = new(EnsureCachedAsync);

    private static string CacheFolder => Path.Combine(RepositoryPaths.ArtifactsFolder, "test-cache");

    /// <summary>A private copy of the seeded database (tests may write conversations into it); deleted on dispose.</summary>
    public static async Task<TempDatabase> CopyAsync(string purpose)
    {
        var cache = await Cached.Value;
        var copy = new TempDatabase(Path.Combine(RepositoryPaths.NewTempFolder(purpose), "labelbot.db"));
        File.Copy(cache, copy.Path);
        return copy;
    }

    private static async Task<string> EnsureCachedAsync()
    {
        var cachePath = Path.Combine(CacheFolder, $"bot-tests-{Key()}.db");
        if (File.Exists(cachePath))
        {
            return cachePath;
        }
        Directory.CreateDirectory(CacheFolder);
        // Seed beside the cache and rename at the end, so a concurrent run never copies a half-written file.
        var partial = Path.Combine(CacheFolder, $"seeding-{Guid.NewGuid():N}.db");
        try
        {
            await using (var runtime = await LabelBotRuntime.OpenAsync(new RuntimeOptions(partial)))
            {
                var report = await runtime.IngestAsync([RepositoryPaths.LabelsFolder]);
                if (report.Added == 0 || report.Rejected > 0)
                {
                    throw new InvalidOperationException($"seeding data/labels failed: {report.Added} added, {report.Rejected} rejected");
                }
            }
            FoldWriteAheadLog(partial);
            File.Move(partial, cachePath, overwrite: true);
        }
        finally
        {
            foreach (var leftover in new[] { partial, partial + "-wal", partial + "-shm" }.Where(File.Exists))
            {
                File.Delete(leftover);
            }
        }
        return cachePath;
    }

    /// <summary>Closes pooled connections and checkpoints, so the single .db file holds everything.</summary>
    private static void FoldWriteAheadLog(string databasePath)
    {
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False"))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
    }

    /// <summary>
    /// The Bot tests' cache key: every file of data/labels, then the LabelBot assemblies beside the test binaries except
    /// the host's (LabelBot.Bot*) and test assemblies, plus the embedder's. Same inputs give the same file name.
    /// </summary>
    private static string Key()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var labelFiles = Directory.GetFiles(RepositoryPaths.LabelsFolder).Order(StringComparer.Ordinal);
        var codeFiles = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(f => Path.GetFileName(f) is var name
                && ((name.StartsWith("LabelBot.", StringComparison.Ordinal)
                        && !name.StartsWith("LabelBot.Bot", StringComparison.Ordinal)
                        && !DoesNotIngest(name)
                        && !name.EndsWith(".Tests.dll", StringComparison.Ordinal))
                    || name.StartsWith("SentenceTransformers", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);
        foreach (var file in labelFiles.Concat(codeFiles))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    /// <summary>
    /// Assemblies the CLI carries that never take part in seeding (the load driver, the scale benchmark): left out of the
    /// key so the CLI's test projects keep sharing the Bot tests' cache (whose binaries do not have them).
    /// </summary>
    private static bool DoesNotIngest(string fileName) =>
        fileName is "LabelBot.Load.dll" or "LabelBot.Benchmarks.dll";
}

/// <summary>A database file in its own temp folder; the folder goes when the test is done.</summary>
public sealed class TempDatabase(string path) : IDisposable
{
    public string Path { get; } = path;

    public string Folder => System.IO.Path.GetDirectoryName(Path)!;

    public void Dispose()
    {
        // Pooled connections keep the file open; release them before deleting.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A process still holding the file (e.g. a CLI child being killed) must not fail the test; temp is cleaned later.
        }
    }
}
