using LabelBot.Core.Retrieval;
using LabelBot.Search.Tests.TestSupport;
using LabelBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LabelBot.Storage.Sqlite.Tests;

/// <summary>The history side of the store: older versions by number, and withdrawn labels (kept, dated, restorable).</summary>
public sealed class SqliteLabelHistoryTests : IDisposable
{
    private const string SetA = "aaaaaaaa-1111-2222-3333-444444444444";
    private const string SetB = "bbbbbbbb-1111-2222-3333-444444444444";

    private readonly TempDirectory _temp = new();
    private readonly SqliteLabelStore _store;

    public SqliteLabelHistoryTests() => _store = SqliteLabelStore.Open(_temp.File("labels.db"));

    public void Dispose()
    {
        _store.Dispose();
        _temp.Dispose();
    }

    private async Task SaveAsync(string setId, int version)
    {
        var label = HandMadeLabels.Make(setId, version);
        await _store.SaveAsync(label.Document, label.Passages, label.Embeddings);
    }

    [Fact]
    public async Task Every_version_and_its_passages_can_be_read_after_being_superseded()
    {
        await SaveAsync(SetA, 1);
        await SaveAsync(SetA, 2);

        var versions = await _store.ListVersionsAsync(SetA);
        var old = await _store.GetPassagesAsync(SetA, 1);
        var current = await _store.GetPassagesAsync(SetA, 2);

        Assert.Equal([(2, true), (1, false)], versions.Select(v => (v.Version, v.IsCurrent)));
        Assert.NotEmpty(old);
        Assert.All(old, p => Assert.Equal(1, p.Version));
        Assert.Equal(old.OrderBy(p => p.Ordinal).Select(p => p.Id), old.Select(p => p.Id));
        Assert.All(current, p => Assert.Equal(2, p.Version));
        Assert.Empty(await _store.GetPassagesAsync(SetA, 3));
        Assert.Empty(await _store.ListVersionsAsync(SetB));
    }

    [Fact]
    public async Task A_withdrawn_label_is_kept_with_its_date_and_can_be_restored()
    {
        await SaveAsync(SetA, 1);
        await SaveAsync(SetB, 1);
        var generation = await _store.GetGenerationAsync();

        Assert.True(await _store.MarkWithdrawnAsync(SetA, new DateOnly(2026, 2, 2)));
        var listed = (await _store.ListLabelsAsync()).ToDictionary(l => l.SetId);

        Assert.Equal(new DateOnly(2026, 2, 2), listed[SetA].WithdrawnOn);
        Assert.True(listed[SetA].IsWithdrawn);
        Assert.True(listed[SetA].IsCurrent);
        Assert.Null(listed[SetB].WithdrawnOn);
        Assert.NotEmpty(await _store.GetPassagesAsync(SetA));
        Assert.True(await _store.GetGenerationAsync() > generation); // retrieval caches see the change

        Assert.True(await _store.ClearWithdrawnAsync(SetA));
        Assert.Null((await _store.ListVersionsAsync(SetA)).Single().WithdrawnOn);
        Assert.False(await _store.MarkWithdrawnAsync("cccccccc-1111-2222-3333-444444444444", new DateOnly(2026, 2, 2)));
    }

    [Fact]
    public async Task A_newer_version_of_a_withdrawn_label_is_not_withdrawn()
    {
        await SaveAsync(SetA, 1);
        await _store.MarkWithdrawnAsync(SetA, new DateOnly(2026, 2, 2));

        await SaveAsync(SetA, 2);

        var versions = await _store.ListVersionsAsync(SetA);
        Assert.Null(versions[0].WithdrawnOn);
        Assert.Equal(new DateOnly(2026, 2, 2), versions[1].WithdrawnOn);
    }

