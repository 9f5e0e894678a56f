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
        var error = Assert.Throws<InvalidOperationException>(() => StorageOptions.Resolve(Settings(("Storage:Provider", "Postgres"))));
        Assert.Contains("LABELBOT_POSTGRES", error.Message, StringComparison.Ordinal);

        var chosen = StorageOptions.Resolve(Settings(("Storage:Provider", "Postgres"), ("Storage:ConnectionString", "Host=127.0.0.1;Database=x")));
        Assert.True(chosen.IsPostgres);
        Assert.Equal("Host=127.0.0.1;Database=x", chosen.ConnectionString);
    }
}
