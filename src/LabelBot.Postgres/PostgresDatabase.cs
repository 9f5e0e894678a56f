using System.Globalization;
using Npgsql;

namespace LabelBot.Postgres;

/// <summary>
/// One PostgreSQL database shared by every LabelBot store and every host process: a pooled data source plus
/// per-component schema migrations. Several hosts may start at once, so migrations run under a transaction-scoped
/// advisory lock and each component's version is recorded in <c>labelbot_schema</c>.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    // Arbitrary but fixed: every LabelBot process serialises its migrations on this advisory lock key.
    private const long MigrationLockKey = 0x4C6162656C426F74; // "LabelBot"

    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _migrationGate = new(1, 1);
    private readonly HashSet<string> _migrated = new(StringComparer.Ordinal);

    private PostgresDatabase(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Opens a pooled data source (no connection is made until first use).</summary>
    public static PostgresDatabase Open(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("A PostgreSQL connection string is required (e.g. LABELBOT_POSTGRES=\"Host=127.0.0.1;Username=labelbot;Database=labelbot\").", nameof(connectionString));
        }
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        return new PostgresDatabase(builder.Build());
    }

    /// <summary>The connection string with the password removed (safe to print).</summary>
    public string DisplayName
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString) { Password = null };
            return $"{builder.Host}:{builder.Port}/{builder.Database}";
        }
    }

    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        _dataSource.OpenConnectionAsync(cancellationToken);

    public NpgsqlDataSource DataSource => _dataSource;

    /// <summary>
    /// Brings <paramref name="component"/>'s tables up to <c>migrations.Count</c>: each migration (SQL, may hold several
    /// statements) runs once, in order, in one transaction with the version bump. A database written by a newer build
    /// is refused rather than damaged. Cheap after the first call per process.
    /// </summary>
    public async Task MigrateAsync(string component, IReadOnlyList<string> migrations, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        ArgumentNullException.ThrowIfNull(migrations);
        await _migrationGate.WaitAsync(cancellationToken);
        try
        {
            if (_migrated.Contains(component))
            {
                return;
            }
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey.ToString(CultureInfo.InvariantCulture)});", cancellationToken);
            await ExecuteAsync(connection, transaction,
                "CREATE TABLE IF NOT EXISTS labelbot_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL);", cancellationToken);

            await using var read = new NpgsqlCommand("SELECT version FROM labelbot_schema WHERE component = @c;", connection, transaction);
            read.Parameters.AddWithValue("c", component);
            var stored = await read.ExecuteScalarAsync(cancellationToken) is int v ? v : 0;
            if (stored > migrations.Count)
            {
                throw new InvalidOperationException(
                    $"The PostgreSQL schema of '{component}' is at version {stored}, newer than this build understands ({migrations.Count}). Use a newer LabelBot.");
            }
            for (var version = stored + 1; version <= migrations.Count; version++)
            {
                await ExecuteAsync(connection, transaction, migrations[version - 1], cancellationToken);
            }
            if (stored != migrations.Count)
            {
                await using var write = new NpgsqlCommand(
                    "INSERT INTO labelbot_schema (component, version) VALUES (@c, @v) ON CONFLICT (component) DO UPDATE SET version = EXCLUDED.version;",
                    connection, transaction);
                write.Parameters.AddWithValue("c", component);
                write.Parameters.AddWithValue("v", migrations.Count);
                await write.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            _migrated.Add(component);
        }
        finally
        {
            _migrationGate.Release();
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        _migrationGate.Dispose();
    }
}
