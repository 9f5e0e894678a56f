using LabelBot.Storage.Postgres.Tests.TestSupport;
using LabelBot.Storage.Sqlite;

namespace LabelBot.Storage.Postgres.Tests;

/// <summary>The label store contract against the embedded SQLite store (a temp file per test).</summary>
public sealed class SqliteLabelStoreContractTests : LabelStoreContract<SqliteLabelStore>
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

/// <summary>
/// The label store contract against PostgreSQL (a throwaway database per test). Each store instance gets its own
/// <see cref="PostgresDatabase"/> and connection pool, as a separate host process would.
/// </summary>
[RequiresPostgres]
public sealed class PostgresLabelStoreContractTests : LabelStoreContract<PostgresLabelStore>
{
    private readonly List<PostgresDatabase> _databases = [];
    private PostgresTestDatabase? _scratch;

    protected override async Task CreateStorageAsync() => _scratch = await PostgresTestDatabase.CreateAsync("labelstore");

    protected override async Task<PostgresLabelStore> OpenStoreAsync()
    {
        var database = PostgresDatabase.Open(_scratch!.ConnectionString);
        _databases.Add(database);
        return await PostgresLabelStore.OpenAsync(database);
    }

    protected override async Task DeleteStorageAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
        if (_scratch is not null)
        {
            await _scratch.DisposeAsync();
        }
    }
}
