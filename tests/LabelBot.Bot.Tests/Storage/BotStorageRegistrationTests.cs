using LabelBot.Bot.Conversations;
using LabelBot.Bot.DirectLine;
using LabelBot.Bot.Escalation;
using LabelBot.Bot.Feedback;
using LabelBot.Bot.Hosting;
using LabelBot.Bot.Storage;
using LabelBot.Bot.Storage.Postgres;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Postgres;
using LabelBot.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Npgsql;

namespace LabelBot.Bot.Tests.Storage;

/// <summary>AddLabelBotStorage: SQLite unless configuration (or LABELBOT_POSTGRES) asks for PostgreSQL.</summary>
public sealed class BotStorageRegistrationTests
{
    // LABELBOT_POSTGRES forces PostgreSQL whatever the configuration says (the contract); a test run may have it set.
    private static bool EnvironmentForcesPostgres =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(LabelBotPaths.PostgresEnvironmentVariable));

    private static ServiceProvider Build(Dictionary<string, string?> settings, string databasePath)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(new LabelBotHostOptions { DatabasePath = databasePath });
        services.AddSingleton(new EscalationOptions());
        services.AddSingleton(TimeProvider.System);
        services.AddLabelBotStorage(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Sqlite_is_the_default()
    {
        var path = RepoPaths.NewTempDatabasePath("registration");
        try
        {
            await using var provider = Build([], path);
            if (EnvironmentForcesPostgres)
            {
                Assert.IsType<PostgresEscalationQueue>(provider.GetRequiredService<IEscalationQueue>());
                return;
            }
            Assert.IsType<SqliteFeedbackStore>(provider.GetRequiredService<IFeedbackStore>());
            Assert.IsType<SqliteDirectLineStore>(provider.GetRequiredService<IDirectLineStore>());
            Assert.IsType<SqliteConversationTranscriptStore>(provider.GetRequiredService<IConversationTranscriptStore>());
            Assert.IsType<SqliteEscalationQueue>(provider.GetRequiredService<IEscalationQueue>());
            Assert.Null(provider.GetService<PostgresDatabase>());
            Assert.Equal(StorageProvider.Sqlite, provider.GetRequiredService<StorageOptions>().Provider);

            // The stores write into the host's file.
            await provider.GetRequiredService<IConversationTranscriptStore>().AppendAsync("conv-r", [TranscriptEntry.FromUser("hi", DateTimeOffset.UtcNow)]);
            Assert.True(File.Exists(path));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public async Task Provider_postgres_registers_the_postgres_stores_on_one_shared_database()
    {
        // No connection is made until a store is used, so any well-formed connection string does here.
        await using var provider = Build(new()
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=labelbot;Database=labelbot",
        }, Path.Combine(Path.GetTempPath(), "unused.db"));
        Assert.IsType<PostgresFeedbackStore>(provider.GetRequiredService<IFeedbackStore>());
        Assert.IsType<PostgresDirectLineStore>(provider.GetRequiredService<IDirectLineStore>());
        Assert.IsType<PostgresConversationTranscriptStore>(provider.GetRequiredService<IConversationTranscriptStore>());
        Assert.IsType<PostgresEscalationQueue>(provider.GetRequiredService<IEscalationQueue>());
        Assert.Single(provider.GetServices<PostgresDatabase>());
        Assert.Null(provider.GetService<BotDatabase>());
    }

    [Fact]
    public void Provider_postgres_without_a_connection_string_is_refused()
    {
        if (EnvironmentForcesPostgres)
        {
            return; // the environment supplies the connection string
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Provider"] = "Postgres" }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddLabelBotStorage(configuration));
        Assert.Contains(LabelBotPaths.PostgresEnvironmentVariable, error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Stores_resolved_for_postgres_keep_their_data_in_that_database()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("registration");
        string caseId;
        string conversationId;
        await using (var provider = Build(new() { ["Storage:Provider"] = "Postgres", ["Storage:ConnectionString"] = database.ConnectionString },
            Path.Combine(Path.GetTempPath(), "unused.db")))
        {
            caseId = (await provider.GetRequiredService<IEscalationQueue>().FileAsync(new NewEscalationCase(
                "directline", "conv-r", DeliveryRoute.LocalDirectLine, "{}", EscalationReason.Dosing, false, []))).Case.Id;
            var directLine = provider.GetRequiredService<IDirectLineStore>();
            conversationId = (await directLine.CreateConversationAsync(null)).Conversation.Id;
            await directLine.AppendAsync(conversationId, new JObject { ["text"] = "hello" });
            await provider.GetRequiredService<IFeedbackStore>().SaveAsync(new FeedbackEntry(DateTimeOffset.UtcNow, "directline", "h", "a1", "answer", true, null, []));
            await provider.GetRequiredService<IConversationTranscriptStore>().AppendAsync("conv-r", [TranscriptEntry.FromUser("hi", DateTimeOffset.UtcNow)]);
        }

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT string_agg(component, ',' ORDER BY component) FROM labelbot_schema WHERE component LIKE 'bot\_%'),
                   (SELECT id FROM bot_escalation_cases),
                   (SELECT conversation_id FROM bot_directline_activities),
                   (SELECT count(*) FROM bot_feedback) + (SELECT count(*) FROM bot_transcripts)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("bot_directline,bot_escalation,bot_feedback,bot_transcripts", reader.GetString(0));
        Assert.Equal(caseId, reader.GetString(1));
        Assert.Equal(conversationId, reader.GetString(2));
        Assert.Equal(2L, reader.GetInt64(3));
    }
}
