using System.Globalization;
using System.Text.RegularExpressions;
using LabelBot.Search.Embedding;
using LabelBot.Storage.Postgres;
using Npgsql;

namespace LabelBot.Benchmarks;

/// <summary>The backend cannot be benchmarked here (server unreachable, or the role may not create databases).</summary>
public sealed class ScaleBackendUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One PostgreSQL database per multiple (<c>{prefix}_10x</c> …) on the server of the given connection string, created
/// on first use and kept between runs. The role needs CREATEDB, or an administrator creates the databases beforehand
/// (they are used when they exist).
/// </summary>
public sealed partial class PostgresScaleBackend : IScaleBackend
{
    private readonly string _serverConnectionString;
    private readonly string _prefix;
    private readonly int _dimensions;

    public PostgresScaleBackend(string serverConnectionString, string prefix = "labelbot_bench", int dimensions = MiniLmEmbedder.VectorDimensions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serverConnectionString);
        if (!SafeName().IsMatch(prefix ?? string.Empty))
        {
            throw new ArgumentException("The database prefix must be lowercase letters, digits and underscores, starting with a letter.", nameof(prefix));
        }
        _serverConnectionString = serverConnectionString;
        _prefix = prefix!;
        _dimensions = dimensions;
    }

    public string Name => "PostgreSQL";

    public string Key => "postgres";

    public string DatabaseOf(int multiple) => string.Create(CultureInfo.InvariantCulture, $"{_prefix}_{multiple}x");

    public string ConnectionStringOf(int multiple) =>
        new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = DatabaseOf(multiple) }.ConnectionString;

    public async Task<ScaleStore> OpenAsync(int multiple, CancellationToken cancellationToken = default)
    {
        await EnsureDatabaseAsync(DatabaseOf(multiple), cancellationToken);
        var database = PostgresDatabase.Open(ConnectionStringOf(multiple));
        try
        {
            var store = await PostgresLabelStore.OpenAsync(database, _dimensions, cancellationToken);
            return new ScaleStore(store, store, store.DisplayName, ct => DatabaseSizeAsync(database, ct), async () =>
            {
                await store.DisposeAsync();
                await database.DisposeAsync();
            });
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public async Task ResetAsync(int multiple, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenServerAsync(cancellationToken);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseOf(multiple)}\" WITH (FORCE);", connection);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task EnsureDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenServerAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name;", connection))
        {
            exists.Parameters.AddWithValue("name", name);
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return;
            }
        }
        try
        {
            // The name is built from a checked prefix and a number: safe to splice (identifiers cannot be parameters).
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\";", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new ScaleBackendUnavailableException(
                $"the role may not create databases; have an administrator run CREATE DATABASE \"{name}\" OWNER <role> (and the other multiples), or grant CREATEDB", ex);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // created meanwhile by another run: fine
        }
    }

    private async Task<NpgsqlConnection> OpenServerAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_serverConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            await connection.DisposeAsync();
            var builder = new NpgsqlConnectionStringBuilder(_serverConnectionString);
            throw new ScaleBackendUnavailableException($"cannot connect to PostgreSQL at {builder.Host}:{builder.Port}/{builder.Database}: {ex.Message}", ex);
        }
    }

    private static async Task<long> DatabaseSizeAsync(PostgresDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var size = new NpgsqlCommand("SELECT pg_database_size(current_database());", connection);
        return (long)(await size.ExecuteScalarAsync(cancellationToken) ?? 0L);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,40}$")]
    private static partial Regex SafeName();
}
