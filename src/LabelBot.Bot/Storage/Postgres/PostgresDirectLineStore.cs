using System.Globalization;
using LabelBot.Bot.Channels.DirectLine;
using LabelBot.Bot.Settings;
using LabelBot.Postgres;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Npgsql;

namespace LabelBot.Bot.Storage.Postgres;

/// <summary>
/// Direct Line conversations in the shared PostgreSQL database (tables <c>bot_directline_*</c>), so several host
/// processes serve one conversation. Only a hash of each token is stored; bounded as on SQLite by
/// <see cref="DirectLineOptions"/> (activities and bytes per conversation, conversations per host, one page per read).
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
        // Tokens rotate on refresh: the conversation row's token columns keep the first one, lookups use this table.
        """
        CREATE TABLE IF NOT EXISTS bot_directline_tokens (
            token_hash TEXT PRIMARY KEY,
            conversation_id TEXT NOT NULL REFERENCES bot_directline_conversations (id) ON DELETE CASCADE,
            expires_utc TIMESTAMPTZ NOT NULL,
            absolute_expires_utc TIMESTAMPTZ NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_directline_tokens_conversation ON bot_directline_tokens (conversation_id);
        """,
    ];

    private readonly PostgresBotTables _tables;
    private readonly TimeProvider _clock;
    private readonly DirectLineOptions _limits;

    public PostgresDirectLineStore(PostgresDatabase database, TimeProvider clock, LabelBotHostOptions options)
        : this(database, clock, (options ?? throw new ArgumentNullException(nameof(options))).DirectLine)
    {
    }

    /// <summary>For tests: smaller bounds show the trimming without thousands of writes.</summary>
    internal PostgresDirectLineStore(PostgresDatabase database, TimeProvider clock, DirectLineOptions limits)
    {
        _tables = new PostgresBotTables(database, "bot_directline", Migrations);
        _clock = clock;
        _limits = limits;
    }

    public async Task<IssuedDirectLineConversation> CreateConversationAsync(string? userId, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        var issued = DirectLineRows.NewConversation(userId, now, _limits);
        var (conversation, token) = (issued.Conversation, issued.Token);
        await using var connection = await _tables.OpenNpgsqlAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var count = new NpgsqlCommand("SELECT COUNT(*) FROM bot_directline_conversations", connection, transaction))
        {
            // The cap bounds storage, not an exact count: hosts starting conversations at the same instant may pass it by a few.
            if ((long)(await count.ExecuteScalarAsync(cancellationToken))! >= _limits.MaxConversations)
            {
                throw new DirectLineFullException();
            }
        }
        await using var command = new NpgsqlCommand("""
            INSERT INTO bot_directline_conversations (id, token_hash, user_id, token_expires_utc, last_activity_utc)
            VALUES (@id, @token, @user, @expires, @now);
            INSERT INTO bot_directline_tokens (token_hash, conversation_id, expires_utc, absolute_expires_utc)
            VALUES (@token, @id, @expires, @absolute);
            """, connection, transaction);
        command.Parameters.AddText("id", conversation.Id);
        command.Parameters.AddText("token", DirectLineTokens.Hash(token));
        command.Parameters.AddText("user", conversation.UserId);
        command.Parameters.AddTime("expires", conversation.TokenExpiresUtc);
        command.Parameters.AddTime("absolute", now + _limits.MaxConversationLifetime);
        command.Parameters.AddTime("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return issued;
    }

    public async Task<DirectLineConversation?> FindConversationAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenNpgsqlAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {DirectLineRows.ConversationColumns} FROM bot_directline_conversations WHERE id = @id", connection);
        command.Parameters.AddText("id", conversationId);
        return await DirectLineRows.ReadConversationAsync(command, cancellationToken);
    }

    public async Task<DirectLineConversation?> FindByTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenNpgsqlAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT {DirectLineRows.TokenConversationColumns}
            FROM bot_directline_tokens t JOIN bot_directline_conversations c ON c.id = t.conversation_id
            WHERE t.token_hash = @token AND t.expires_utc > @now AND t.absolute_expires_utc > @now
            """, connection);
        command.Parameters.AddText("token", DirectLineTokens.Hash(token));
        command.Parameters.AddTime("now", _clock.GetUtcNow());
        return await DirectLineRows.ReadConversationAsync(command, cancellationToken);
    }

    public async Task<IssuedDirectLineConversation?> RefreshTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        await using var connection = await _tables.OpenNpgsqlAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string conversationId, userId;
        DateTimeOffset absolute;
        await using (var find = new NpgsqlCommand("""
            SELECT c.id, c.user_id, t.absolute_expires_utc
            FROM bot_directline_tokens t JOIN bot_directline_conversations c ON c.id = t.conversation_id
            WHERE t.token_hash = @token AND t.expires_utc > @now AND t.absolute_expires_utc > @now
            FOR UPDATE OF t
            """, connection, transaction))
        {
            find.Parameters.AddText("token", DirectLineTokens.Hash(token));
            find.Parameters.AddTime("now", now);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            (conversationId, userId, absolute) = (reader.GetString(0), reader.GetString(1), reader.GetUtcTime(2));
        }
        var fresh = DirectLineTokens.NewToken();
        var expires = DirectLineRows.RefreshedExpiry(now, absolute, _limits);
        await using (var rotate = new NpgsqlCommand("""
            UPDATE bot_directline_tokens SET expires_utc = LEAST(expires_utc, @grace) WHERE token_hash = @old;
            INSERT INTO bot_directline_tokens (token_hash, conversation_id, expires_utc, absolute_expires_utc)
            VALUES (@new, @id, @expires, @absolute);
            """, connection, transaction))
        {
            rotate.Parameters.AddText("old", DirectLineTokens.Hash(token));
            rotate.Parameters.AddTime("grace", now + _limits.RefreshGrace);
            rotate.Parameters.AddText("new", DirectLineTokens.Hash(fresh));
            rotate.Parameters.AddText("id", conversationId);
            rotate.Parameters.AddTime("expires", expires);
            rotate.Parameters.AddTime("absolute", absolute);
            await rotate.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new IssuedDirectLineConversation(new DirectLineConversation(conversationId, userId, expires), fresh);
    }

    public async Task<bool> MarkStartedAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenNpgsqlAsync(cancellationToken);
        // The row lock makes the second of two racing updates re-check "NOT started" and change nothing.
        await using var command = new NpgsqlCommand("UPDATE bot_directline_conversations SET started = TRUE WHERE id = @id AND NOT started", connection);
        command.Parameters.AddText("id", conversationId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<string?> AppendAsync(string conversationId, JObject activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var now = _clock.GetUtcNow();
        await using var connection = await _tables.OpenNpgsqlAsync(cancellationToken);
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
            DELETE FROM bot_directline_activities WHERE conversation_id = @id AND position < @position AND position <= (
                SELECT MAX(position) FROM (
                    SELECT position, SUM(octet_length(json)) OVER (ORDER BY position DESC) AS total
                    FROM bot_directline_activities WHERE conversation_id = @id) sized
                WHERE total > @maxBytes);
            """, connection, transaction))
        {
            insert.Parameters.AddText("id", conversationId);
            insert.Parameters.AddWithValue("position", position);
            insert.Parameters.AddText("json", snapshot.ToString(Formatting.None));
            insert.Parameters.AddWithValue("max", (long)_limits.MaxActivitiesPerConversation);
            insert.Parameters.AddWithValue("maxBytes", (long)_limits.MaxBytesPerConversation);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    public async Task<DirectLineActivitySet?> GetActivitiesAsync(string conversationId, int watermark, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenNpgsqlAsync(cancellationToken);
        // One statement, one snapshot: the watermark and the page agree even while other processes append.
        await using var command = new NpgsqlCommand("""
            SELECT c.next_position, a.position, a.json
            FROM bot_directline_conversations c
            LEFT JOIN LATERAL (
                SELECT position, json FROM bot_directline_activities
                WHERE conversation_id = c.id AND position >= @from AND position < c.next_position
                ORDER BY position LIMIT @page) a ON TRUE
            WHERE c.id = @id
            ORDER BY a.position
            """, connection);
        command.Parameters.AddText("id", conversationId);
        command.Parameters.AddWithValue("from", (long)Math.Max(0, watermark));
        command.Parameters.AddWithValue("page", (long)_limits.PageSize);
        long? end = null;
        long? last = null;
        var count = 0;
        var activities = new List<JObject>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            end = reader.GetInt64(0);
            if (reader.IsDBNull(1))
            {
                continue;
            }
            count++;
            last = reader.GetInt64(1);
            if (ActivityJson.ParseObject(reader.GetString(2)) is { } json)
            {
                activities.Add(json);
            }
        }
        return end is { } next ? new DirectLineActivitySet(activities, DirectLineRows.NextWatermark(next, last, count, _limits)) : null;
    }

    public async Task<int> DeleteInactiveAsync(DateTimeOffset inactiveSinceUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenNpgsqlAsync(cancellationToken);
        // Activities go with their conversation (ON DELETE CASCADE). An append racing this delete either commits first
        // (the row no longer matches the cutoff when re-checked) or finds the conversation gone.
        await using (var tokens = new NpgsqlCommand("DELETE FROM bot_directline_tokens WHERE expires_utc < @now", connection))
        {
            tokens.Parameters.AddTime("now", _clock.GetUtcNow());
            await tokens.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = new NpgsqlCommand("DELETE FROM bot_directline_conversations WHERE last_activity_utc < @cutoff", connection);
        command.Parameters.AddTime("cutoff", inactiveSinceUtc);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
