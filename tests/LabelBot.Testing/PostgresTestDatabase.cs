using Npgsql;

namespace LabelBot.Testing;

/// <summary>
/// A throwaway PostgreSQL database for one test fixture, created inside the server named by LABELBOT_TEST_POSTGRES
/// (CI starts one with .ci/postgres.sh) and dropped on dispose. Linked as source into the test projects that need it.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "LABELBOT_TEST_POSTGRES";

    public const string MissingMessage =
        "PostgreSQL tests need LABELBOT_TEST_POSTGRES (a connection string to a server where databases may be created); " +
        "start one with `source .ci/postgres.sh && start_postgres` as root.";

    private readonly string _adminConnectionString;

    private PostgresTestDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The server's connection string, or null when PostgreSQL tests are not configured.</summary>
    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : null;

    public static bool IsConfigured => ServerConnectionString is not null;

    public string Name { get; }

    /// <summary>Connection string of the fresh database.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync(string purpose)
    {
        var server = ServerConnectionString ?? throw new InvalidOperationException(MissingMessage);
        var name = $"lbt_{new string(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(20).ToArray())}_{Guid.NewGuid():N}"[..40];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\";", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new PostgresTestDatabase(server, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE);", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>A fact that needs PostgreSQL; skipped with a clear message when LABELBOT_TEST_POSTGRES is not set.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!PostgresTestDatabase.IsConfigured)
        {
            Skip = PostgresTestDatabase.MissingMessage;
        }
    }
}

/// <summary>A theory that needs PostgreSQL; skipped with a clear message when LABELBOT_TEST_POSTGRES is not set.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (!PostgresTestDatabase.IsConfigured)
        {
            Skip = PostgresTestDatabase.MissingMessage;
        }
    }
}
