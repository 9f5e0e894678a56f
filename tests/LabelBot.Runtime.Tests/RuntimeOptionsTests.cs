using Microsoft.Extensions.Configuration;

namespace LabelBot.Runtime.Tests;

/// <summary>The settings the CLI and the host share: storage provider and how long conversation text is kept.</summary>
public sealed class RuntimeOptionsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void SQLite_is_the_default_and_conversation_focus_is_kept_thirty_days()
    {
        if (Environment.GetEnvironmentVariable(LabelBotPaths.PostgresEnvironmentVariable) is { Length: > 0 })
        {
            return; // LABELBOT_POSTGRES forces PostgreSQL by design; this machine's environment decides.
        }
        var options = RuntimeOptions.FromConfiguration("x.db", Settings());
        Assert.Equal(StorageProvider.Sqlite, options.Storage.Provider);
        Assert.Equal(TimeSpan.FromDays(30), options.ConversationRetention);
    }

    [Fact]
    public void The_escalation_retention_setting_also_bounds_conversation_focus()
    {
        var options = RuntimeOptions.FromConfiguration("x.db", Settings(("Escalation:RetentionDays", "7")));
        Assert.Equal(TimeSpan.FromDays(7), options.ConversationRetention);
    }

    [Fact]
    public void Postgres_by_configuration_needs_a_connection_string()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageOptions.FromConfiguration(Settings(("Storage:Provider", "Postgres"))));
        Assert.Contains("LABELBOT_POSTGRES", error.Message, StringComparison.Ordinal);

        var chosen = StorageOptions.FromConfiguration(Settings(("Storage:Provider", "Postgres"), ("Storage:ConnectionString", "Host=127.0.0.1;Database=x")));
        Assert.True(chosen.IsPostgres);
        Assert.Equal("Host=127.0.0.1;Database=x", chosen.ConnectionString);
    }

    [Fact]
    public void Contract_environment_variables_arrive_as_settings_in_one_mapping()
    {
        var environment = new Dictionary<string, string>
        {
            ["LABELBOT_POSTGRES"] = "Host=127.0.0.1;Database=env",
            ["LABELBOT_DB"] = "/tmp/from-env.db",
            ["LABELBOT_PHARMACIST_KEY"] = "from-env",
        };
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "Sqlite",
                ["LabelBot:DatabasePath"] = "/tmp/configured.db",
                ["LabelBot:PharmacistKey"] = "configured",
            })
            .AddLabelBotEnvironment(name => environment.GetValueOrDefault(name))
            .Build();

        // LABELBOT_POSTGRES switches to PostgreSQL whenever it is set, and the pharmacist key of the environment wins ...
        var storage = StorageOptions.FromConfiguration(configuration);
        Assert.True(storage.IsPostgres);
        Assert.Equal("Host=127.0.0.1;Database=env", storage.ConnectionString);
        Assert.Equal("from-env", configuration["LabelBot:PharmacistKey"]);
        // ... while LABELBOT_DB is only the default of a database path that is not configured.
        Assert.Equal("/tmp/configured.db", configuration["LabelBot:DatabasePath"]);
        var unconfigured = new ConfigurationBuilder().AddLabelBotEnvironment(name => environment.GetValueOrDefault(name)).Build();
        Assert.Equal("/tmp/from-env.db", unconfigured["LabelBot:DatabasePath"]);
    }
}
