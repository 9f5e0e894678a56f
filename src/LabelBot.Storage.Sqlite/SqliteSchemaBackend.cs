using System.Data.Common;
using LabelBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LabelBot.Storage.Sqlite;

/// <summary>SQLite for <see cref="SchemaMigrator"/>: BEGIN IMMEDIATE takes the file's single write lock, so a second process waits and then finds the work done.</summary>
public sealed class SqliteSchemaBackend : SchemaBackend
{
    public static SqliteSchemaBackend Instance { get; } = new();

    public override string Name => "SQLite";

    public override string TableExistsSql => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @table;";

    public override Task<DbTransaction> BeginExclusiveAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    /// <summary>
    /// Runs <see cref="SchemaMigrator.MigrateAsync"/> from synchronous code: Microsoft.Data.Sqlite completes its async
    /// methods synchronously, so this blocks no thread pool thread on I/O that could deadlock.
    /// </summary>
    public static void Migrate(SqliteConnection connection, SchemaComponent component) =>
        SchemaMigrator.MigrateAsync(connection, Instance, component).GetAwaiter().GetResult();
}
