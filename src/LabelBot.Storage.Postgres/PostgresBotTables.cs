using System.Data;
using System.Data.Common;
using LabelBot.Core.Storage;
using Npgsql;

namespace LabelBot.Storage.Postgres;

/// <summary>
/// A store's tables in the shared PostgreSQL database: its migrations are applied (under the database's advisory lock,
/// so several hosts may start at once) before the first connection this store hands out, then never again.
/// </summary>
internal sealed class PostgresBotTables(PostgresDatabase database, string component, IReadOnlyList<string> migrations) : BotTables
{
    private volatile bool _migrated;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await OpenNpgsqlAsync(cancellationToken);

    public async Task<NpgsqlConnection> OpenNpgsqlAsync(CancellationToken cancellationToken)
    {
        if (!_migrated)
        {
            await database.MigrateAsync(component, migrations, cancellationToken);
            _migrated = true;
        }
        return await database.OpenConnectionAsync(cancellationToken);
    }

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    public override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using var readOnly = connection.Command("SET TRANSACTION READ ONLY", transaction);
        await readOnly.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    public override async Task LockKeyAsync(DbConnection connection, DbTransaction transaction, int space, string key, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT pg_advisory_xact_lock(@space, hashtext(@key))", transaction).With("space", space).With("key", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Npgsql writes TIMESTAMPTZ only from a zero offset: every time is normalised to UTC first.
    public override object Time(DateTimeOffset value) => value.ToUniversalTime();

    public override object Flag(bool value) => value;

    public override object TextList(IReadOnlyList<string> values) => values.ToArray();
}
