using LabelBot.Core.Answering.Conversation;
using LabelBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LabelBot.Storage.Sqlite;

/// <summary>
/// Conversation focus kept in the SQLite database, so a follow-up asked from another process
/// (`ask --conversation ID` run twice, or a restarted host) still knows which product is being discussed.
/// Conversation ids are stored only as SHA-256 hashes; entries older than the retention period are purged.
/// </summary>
public sealed class SqliteConversationContextStore : IConversationContextStore
{
    // Version 1 is the table as earlier builds created it unversioned (IF NOT EXISTS), so their files adopt it as is.
    private static readonly SchemaComponent Schema = new("conversation_focus",
    [
        """
        CREATE TABLE IF NOT EXISTS conversation_focus (
            conversation_hash TEXT PRIMARY KEY,
            focus_json TEXT NOT NULL,
            updated_at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS conversation_focus_updated ON conversation_focus(updated_at);
        """,
    ]);

    private readonly string _connectionString;
    private readonly TimeSpan _retention;
    private DateTimeOffset _lastPurge = DateTimeOffset.MinValue;

    public SqliteConversationContextStore(string databasePath, TimeSpan? retention = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(databasePath), DefaultTimeout = 10 }.ToString();
        _retention = retention ?? ConversationFocusFormat.DefaultRetention;
        using var connection = Open();
        SqliteSchemaBackend.Migrate(connection, Schema);
    }

    public ConversationFocus? Get(string conversationId)
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT focus_json FROM conversation_focus WHERE conversation_hash = $hash AND updated_at >= $since";
        select.Parameters.AddWithValue("$hash", ConversationFocusFormat.HashConversationId(conversationId));
        select.Parameters.AddWithValue("$since", (DateTimeOffset.UtcNow - _retention).ToString("O"));
        return select.ExecuteScalar() is string json ? ConversationFocusFormat.Deserialize(json) : null;
    }

    public void Set(string conversationId, ConversationFocus focus)
    {
        ArgumentNullException.ThrowIfNull(focus);
        var now = DateTimeOffset.UtcNow;
        using var connection = Open();
        using var upsert = connection.CreateCommand();
        upsert.CommandText = """
            INSERT INTO conversation_focus (conversation_hash, focus_json, updated_at) VALUES ($hash, $json, $now)
            ON CONFLICT(conversation_hash) DO UPDATE SET focus_json = excluded.focus_json, updated_at = excluded.updated_at;
            """;
        upsert.Parameters.AddWithValue("$hash", ConversationFocusFormat.HashConversationId(conversationId));
        upsert.Parameters.AddWithValue("$json", ConversationFocusFormat.Serialize(focus));
        upsert.Parameters.AddWithValue("$now", now.ToString("O"));
        upsert.ExecuteNonQuery();
        if (now - _lastPurge > ConversationFocusFormat.PurgeInterval)
        {
            _lastPurge = now;
            Purge(connection, now - _retention);
        }
    }

    private static void Purge(SqliteConnection connection, DateTimeOffset olderThan)
    {
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM conversation_focus WHERE updated_at < $cutoff";
        delete.Parameters.AddWithValue("$cutoff", olderThan.ToString("O"));
        delete.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
