using LabelBot.Core.Answering.Conversation;
using LabelBot.Core.Labels;
using LabelBot.Core.Storage;
using LabelBot.Storage.Postgres.Tests.TestSupport;
using LabelBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LabelBot.Storage.Postgres.Tests;

/// <summary>What every persistent conversation-focus store must do, run against SQLite and PostgreSQL below.</summary>
[RequiresSplCorpus]
public abstract class ConversationContextStoreContract : IAsyncLifetime
{
    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>A store instance over the shared storage, as another process would open it.</summary>
    protected abstract Task<IConversationContextStore> OpenStoreAsync(TimeSpan? retention = null);

    /// <summary>The raw rows (key, JSON), to check what is actually kept.</summary>
    protected abstract Task<IReadOnlyList<(string Key, string Json)>> ReadRowsAsync();

    private static ConversationFocus Focus(string primary, string? lastQuestion)
    {
        var label = RealLabels.Load(RealLabels.Ciprofloxacin);
        var info = new LabelVersionInfo(label.SetId, label.Document.Version, label.Document.EffectiveDate, label.Document.Title,
            label.Document.DisplayName, label.Document.Format, IsCurrent: true, label.Passages.Count, label.Document.Products,
            label.Document.Labeler, WithdrawnOn: new DateOnly(2026, 1, 2));
        return new ConversationFocus([info, info with { SetId = primary }], primary, lastQuestion);
    }

    private static void AssertSameFocus(ConversationFocus expected, ConversationFocus? actual)
    {
        Assert.NotNull(actual);
        // The focus holds lists, so compare the serialised form every store writes.
        Assert.Equal(ConversationFocusFormat.Serialize(expected), ConversationFocusFormat.Serialize(actual));
    }

    [StoreFact]
    public async Task A_focus_is_read_back_whole_and_another_instance_sees_it()
    {
        var store = await OpenStoreAsync();
        var focus = Focus("11111111-2222-3333-4444-555555555555", "Can ciprofloxacin cause tendon rupture? 💊");

        store.Set("conversation-1", focus);

        AssertSameFocus(focus, store.Get("conversation-1"));
        AssertSameFocus(focus, (await OpenStoreAsync()).Get("conversation-1"));
        Assert.Null(store.Get("conversation-2"));
    }

    [StoreFact]
    public async Task A_later_turn_replaces_the_focus()
    {
        var store = await OpenStoreAsync();
        store.Set("conversation-1", Focus("aaaaaaaa-2222-3333-4444-555555555555", "first"));
        var second = Focus("bbbbbbbb-2222-3333-4444-555555555555", null);

        store.Set("conversation-1", second);

        AssertSameFocus(second, store.Get("conversation-1"));
        Assert.Single(await ReadRowsAsync());
    }

    [StoreFact]
    public async Task Conversation_ids_are_kept_only_as_hashes()
    {
        var store = await OpenStoreAsync();
        const string id = "msteams:19:secret-user-conversation@thread.v2";

        store.Set(id, Focus("cccccccc-2222-3333-4444-555555555555", "question"));

        var row = Assert.Single(await ReadRowsAsync());
        Assert.Equal(ConversationFocusFormat.HashConversationId(id), row.Key);
        Assert.DoesNotContain("secret-user", row.Key, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-user", row.Json, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Focus_past_the_retention_period_is_ignored_and_purged()
    {
        var shortLived = await OpenStoreAsync(TimeSpan.FromMilliseconds(200));
        shortLived.Set("old", Focus("dddddddd-2222-3333-4444-555555555555", "old question"));
        await Task.Delay(600);

        Assert.Null(shortLived.Get("old"));
        // A fresh instance purges on its first write: only the new entry is left.
        (await OpenStoreAsync(TimeSpan.FromMilliseconds(200))).Set("new", Focus("eeeeeeee-2222-3333-4444-555555555555", "new question"));

        var row = Assert.Single(await ReadRowsAsync());
        Assert.Equal(ConversationFocusFormat.HashConversationId("new"), row.Key);
    }
}

public sealed class SqliteConversationContextStoreContractTests : ConversationContextStoreContract
{
    private readonly TempDirectory _temp = new();

    private string DatabasePath => _temp.File("conversations.db");

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
        return Task.CompletedTask;
    }

    protected override Task<IConversationContextStore> OpenStoreAsync(TimeSpan? retention = null) =>
        Task.FromResult<IConversationContextStore>(new SqliteConversationContextStore(DatabasePath, retention));

    protected override Task<IReadOnlyList<(string Key, string Json)>> ReadRowsAsync()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT conversation_hash, focus_json FROM conversation_focus;";
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }
        return Task.FromResult<IReadOnlyList<(string, string)>>(rows);
    }
}

[RequiresPostgres]
public sealed class PostgresConversationContextStoreContractTests : ConversationContextStoreContract
{
    private readonly List<PostgresDatabase> _databases = [];
    private PostgresTestDatabase? _scratch;

    public override async Task InitializeAsync() => _scratch = await PostgresTestDatabase.CreateAsync("conversations");

    public override async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
        if (_scratch is not null)
        {
            await _scratch.DisposeAsync();
        }
    }

    protected override async Task<IConversationContextStore> OpenStoreAsync(TimeSpan? retention = null)
    {
        var database = PostgresDatabase.Open(_scratch!.ConnectionString);
        _databases.Add(database);
        return await PostgresConversationContextStore.OpenAsync(database, retention);
    }

    protected override async Task<IReadOnlyList<(string Key, string Json)>> ReadRowsAsync()
    {
        await using var connection = new NpgsqlConnection(_scratch!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT conversation_hash, focus_json FROM conversation_focus;", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }
        return rows;
    }
}
