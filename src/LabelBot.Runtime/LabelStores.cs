using LabelBot.Core.Answering.Conversation;
using LabelBot.Core.Retrieval;
using LabelBot.Core.Storage;
using LabelBot.Search.Retrieval;
using LabelBot.Storage.Postgres;
using LabelBot.Storage.Sqlite;

namespace LabelBot.Runtime;

/// <summary>
/// The stores one runtime answers from: labels with history, the retrieval index over them, and conversation focus.
/// SQLite keeps all three in one file; PostgreSQL keeps them in one database shared by every host.
/// </summary>
internal sealed class LabelStores : IAsyncDisposable
{
    private readonly Func<ValueTask> _dispose;

    private LabelStores(ILabelHistoryStore labels, IRetrievalIndex index, IConversationContextStore conversations, string description, Func<ValueTask> dispose)
    {
        Labels = labels;
        Index = index;
        Conversations = conversations;
        Description = description;
        _dispose = dispose;
    }

    public ILabelHistoryStore Labels { get; }

    public IRetrievalIndex Index { get; }

    public IConversationContextStore Conversations { get; }

    /// <summary>Where the labels are, safe to print (file path, or host:port/database without credentials).</summary>
    public string Description { get; }

    public static async Task<LabelStores> OpenAsync(RuntimeOptions options, CancellationToken cancellationToken)
    {
        if (options.Storage.IsPostgres)
        {
            var database = PostgresDatabase.Open(options.Storage.ConnectionString!);
            try
            {
                var store = await PostgresLabelStore.OpenAsync(database, cancellationToken: cancellationToken);
                var conversations = await PostgresConversationContextStore.OpenAsync(database, options.ConversationRetention, cancellationToken);
                return new LabelStores(store, store, conversations, $"PostgreSQL {database.DisplayName}", async () =>
                {
                    await store.DisposeAsync();
                    await database.DisposeAsync();
                });
            }
            catch
            {
                await database.DisposeAsync();
                throw;
            }
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(options.DatabasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var sqlite = SqliteLabelStore.Open(options.DatabasePath);
        try
        {
            return new LabelStores(sqlite, sqlite, new SqliteConversationContextStore(options.DatabasePath, options.ConversationRetention), sqlite.FilePath, sqlite.DisposeAsync);
        }
        catch
        {
            await sqlite.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _dispose();
}
