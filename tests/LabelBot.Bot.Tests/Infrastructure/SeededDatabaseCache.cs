using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace LabelBot.Bot.Tests.Infrastructure;

/// <summary>
/// Seeding data/labels (embedding every passage) takes minutes; local re-runs reuse a database seeded by an earlier run
/// when neither the labels nor the ingest/store code changed (key = hash of both). A fresh clone (CI) always seeds.
/// </summary>
internal static class SeededDatabaseCache
{
    private static readonly string CacheFolder = Path.Combine(RepoPaths.ArtifactsFolder, "test-cache");

    public static string CachePath { get; } = Path.Combine(CacheFolder, $"bot-tests-{Key()}.db");

    /// <summary>Copies the cached database to <paramref name="databasePath"/>; false when there is none yet.</summary>
    public static bool TryRestore(string databasePath)
    {
        if (!File.Exists(CachePath))
        {
            return false;
        }
        File.Copy(CachePath, databasePath, overwrite: true);
        return true;
    }

    /// <summary>Stores a seeded database (after its host stopped), folding the WAL into the main file first.</summary>
    public static void Save(string databasePath)
    {
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False"))
        {
            connection.Open();
            // The cache holds labels only: conversations, cases and feedback written by the seeding run are not reused.
            var hostTables = new List<string>();
            using (var list = connection.CreateCommand())
            {
                list.CommandText = @"SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'bot\_%' ESCAPE '\'";
                using var reader = list.ExecuteReader();
                while (reader.Read())
                {
                    hostTables.Add(reader.GetString(0));
                }
            }
            foreach (var table in hostTables)
            {
                using var drop = connection.CreateCommand();
                drop.CommandText = $"DROP TABLE \"{table}\"";
                drop.ExecuteNonQuery();
            }
            if (hostTables.Count > 0)
            {
                using var versions = connection.CreateCommand();
                // Their schema versions go with them, so the next host creates the tables again.
                versions.CommandText = $@"DELETE FROM {Core.Storage.SchemaMigrator.VersionTable} WHERE component LIKE 'bot\_%' ESCAPE '\'";
                versions.ExecuteNonQuery();
            }
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }
        Directory.CreateDirectory(CacheFolder);
        var partial = CachePath + ".partial";
        File.Copy(databasePath, partial, overwrite: true);
        File.Move(partial, CachePath, overwrite: true);
        // Databases seeded by older code or labels are never used again.
        foreach (var stale in Directory.GetFiles(CacheFolder, "bot-tests-*.db").Where(f => f != CachePath))
        {
            File.Delete(stale);
        }
    }

    private static string Key()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var labelFiles = Directory.GetFiles(RepoPaths.LabelsFolder).Order(StringComparer.Ordinal);
        // Everything that decides what ingest writes: the labels and the non-host LabelBot assemblies (+ the embedder).
        var codeFiles = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(f => Path.GetFileName(f) is var name
                && ((name.StartsWith("LabelBot.", StringComparison.Ordinal) && !name.StartsWith("LabelBot.Bot", StringComparison.Ordinal))
                    || name.StartsWith("SentenceTransformers", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);
        foreach (var file in labelFiles.Concat(codeFiles))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
