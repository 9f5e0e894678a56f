using System.Data.Common;
using System.Globalization;
using LabelBot.Core.Storage;

namespace LabelBot.Storage.Postgres;

/// <summary>PostgreSQL for <see cref="SchemaMigrator"/>: migrations run under one advisory lock, so several hosts starting at once migrate once.</summary>
public sealed class PostgresSchemaBackend : SchemaBackend
{
    // Arbitrary but fixed: every LabelBot process serialises its migrations on this advisory lock key.
    private const long MigrationLockKey = 0x4C6162656C426F74; // "LabelBot"

    public static PostgresSchemaBackend Instance { get; } = new();

    public override string Name => "PostgreSQL";

    public override string TableExistsSql =>
        "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = @table;";

    public override async Task<DbTransaction> BeginExclusiveAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // Held until the transaction ends: the second host waits, then finds the version already written.
            command.CommandText = $"SELECT pg_advisory_xact_lock({MigrationLockKey.ToString(CultureInfo.InvariantCulture)});";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }
}
