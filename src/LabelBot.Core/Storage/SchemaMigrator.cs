using System.Data.Common;
using System.Globalization;

namespace LabelBot.Core.Storage;

/// <summary>
/// One component's tables (the label store, the pharmacist queue, …) as ordered migrations: version n means the
/// first n have been applied. <paramref name="LegacyVersionTable"/> names the one-row table (column <c>version</c>) in
/// which builds before <see cref="SchemaMigrator.VersionTable"/> kept this component's version: it is read while the
/// component has no row, and dropped when the runner records the version.
/// </summary>
public sealed record SchemaComponent(string Name, IReadOnlyList<string> Migrations, string? LegacyVersionTable = null);

/// <summary>What differs per backend when migrating: how writers are kept out while a component migrates.</summary>
public abstract class SchemaBackend
{
    /// <summary>The backend's name in messages ("SQLite", "PostgreSQL").</summary>
    public abstract string Name { get; }

    /// <summary>
    /// A transaction no other migrator (in any process) can run beside: SQLite takes the file's write lock at BEGIN;
    /// PostgreSQL takes a transaction-scoped advisory lock, so hosts starting together migrate once.
    /// </summary>
    public abstract Task<DbTransaction> BeginExclusiveAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A query returning a non-zero count when the table named by parameter <c>@table</c> exists.</summary>
    public abstract string TableExistsSql { get; }
}

/// <summary>
/// THE migration runner of every LabelBot store on SQLite and PostgreSQL: each component's version is a row of
/// <see cref="VersionTable"/> (component, version); missing migrations run in order, in one transaction with the
/// version bump; a database written by a newer build is refused rather than damaged. Opening an up-to-date database
/// reads one row and takes no write lock (an ingest in another process may hold it for a long time).
/// </summary>
public static class SchemaMigrator
{
    public const string VersionTable = "labelbot_schema";

    public static async Task MigrateAsync(DbConnection connection, SchemaBackend backend, SchemaComponent component, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(component);
        var target = component.Migrations.Count;
        // A current file of an earlier build opens as it is (also read-only); its version moves over with the next migration.
        if (await ReadKnownVersionAsync(connection, backend, null, component, cancellationToken) == target)
        {
            return;
        }
        await using var transaction = await backend.BeginExclusiveAsync(connection, cancellationToken);
        await ExecuteAsync(connection, transaction,
            $"CREATE TABLE IF NOT EXISTS {VersionTable} (component TEXT PRIMARY KEY, version INTEGER NOT NULL);", cancellationToken);
        var stored = await ReadRowAsync(connection, transaction, component.Name, cancellationToken);
        var from = stored ?? await ReadLegacyVersionAsync(connection, backend, transaction, component, cancellationToken) ?? 0;
        if (from > target)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The {backend.Name} schema of '{component.Name}' is at version {from}, newer than this build understands ({target}). Use a newer LabelBot."));
        }
        for (var version = from + 1; version <= target; version++)
        {
            await ExecuteAsync(connection, transaction, component.Migrations[version - 1], cancellationToken);
        }
        if (stored != target)
        {
            await using var write = connection.CreateCommand();
            write.Transaction = transaction;
            write.CommandText = $"INSERT INTO {VersionTable} (component, version) VALUES (@c, @v) ON CONFLICT (component) DO UPDATE SET version = excluded.version;";
            AddParameter(write, "@c", component.Name);
            AddParameter(write, "@v", target);
            await write.ExecuteNonQueryAsync(cancellationToken);
            if (stored is null && component.LegacyVersionTable is { } legacy)
            {
                // One record of the version from now on; an earlier build opening the file is refused by its own runner.
                await ExecuteAsync(connection, transaction, $"DROP TABLE IF EXISTS {legacy};", cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The recorded version of <paramref name="component"/>, or null when it has none (or there is no version table).</summary>
    public static async Task<int?> ReadVersionAsync(DbConnection connection, SchemaBackend backend, string component, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(backend);
        return await HasVersionTableAsync(connection, backend, null, cancellationToken)
            ? await ReadRowAsync(connection, null, component, cancellationToken)
            : null;
    }

    /// <summary>Whether <paramref name="table"/> exists, by the backend's catalog.</summary>
    public static async Task<bool> TableExistsAsync(DbConnection connection, SchemaBackend backend, DbTransaction? transaction, string table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(backend);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = backend.TableExistsSql;
        AddParameter(command, "@table", table);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) != 0;
    }

    private static async Task<int?> ReadKnownVersionAsync(DbConnection connection, SchemaBackend backend, DbTransaction? transaction, SchemaComponent component, CancellationToken cancellationToken) =>
        (await HasVersionTableAsync(connection, backend, transaction, cancellationToken)
            ? await ReadRowAsync(connection, transaction, component.Name, cancellationToken)
            : null)
        ?? await ReadLegacyVersionAsync(connection, backend, transaction, component, cancellationToken);

    private static async Task<int?> ReadLegacyVersionAsync(DbConnection connection, SchemaBackend backend, DbTransaction? transaction, SchemaComponent component, CancellationToken cancellationToken)
    {
        if (component.LegacyVersionTable is not { } legacy || !await TableExistsAsync(connection, backend, transaction, legacy, cancellationToken))
        {
            return null;
        }
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = $"SELECT MAX(version) FROM {legacy};";
        return await read.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull
            ? Convert.ToInt32(value, CultureInfo.InvariantCulture)
            : null;
    }

    private static Task<bool> HasVersionTableAsync(DbConnection connection, SchemaBackend backend, DbTransaction? transaction, CancellationToken cancellationToken) =>
        TableExistsAsync(connection, backend, transaction, VersionTable, cancellationToken);

    private static async Task<int?> ReadRowAsync(DbConnection connection, DbTransaction? transaction, string component, CancellationToken cancellationToken)
    {
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = $"SELECT version FROM {VersionTable} WHERE component = @c;";
        AddParameter(read, "@c", component);
        return await read.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull
            ? Convert.ToInt32(value, CultureInfo.InvariantCulture)
            : null;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
