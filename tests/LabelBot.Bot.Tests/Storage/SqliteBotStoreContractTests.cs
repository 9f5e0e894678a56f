using System.Text;
using LabelBot.Bot.Channels.DirectLine;
using LabelBot.Bot.Conversations;
using LabelBot.Bot.Feedback;
using LabelBot.Bot.Handoff;
using LabelBot.Bot.Settings;
using LabelBot.Bot.Storage;
using LabelBot.Bot.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace LabelBot.Bot.Tests.Storage;

/// <summary>The store contract on a fresh SQLite file (the embedded default); always runs.</summary>
public sealed class SqliteBotStoreContractTests : BotStoreContractTests
{
    private readonly string _databasePath = RepoPaths.NewTempDatabasePath("contract");

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(_databasePath)!, recursive: true);
        return Task.CompletedTask;
    }

    private BotDatabase NewDatabase(string? path = null) => new(new LabelBotHostOptions { DatabasePath = path ?? _databasePath });

    protected override IEscalationQueue NewQueue() => new SqliteEscalationQueue(NewDatabase(), TimeProvider.System);

    protected override IDirectLineStore NewDirectLineStore(TimeProvider? clock = null, DirectLineOptions? limits = null) =>
        new SqliteDirectLineStore(NewDatabase(), clock ?? TimeProvider.System, limits ?? new DirectLineOptions());

    protected override IConversationTranscriptStore NewTranscriptStore(EscalationOptions options) => new SqliteConversationTranscriptStore(NewDatabase(), options);

    protected override IFeedbackStore NewFeedbackStore() => new SqliteFeedbackStore(NewDatabase());

    protected override async Task<string> ReadStoredDirectLineTextAsync()
    {
        // The whole file and its write-ahead log: a token in any page would show up.
        SqliteConnection.ClearAllPools();
        var text = new StringBuilder(Encoding.Latin1.GetString(await File.ReadAllBytesAsync(_databasePath)));
        if (File.Exists(_databasePath + "-wal"))
        {
            text.Append(Encoding.Latin1.GetString(await File.ReadAllBytesAsync(_databasePath + "-wal")));
        }
        return text.ToString();
    }

    [Fact]
    public async Task Typed_feedback_reasons_kept_before_reasons_were_codes_are_replaced_at_the_first_open()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_databasePath)!);
        await using (var connection = new SqliteConnection($"Data Source={_databasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE bot_feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created_utc TEXT NOT NULL, channel_id TEXT NOT NULL,
                    conversation_hash TEXT NOT NULL, answer_id TEXT NOT NULL, answer_kind TEXT NOT NULL, helpful INTEGER NOT NULL,
                    reason TEXT NULL, passage_ids TEXT NOT NULL);
                INSERT INTO bot_feedback VALUES (1, '2026-01-01T00:00:00.0000000Z', 'directline', 'h', 'a1', 'answer', 0, 'Call Jane Doe on 555-867-5309', '');
                INSERT INTO bot_feedback VALUES (2, '2026-01-01T00:00:01.0000000Z', 'directline', 'h', 'a2', 'answer', 0, 'wrong_section', '');
                INSERT INTO bot_feedback VALUES (3, '2026-01-01T00:00:02.0000000Z', 'directline', 'h', 'a3', 'answer', 1, NULL, '');
                """;
            await command.ExecuteNonQueryAsync();
        }
        var kept = await NewFeedbackStore().ListRecentAsync(10);
        Assert.Equal(new string?[] { null, "wrong_section", "other" }, kept.Select(e => e.Reason));
    }

    [Fact]
    public async Task A_file_whose_host_tables_were_created_unversioned_is_taken_over_in_place()
    {
        var filed = await NewQueue().FileAsync(Draft("conv-old", EscalationReason.Dosing));
        await NewTranscriptStore(new EscalationOptions()).AppendAsync("conv-old", [TranscriptEntry.FromUser("hello", DateTimeOffset.UtcNow)]);
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={_databasePath};Pooling=False"))
        {
            // The file as builds before labelbot_schema left it: the same tables, created IF NOT EXISTS, no version anywhere.
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE labelbot_schema;";
            await command.ExecuteNonQueryAsync();
        }

        var again = await NewQueue().FileAsync(Draft("conv-old", EscalationReason.Dosing));

        Assert.False(again.Created);
        Assert.Equal(filed.Case.Id, again.Case.Id);
        Assert.Equal("hello", Assert.Single(await NewTranscriptStore(new EscalationOptions()).GetAsync("conv-old")).Text);
        await using var check = new SqliteConnection($"Data Source={_databasePath};Pooling=False");
        await check.OpenAsync();
        await using var versions = check.CreateCommand();
        versions.CommandText = "SELECT group_concat(component || '=' || version, ',') FROM (SELECT * FROM labelbot_schema ORDER BY component);";
        Assert.Equal("bot_escalation=1,bot_transcripts=1", await versions.ExecuteScalarAsync());
    }

    protected override (IConversationTranscriptStore Transcripts, IDirectLineStore DirectLine) NewUnreachableStores()
    {
        // A directory where the database file should be: SQLite cannot open it.
        var database = NewDatabase(Path.GetDirectoryName(_databasePath));
        return (new SqliteConversationTranscriptStore(database, new EscalationOptions()), new SqliteDirectLineStore(database, TimeProvider.System, new LabelBotHostOptions()));
    }
}
