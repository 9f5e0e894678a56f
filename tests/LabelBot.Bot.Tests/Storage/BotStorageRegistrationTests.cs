using LabelBot.Bot.Channels.DirectLine;
using LabelBot.Bot.Conversations;
using LabelBot.Bot.Feedback;
using LabelBot.Bot.Handoff;
using LabelBot.Bot.Settings;
using LabelBot.Bot.Storage;
using LabelBot.Bot.Storage.Postgres;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Core.Storage;
using LabelBot.Runtime;
using LabelBot.Storage.Postgres;
using LabelBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using Npgsql;

namespace LabelBot.Bot.Tests.Storage;

/// <summary>AddLabelBotStorage: SQLite unless configuration (or LABELBOT_POSTGRES) asks for PostgreSQL.</summary>
public sealed class BotStorageRegistrationTests
{
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
            Assert.IsType<SqliteBotDatabase>(provider.GetRequiredService<IBotTableSource>());
            Assert.Equal(path, provider.GetRequiredService<SqliteBotDatabase>().Path);
            Assert.IsType<FeedbackStore>(provider.GetRequiredService<IFeedbackStore>());
            Assert.IsType<SqliteDirectLineStore>(provider.GetRequiredService<IDirectLineStore>());
            Assert.IsType<ConversationTranscriptStore>(provider.GetRequiredService<IConversationTranscriptStore>());
            Assert.IsType<EscalationQueue>(provider.GetRequiredService<IEscalationQueue>());
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
        Assert.IsType<PostgresDirectLineStore>(provider.GetRequiredService<IDirectLineStore>());
        Assert.Same(Assert.Single(provider.GetServices<PostgresDatabase>()), provider.GetRequiredService<IBotTableSource>());
        Assert.NotNull(provider.GetRequiredService<IEscalationQueue>());
    }

    [Fact]
    public void Provider_postgres_without_a_connection_string_is_refused()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Provider"] = "Postgres" }).Build();
        using var provider = new ServiceCollection().AddLabelBotStorage(configuration).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IBotTableSource>());
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