    [Fact]
    public async Task A_database_with_the_first_schema_and_the_earlier_version_table_is_migrated_in_place()
    {
        var path = _temp.File("v1.db");
        using (SqliteLabelStore.Open(path))
        {
        }
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            // Turn the file back into a schema-1 database as builds before labelbot_schema wrote it: no withdrawn_on column,
            // no text_vectors table, no source columns, the version in the one-row table schema_version.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE labels DROP COLUMN withdrawn_on; DROP TABLE text_vectors; ALTER TABLE labels DROP COLUMN source; " +
                                  "ALTER TABLE labels DROP COLUMN missing_sections; DROP TABLE labelbot_schema; " +
                                  "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version (version) VALUES (1);";
            command.ExecuteNonQuery();
        }

        using var migrated = SqliteLabelStore.Open(path);
        Assert.Equal(SqliteLabelStore.SchemaVersion, StoredLabelSchemaVersion(path));
        Assert.False(HasTable(path, "schema_version"));
        var label = HandMadeLabels.Make(SetA, 1);
        await migrated.SaveAsync(label.Document, label.Passages, label.Embeddings);
        await migrated.MarkWithdrawnAsync(SetA, new DateOnly(2026, 2, 2));
        await migrated.SaveVectorsAsync([new PassageVector(label.Passages[0].Id, "hash-1", label.Embeddings[0])]);

        Assert.Equal(new DateOnly(2026, 2, 2), Assert.Single(await migrated.ListLabelsAsync()).WithdrawnOn);
        Assert.Equal(label.Embeddings[0], (await migrated.FindTextVectorsAsync(["hash-1"]))["hash-1"]);
    }

    [Fact]
    public async Task A_schema_2_database_gains_the_source_columns_and_its_labels_read_as_complete_spl()
    {
        var path = _temp.File("v2.db");
        using (var store = SqliteLabelStore.Open(path))
        {
            var label = HandMadeLabels.Make(SetA, 1);
            await store.SaveAsync(label.Document, label.Passages, label.Embeddings);
        }
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE labels DROP COLUMN source; ALTER TABLE labels DROP COLUMN missing_sections; DROP TABLE text_vectors; " +
                                  "UPDATE labelbot_schema SET version = 2 WHERE component = 'labels';";
            command.ExecuteNonQuery();
        }

        using var migrated = SqliteLabelStore.Open(path);

        var listed = Assert.Single(await migrated.ListLabelsAsync());
        Assert.Equal(Core.Labels.LabelSource.Spl, listed.Source);
        Assert.False(listed.IsPartial);
    }

    [Fact]
    public async Task A_current_database_of_the_earlier_runner_opens_as_it_is_without_running_a_migration_again()
    {
        var path = _temp.File("earlier-runner.db");
        var label = HandMadeLabels.Make(SetA, 1);
        using (var store = SqliteLabelStore.Open(path))
        {
            await store.SaveAsync(label.Document, label.Passages, label.Embeddings);
        }
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            // The file as the previous build left it at the current schema: the version only in schema_version.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE labelbot_schema; CREATE TABLE schema_version (version INTEGER NOT NULL); " +
                                  $"INSERT INTO schema_version (version) VALUES ({SqliteLabelStore.SchemaVersion});";
            command.ExecuteNonQuery();
        }

        // Migration 1 creates tables without IF NOT EXISTS: running it again would throw here. Opening a current file
        // writes nothing (it may be read-only), so the earlier version table stays until a migration is due.
        using (var reopened = SqliteLabelStore.Open(path))
        {
            Assert.Equal(SetA, Assert.Single(await reopened.ListLabelsAsync()).SetId);
        }
        Assert.True(HasTable(path, "schema_version"));
        Assert.False(HasTable(path, "labelbot_schema"));
    }

    private static long StoredLabelSchemaVersion(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM labelbot_schema WHERE component = 'labels';";
        return (long)command.ExecuteScalar()!;
    }

    private static bool HasTable(string path, string table)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name;";
        command.Parameters.AddWithValue("$name", table);
        return (long)command.ExecuteScalar()! == 1;
    }
}
