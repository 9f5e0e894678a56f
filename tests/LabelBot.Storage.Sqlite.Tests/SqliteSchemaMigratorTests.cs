using LabelBot.Core.Storage;
using LabelBot.Search.Tests.TestSupport;
using LabelBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LabelBot.Storage.Sqlite.Tests;

/// <summary>The one migration runner (<see cref="SchemaMigrator"/>) on SQLite; the PostgreSQL side is in LabelBot.Storage.Postgres.Tests.</summary>
public sealed class SqliteSchemaMigratorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task Migrations_run_once_in_order_when_two_processes_open_one_file_together()
    {
        var path = _temp.File("race.db");
        // Not idempotent: a second run of either migration would throw or add a second row.
        var component = new SchemaComponent("demo",
        [
            "CREATE TABLE t (id INTEGER PRIMARY KEY);",
            "ALTER TABLE t ADD COLUMN name TEXT; INSERT INTO t (id, name) VALUES (1, 'one');",
        ]);
        await using var first = Open(path);
        await using var second = Open(path);

        await Task.WhenAll(
            Task.Run(() => SchemaMigrator.MigrateAsync(first, SqliteSchemaBackend.Instance, component)),
            Task.Run(() => SchemaMigrator.MigrateAsync(second, SqliteSchemaBackend.Instance, component)));

        await using var count = first.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM t;";
        Assert.Equal(1L, await count.ExecuteScalarAsync());
        Assert.Equal(2, await SchemaMigrator.ReadVersionAsync(first, SqliteSchemaBackend.Instance, "demo"));
    }

    [Fact]
    public async Task A_new_migration_runs_alone_on_a_file_at_the_previous_version_and_components_are_versioned_apart()
    {
        var path = _temp.File("grow.db");
        await using var connection = Open(path);
        await SchemaMigrator.MigrateAsync(connection, SqliteSchemaBackend.Instance, new SchemaComponent("a", ["CREATE TABLE a (id INTEGER);"]));
        await SchemaMigrator.MigrateAsync(connection, SqliteSchemaBackend.Instance, new SchemaComponent("b", ["CREATE TABLE b (id INTEGER);"]));

        await SchemaMigrator.MigrateAsync(connection, SqliteSchemaBackend.Instance,
            new SchemaComponent("a", ["CREATE TABLE a (id INTEGER);", "ALTER TABLE a ADD COLUMN name TEXT;"]));

        Assert.Equal(2, await SchemaMigrator.ReadVersionAsync(connection, SqliteSchemaBackend.Instance, "a"));
        Assert.Equal(1, await SchemaMigrator.ReadVersionAsync(connection, SqliteSchemaBackend.Instance, "b"));
        Assert.Null(await SchemaMigrator.ReadVersionAsync(connection, SqliteSchemaBackend.Instance, "c"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SchemaMigrator.MigrateAsync(connection, SqliteSchemaBackend.Instance, new SchemaComponent("a", ["CREATE TABLE a (id INTEGER);"])));
        Assert.Contains("newer than this build", error.Message, StringComparison.Ordinal);
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30 }.ToString());
        connection.Open();
        return connection;
    }
}
