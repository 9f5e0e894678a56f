using LabelBot.Bot.Channels.DirectLine;
using LabelBot.Bot.Conversations;
using LabelBot.Bot.Feedback;
using LabelBot.Bot.Handoff;
using LabelBot.Bot.Settings;
using LabelBot.Bot.Storage.Postgres;
using LabelBot.Storage.Postgres;
using Npgsql;

namespace LabelBot.Bot.Tests.Storage;

/// <summary>The store contract on a throwaway PostgreSQL database; skipped when LABELBOT_TEST_POSTGRES is not set.</summary>
[RequiresPostgres]
public sealed class PostgresBotStoreContractTests : BotStoreContractTests
{
    // Each handle is its own pool (a separate "host"); small pools keep the concurrency tests within the shared
    // server's connection limit while still racing several connections.
    private const int PoolSizePerHost = 4;

    private readonly List<PostgresDatabase> _handles = [];
    private PostgresTestDatabase? _database;

    public override async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync("botstores");

    public override async Task DisposeAsync()
    {
        foreach (var handle in _handles)
        {
            await handle.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private PostgresDatabase NewDatabase(string? connectionString = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString ?? _database!.ConnectionString) { MaxPoolSize = PoolSizePerHost };
        var database = PostgresDatabase.Open(builder.ConnectionString);
        lock (_handles)
        {
            _handles.Add(database);
        }
        return database;
    }

    protected override IEscalationQueue NewQueue() => new EscalationQueue(NewDatabase(), TimeProvider.System);

    protected override IDirectLineStore NewDirectLineStore(TimeProvider? clock = null, DirectLineOptions? limits = null) =>
        new PostgresDirectLineStore(NewDatabase(), clock ?? TimeProvider.System, limits ?? new DirectLineOptions());

    protected override IConversationTranscriptStore NewTranscriptStore(EscalationOptions options) => new ConversationTranscriptStore(NewDatabase(), options);

    protected override IFeedbackStore NewFeedbackStore() => new FeedbackStore(NewDatabase());

    protected override async Task<string> ReadStoredDirectLineTextAsync()
    {
        // Every row of both tables rendered as text: a token in any column would show up.
        await using var connection = new NpgsqlConnection(_database!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT coalesce(string_agg(c::text, ' '), '') FROM bot_directline_conversations c)
                || (SELECT coalesce(string_agg(a::text, ' '), '') FROM bot_directline_activities a)
            """, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    protected override (IConversationTranscriptStore Transcripts, IDirectLineStore DirectLine) NewUnreachableStores()
    {
        // Nothing listens on port 1: every connection attempt fails at once.
        var database = NewDatabase("Host=127.0.0.1;Port=1;Username=postgres;Database=unreachable;Timeout=3");
        return (new ConversationTranscriptStore(database, new EscalationOptions()), new PostgresDirectLineStore(database, TimeProvider.System, new LabelBotHostOptions()));
    }
}
