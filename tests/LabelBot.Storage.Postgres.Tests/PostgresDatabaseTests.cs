using Npgsql;

namespace LabelBot.Storage.Postgres.Tests;

public sealed class PostgresDatabaseTests
{
    [PostgresFact]
    public async Task MigrationsRunOnceInOrderEvenWhenTwoProcessesStartTogether()
    {
        await using var scratch = await PostgresTestDatabase.CreateAsync("migrate");
        string[] migrations =
        [
            "CREATE TABLE t (id INTEGER PRIMARY KEY);",
            "ALTER TABLE t ADD COLUMN name TEXT; INSERT INTO t (id, name) VALUES (1, 'one');",
        ];
        // Two PostgresDatabase instances stand for two hosts starting at the same moment.
        await using var first = PostgresDatabase.Open(scratch.ConnectionString);
        await using var second = PostgresDatabase.Open(scratch.ConnectionString);
        await Task.WhenAll(first.MigrateAsync("demo", migrations), second.MigrateAsync("demo", migrations));

        await using var connection = await first.OpenConnectionAsync();
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM t;", connection);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
        await using var version = new NpgsqlCommand("SELECT version FROM labelbot_schema WHERE component = 'demo';", connection);
        Assert.Equal(2, await version.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task ASchemaFromANewerBuildIsRefused()
    {
        await using var scratch = await PostgresTestDatabase.CreateAsync("newer");
        await using var database = PostgresDatabase.Open(scratch.ConnectionString);
        await database.MigrateAsync("demo", ["CREATE TABLE a (id INTEGER);", "CREATE TABLE b (id INTEGER);"]);

        await using var older = PostgresDatabase.Open(scratch.ConnectionString);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => older.MigrateAsync("demo", ["CREATE TABLE a (id INTEGER);"]));
        Assert.Contains("newer than this build", error.Message, StringComparison.Ordinal);
    }
}
