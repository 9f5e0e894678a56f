using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LabelBot.Runtime;

/// <summary>Which database holds labels, conversations and the pharmacist queue.</summary>
public enum StorageProvider { Sqlite, Postgres }

/// <summary>
/// Storage choice shared by the CLI and the host: section "Storage" (Provider = Sqlite | Postgres, ConnectionString);
/// env LABELBOT_POSTGRES sets both (<see cref="LabelBotEnvironment"/>). SQLite stays the embedded default.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>PostgreSQL connection string (Npgsql format); required when <see cref="Provider"/> is Postgres.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => Provider == StorageProvider.Postgres;

    /// <summary>For callers without a container (the CLI): the section bound and checked by <see cref="StorageOptionsValidator"/>.</summary>
    public static StorageOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(SectionName).Get<StorageOptions>() ?? new StorageOptions();
        var result = new StorageOptionsValidator().Validate(Options.DefaultName, options);
        return result.Failed ? throw new InvalidOperationException(result.FailureMessage) : options;
    }
}

/// <summary>PostgreSQL needs a connection string.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.IsPostgres && string.IsNullOrWhiteSpace(options.ConnectionString)
            ? ValidateOptionsResult.Fail(
                $"Storage:Provider is Postgres but no connection string was given: set {LabelBotPaths.PostgresEnvironmentVariable} or Storage:ConnectionString.")
            : ValidateOptionsResult.Success;
    }
}
