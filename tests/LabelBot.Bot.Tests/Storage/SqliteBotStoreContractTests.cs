using System.Text;
using LabelBot.Bot.Conversations;
using LabelBot.Bot.DirectLine;
using LabelBot.Bot.Escalation;
using LabelBot.Bot.Feedback;
using LabelBot.Bot.Hosting;
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

    protected override (IConversationTranscriptStore Transcripts, IDirectLineStore DirectLine) NewUnreachableStores()
    {
        // A directory where the database file should be: SQLite cannot open it.
        var database = NewDatabase(Path.GetDirectoryName(_databasePath));
        return (new SqliteConversationTranscriptStore(database, new EscalationOptions()), new SqliteDirectLineStore(database, TimeProvider.System, new LabelBotHostOptions()));
    }
}
