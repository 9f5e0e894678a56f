using Microsoft.Extensions.Configuration;

namespace LabelBot.Runtime;

/// <summary>Which database holds labels, conversations and the pharmacist queue.</summary>
public enum StorageProvider { Sqlite, Postgres }

/// <summary>
/// Storage choice shared by the CLI and the host: section "Storage" (Provider = Sqlite | Postgres, ConnectionString),
/// and env LABELBOT_POSTGRES, which (as the contract says) switches to PostgreSQL whenever it is set.
/// SQLite stays the embedded default.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>PostgreSQL connection string (Npgsql format); required when <see cref="Provider"/> is Postgres.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => Provider == StorageProvider.Postgres;

    public static StorageOptions Resolve(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new StorageOptions();
        configuration.GetSection(SectionName).Bind(options);
        var fromEnvironment = Environment.GetEnvironmentVariable(LabelBotPaths.PostgresEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            options.Provider = StorageProvider.Postgres;
            options.ConnectionString = fromEnvironment;
        }
        if (options.IsPostgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException(
                $"Storage:Provider is Postgres but no connection string was given: set {LabelBotPaths.PostgresEnvironmentVariable} or Storage:ConnectionString.");
        }
        return options;
    }
}
