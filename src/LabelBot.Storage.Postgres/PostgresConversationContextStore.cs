using LabelBot.Core.Answering.Conversation;
using LabelBot.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace LabelBot.Storage.Postgres;

/// <summary>
/// Conversation focus in the shared PostgreSQL database, so a follow-up handled by another host (or after a restart)
/// still knows which product is being discussed. The same entries as <see cref="SqliteConversationContextStore"/>:
/// ids only as SHA-256 hashes, the focus as JSON, entries past the retention period ignored and purged
/// (<see cref="ConversationFocusFormat"/>).
/// </summary>
/// <remarks>Synchronous because <see cref="IConversationContextStore"/> is; each call is one short pooled round trip.</remarks>
public sealed class PostgresConversationContextStore : IConversationContextStore
{
    private const string Component = "conversation_focus";

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE conversation_focus (
            conversation_hash  TEXT COLLATE "C" PRIMARY KEY,
            focus_json         TEXT        NOT NULL,
            updated_at         TIMESTAMPTZ NOT NULL
        );
        CREATE INDEX ix_conversation_focus_updated ON conversation_focus (updated_at);
        """,
    ];

    private readonly PostgresDatabase _database;
    private readonly TimeSpan _retention;
    private readonly Lock _purgeGate = new();
    private DateTimeOffset _lastPurge = DateTimeOffset.MinValue;

    private PostgresConversationContextStore(PostgresDatabase database, TimeSpan retention)
    {
        _database = database;
        _retention = retention;
    }

    /// <summary>Applies the table's migrations (once per process) and returns the store; the caller keeps owning <paramref name="database"/>.</summary>
    public static async Task<PostgresConversationContextStore> OpenAsync(PostgresDatabase database, TimeSpan? retention = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await database.MigrateAsync(Component, Migrations, cancellationToken);
        return new PostgresConversationContextStore(database, retention ?? ConversationFocusFormat.DefaultRetention);
    }

    public ConversationFocus? Get(string conversationId)
    {
        using var connection = _database.DataSource.OpenConnection();
        using var select = new NpgsqlCommand(
            "SELECT focus_json FROM conversation_focus WHERE conversation_hash = @hash AND updated_at >= @since;", connection);
        select.Parameters.Add(new NpgsqlParameter<string>("hash", NpgsqlDbType.Text) { TypedValue = ConversationFocusFormat.HashConversationId(conversationId) });
        select.Parameters.Add(Time("since", DateTimeOffset.UtcNow - _retention));
        return select.ExecuteScalar() is string json ? ConversationFocusFormat.Deserialize(json) : null;
    }

    public void Set(string conversationId, ConversationFocus focus)
    {
        ArgumentNullException.ThrowIfNull(focus);
        var now = DateTimeOffset.UtcNow;
        using var connection = _database.DataSource.OpenConnection();
        using (var upsert = new NpgsqlCommand("""
            INSERT INTO conversation_focus (conversation_hash, focus_json, updated_at) VALUES (@hash, @json, @now)
            ON CONFLICT (conversation_hash) DO UPDATE SET focus_json = EXCLUDED.focus_json, updated_at = EXCLUDED.updated_at;
            """, connection))
        {
            upsert.Parameters.Add(new NpgsqlParameter<string>("hash", NpgsqlDbType.Text) { TypedValue = ConversationFocusFormat.HashConversationId(conversationId) });
            upsert.Parameters.Add(new NpgsqlParameter<string>("json", NpgsqlDbType.Text) { TypedValue = ConversationFocusFormat.Serialize(focus) });
            upsert.Parameters.Add(Time("now", now));
            upsert.ExecuteNonQuery();
        }
        if (IsPurgeDue(now))
        {
            using var delete = new NpgsqlCommand("DELETE FROM conversation_focus WHERE updated_at < @cutoff;", connection);
            delete.Parameters.Add(Time("cutoff", now - _retention));
            delete.ExecuteNonQuery();
        }
    }

    private bool IsPurgeDue(DateTimeOffset now)
    {
        lock (_purgeGate)
        {
            if (now - _lastPurge <= ConversationFocusFormat.PurgeInterval)
            {
                return false;
            }
            _lastPurge = now;
            return true;
        }
    }

    /// <summary>Npgsql writes TIMESTAMPTZ only from a zero offset.</summary>
    private static NpgsqlParameter<DateTimeOffset> Time(string name, DateTimeOffset value) =>
        new(name, NpgsqlDbType.TimestampTz) { TypedValue = value.ToUniversalTime() };
}
