using System.Globalization;
using LabelBot.Bot.DirectLine;
using LabelBot.Postgres;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Npgsql;

namespace LabelBot.Bot.Storage.Postgres;

/// <summary>
/// Direct Line conversations in the shared PostgreSQL database (tables <c>bot_directline_*</c>), so several host
/// processes serve one conversation. Only a hash of each token is stored; only the last
/// <see cref="SqliteDirectLineStore.MaxActivitiesPerConversation"/> activities are kept (watermarks stay absolute).
/// </summary>
public sealed class PostgresDirectLineStore : IDirectLineStore
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS bot_directline_conversations (
            id TEXT PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            user_id TEXT NOT NULL,
            token_expires_utc TIMESTAMPTZ NOT NULL,
            started BOOLEAN NOT NULL DEFAULT FALSE,
            next_position BIGINT NOT NULL DEFAULT 0,
            last_activity_utc TIMESTAMPTZ NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_directline_conversations_last ON bot_directline_conversations (last_activity_utc);
        CREATE TABLE IF NOT EXISTS bot_directline_activities (
            conversation_id TEXT NOT NULL REFERENCES bot_directline_conversations (id) ON DELETE CASCADE,
            position BIGINT NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (conversation_id, position)
        );
        """,
    ];

    private readonly PostgresStoreTables _tables;
    private readonly TimeProvider _clock;
    private readonly int _maxActivities;

    public PostgresDirectLineStore(PostgresDatabase database, TimeProvider clock)
        : this(database, clock, SqliteDirectLineStore.MaxActivitiesPerConversation)
    {
    }

    /// <summary>For tests: a smaller bound shows the trimming without thousands of writes.</summary>
    internal PostgresDirectLineStore(PostgresDatabase database, TimeProvider clock, int maxActivities)
    {
        _tables = new PostgresStoreTables(database, "bot_directline", Migrations);
        _clock = clock;
        _maxActivities = maxActivities;
    }

    public async Task<IssuedDirectLineConversation> CreateConversationAsync(string? userId, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        var issued = DirectLineRows.NewConversation(userId, now);
        var (conversation, token) = (issued.Conversation, issued.Token);
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO bot_directline_conversations (id, token_hash, user_id, token_expires_utc, last_activity_utc)
            VALUES (@id, @token, @user, @expires, @now)
            """, connection);
        command.Parameters.AddText("id", conversation.Id);
        command.Parameters.AddText("token", DirectLineTokens.Hash(token));
        command.Parameters.AddText("user", conversation.UserId);
        command.Parameters.AddTime("expires", conversation.TokenExpiresUtc);
        command.Parameters.AddTime("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return issued;
    }

    public async Task<DirectLineConversation?> FindConversationAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {DirectLineRows.ConversationColumns} FROM bot_directline_conversations WHERE id = @id", connection);
        command.Parameters.AddText("id", conversationId);
        return await DirectLineRows.ReadConversationAsync(command, cancellationToken);
    }

    public async Task<DirectLineConversation?> FindByTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT {DirectLineRows.ConversationColumns} FROM bot_directline_conversations WHERE token_hash = @token AND token_expires_utc > @now", connection);
        command.Parameters.AddText("token", DirectLineTokens.Hash(token));
        command.Parameters.AddTime("now", _clock.GetUtcNow());
        return await DirectLineRows.ReadConversationAsync(command, cancellationToken);
    }

    public async Task<DirectLineConversation?> RefreshTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            UPDATE bot_directline_conversations SET token_expires_utc = @expires
            WHERE token_hash = @token AND token_expires_utc > @now
            RETURNING {DirectLineRows.ConversationColumns}
            """, connection);
        command.Parameters.AddText("token", DirectLineTokens.Hash(token));
        command.Parameters.AddTime("now", now);
        command.Parameters.AddTime("expires", now + DirectLineTokens.Lifetime);
        return await DirectLineRows.ReadConversationAsync(command, cancellationToken);
    }

    public async Task<bool> MarkStartedAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        // The row lock makes the second of two racing updates re-check "NOT started" and change nothing.
        await using var command = new NpgsqlCommand("UPDATE bot_directline_conversations SET started = TRUE WHERE id = @id AND NOT started", connection);
        command.Parameters.AddText("id", conversationId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<string?> AppendAsync(string conversationId, JObject activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var now = _clock.GetUtcNow();
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long position;
        await using (var next = new NpgsqlCommand("""
            UPDATE bot_directline_conversations
            SET next_position = next_position + 1, last_activity_utc = GREATEST(last_activity_utc, @now)
            WHERE id = @id RETURNING next_position - 1
            """, connection, transaction))
        {
            // The UPDATE holds the conversation's row lock until commit: an append from any other process waits here and
            // then reads the counter this one committed, so positions are distinct, gap-free and become visible in order
            // (a reader that sees watermark N also sees every activity before N).
            next.Parameters.AddText("id", conversationId);
            next.Parameters.AddTime("now", now);
            if (await next.ExecuteScalarAsync(cancellationToken) is not long assigned)
            {
                return null;
            }
            position = assigned;
        }

        var (id, snapshot) = DirectLineRows.Stamp(conversationId, position, activity, now);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO bot_directline_activities (conversation_id, position, json) VALUES (@id, @position, @json);
            DELETE FROM bot_directline_activities WHERE conversation_id = @id AND position <= @position - @max;
            """, connection, transaction))
        {
            insert.Parameters.AddText("id", conversationId);
            insert.Parameters.AddWithValue("position", position);
            insert.Parameters.AddText("json", snapshot.ToString(Formatting.None));
            insert.Parameters.AddWithValue("max", (long)_maxActivities);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    public async Task<DirectLineActivitySet?> GetActivitiesAsync(string conversationId, int watermark, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        // One statement, one snapshot: the watermark and the activities agree even while other processes append.
        await using var command = new NpgsqlCommand("""
            SELECT c.next_position, a.json
            FROM bot_directline_conversations c
            LEFT JOIN bot_directline_activities a ON a.conversation_id = c.id AND a.position >= @from
            WHERE c.id = @id
            ORDER BY a.position
            """, connection);
        command.Parameters.AddText("id", conversationId);
        command.Parameters.AddWithValue("from", (long)Math.Max(0, watermark));
        long? end = null;
        var activities = new List<JObject>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            end = reader.GetInt64(0);
            if (!reader.IsDBNull(1) && ActivityJson.ParseObject(reader.GetString(1)) is { } json)
            {
                activities.Add(json);
            }
        }
        return end is { } next ? new DirectLineActivitySet(activities, next.ToString(CultureInfo.InvariantCulture)) : null;
    }

    public async Task<int> DeleteInactiveAsync(DateTimeOffset inactiveSinceUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        // Activities go with their conversation (ON DELETE CASCADE). An append racing this delete either commits first
        // (the row no longer matches the cutoff when re-checked) or finds the conversation gone.
        await using var command = new NpgsqlCommand("DELETE FROM bot_directline_conversations WHERE last_activity_utc < @cutoff", connection);
        command.Parameters.AddTime("cutoff", inactiveSinceUtc);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
