using LabelBot.Core.Storage;
using Npgsql;

namespace LabelBot.Storage.Postgres;

/// <summary>
/// One PostgreSQL database shared by every LabelBot store and every host process: a pooled data source plus
/// per-component schema migrations through <see cref="SchemaMigrator"/> (the runner the SQLite stores use too). Several
/// hosts may start at once, so migrations run under a transaction-scoped advisory lock and each component's version is
/// recorded in <c>labelbot_schema</c>.
/// </summary>
public sealed class PostgresDatabase : IBotTableSource, IAsyncDisposable
{
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

    /// <summary>The host's tables of <paramref name="set"/> (DDL: <see cref="PostgresBotSchema"/>), migrated before first use.</summary>
    public BotTables Tables(BotTableSet set) => new PostgresBotTables(this, set.Component(), PostgresBotSchema.Schema.Migrations(set));

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
    /// Brings <paramref name="component"/>'s tables up to <c>migrations.Count</c> (see <see cref="SchemaMigrator"/>).
    /// Cheap after the first call per process.
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
            await SchemaMigrator.MigrateAsync(connection, PostgresSchemaBackend.Instance, new SchemaComponent(component, migrations), cancellationToken);
            _migrated.Add(component);
        }
        finally
        {
            _migrationGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        _migrationGate.Dispose();
    }
}
