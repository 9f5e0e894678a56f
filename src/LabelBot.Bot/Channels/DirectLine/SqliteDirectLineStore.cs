using System.Globalization;
using LabelBot.Bot.Settings;
using LabelBot.Bot.Storage;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Channels.DirectLine;

/// <summary>
/// Direct Line conversations in the host's SQLite file (tables <c>bot_directline_*</c>), bounded by
/// <see cref="DirectLineOptions"/>: the last activities of each conversation within its byte budget (watermarks stay
/// absolute), a host-wide number of conversations, one page per read. Tokens live in their own table so a refresh can
/// issue a new one while the previous one runs out its grace.
/// </summary>
public sealed class SqliteDirectLineStore : IDirectLineStore
{
    public const int MaxActivitiesPerConversation = 500;

    private readonly BotDatabase _database;
    private readonly TimeProvider _clock;
    private readonly DirectLineOptions _limits;

    public SqliteDirectLineStore(BotDatabase database, TimeProvider clock, LabelBotHostOptions options)
        : this(database, clock, (options ?? throw new ArgumentNullException(nameof(options))).DirectLine)
    {
    }

    /// <summary>For tests: smaller bounds show the trimming without thousands of writes.</summary>
    internal SqliteDirectLineStore(BotDatabase database, TimeProvider clock, DirectLineOptions limits)
    {
        _database = database;
        _clock = clock;
        _limits = limits;
    }

    // token_hash / token_expires_utc of the conversation row are the first token's (kept for databases made before
    // bot_directline_tokens); every lookup goes through bot_directline_tokens.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS bot_directline_conversations (
            id TEXT PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            user_id TEXT NOT NULL,
            token_expires_utc TEXT NOT NULL,
            started INTEGER NOT NULL DEFAULT 0,
            next_position INTEGER NOT NULL DEFAULT 0,
            last_activity_utc TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_directline_conversations_last ON bot_directline_conversations (last_activity_utc);
        CREATE TABLE IF NOT EXISTS bot_directline_activities (
            conversation_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (conversation_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS bot_directline_tokens (
            token_hash TEXT PRIMARY KEY,
            conversation_id TEXT NOT NULL,
            expires_utc TEXT NOT NULL,
            absolute_expires_utc TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_directline_tokens_conversation ON bot_directline_tokens (conversation_id);
        """;

    public async Task<IssuedDirectLineConversation> CreateConversationAsync(string? userId, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        var issued = DirectLineRows.NewConversation(userId, now, _limits);
        var (conversation, token) = (issued.Conversation, issued.Token);
        await using var connection = await OpenAsync(cancellationToken);
        // IMMEDIATE: the count and the insert happen under one write lock, so the cap holds under concurrent starts.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var count = connection.CreateCommand())
        {
            count.Transaction = transaction;
            count.CommandText = "SELECT COUNT(*) FROM bot_directline_conversations";
            if ((long)(await count.ExecuteScalarAsync(cancellationToken))! >= _limits.MaxConversations)
            {
                throw new DirectLineFullException();
            }
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO bot_directline_conversations (id, token_hash, user_id, token_expires_utc, last_activity_utc)
            VALUES ($id, $token, $user, $expires, $now);
            INSERT INTO bot_directline_tokens (token_hash, conversation_id, expires_utc, absolute_expires_utc)
            VALUES ($token, $id, $expires, $absolute);
            """;
        command.Parameters.AddWithValue("$id", conversation.Id);
        command.Parameters.AddWithValue("$token", DirectLineTokens.Hash(token));
        command.Parameters.AddWithValue("$user", conversation.UserId);
        command.Parameters.AddWithValue("$expires", BotDatabase.FormatTime(conversation.TokenExpiresUtc));
        command.Parameters.AddWithValue("$absolute", BotDatabase.FormatTime(now + _limits.MaxConversationLifetime));
        command.Parameters.AddWithValue("$now", BotDatabase.FormatTime(now));
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return issued;
    }

    public async Task<DirectLineConversation?> FindConversationAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {DirectLineRows.ConversationColumns} FROM bot_directline_conversations WHERE id = $id";
        command.Parameters.AddWithValue("$id", conversationId);
        return await DirectLineRows.ReadConversationAsync(command, cancellationToken);
    }

    public async Task<DirectLineConversation?> FindByTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {DirectLineRows.TokenConversationColumns}
            FROM bot_directline_tokens t JOIN bot_directline_conversations c ON c.id = t.conversation_id
            WHERE t.token_hash = $token AND t.expires_utc > $now AND t.absolute_expires_utc > $now
            """;
        command.Parameters.AddWithValue("$token", DirectLineTokens.Hash(token));
        command.Parameters.AddWithValue("$now", BotDatabase.FormatTime(_clock.GetUtcNow()));
        return await DirectLineRows.ReadConversationAsync(command, cancellationToken);
    }

    public async Task<IssuedDirectLineConversation?> RefreshTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        string conversationId, userId;
        DateTimeOffset absolute;
        await using (var find = connection.CreateCommand())
        {
            find.Transaction = transaction;
            find.CommandText = """
                SELECT c.id, c.user_id, t.absolute_expires_utc
                FROM bot_directline_tokens t JOIN bot_directline_conversations c ON c.id = t.conversation_id
                WHERE t.token_hash = $token AND t.expires_utc > $now AND t.absolute_expires_utc > $now
                """;
            find.Parameters.AddWithValue("$token", DirectLineTokens.Hash(token));
            find.Parameters.AddWithValue("$now", BotDatabase.FormatTime(now));
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            (conversationId, userId, absolute) = (reader.GetString(0), reader.GetString(1), reader.GetUtcTime(2));
        }
        var fresh = DirectLineTokens.NewToken();
        var expires = DirectLineRows.RefreshedExpiry(now, absolute, _limits);
        await using (var rotate = connection.CreateCommand())
        {
            rotate.Transaction = transaction;
            // The old token runs out its grace (never extended); the new one carries the same absolute end.
            rotate.CommandText = """
                UPDATE bot_directline_tokens SET expires_utc = MIN(expires_utc, $grace) WHERE token_hash = $old;
                INSERT INTO bot_directline_tokens (token_hash, conversation_id, expires_utc, absolute_expires_utc)
                VALUES ($new, $id, $expires, $absolute);
                """;
            rotate.Parameters.AddWithValue("$old", DirectLineTokens.Hash(token));
            rotate.Parameters.AddWithValue("$grace", BotDatabase.FormatTime(now + _limits.RefreshGrace));
            rotate.Parameters.AddWithValue("$new", DirectLineTokens.Hash(fresh));
            rotate.Parameters.AddWithValue("$id", conversationId);
            rotate.Parameters.AddWithValue("$expires", BotDatabase.FormatTime(expires));
            rotate.Parameters.AddWithValue("$absolute", BotDatabase.FormatTime(absolute));
            await rotate.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new IssuedDirectLineConversation(new DirectLineConversation(conversationId, userId, expires), fresh);
    }

    public async Task<bool> MarkStartedAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE bot_directline_conversations SET started = 1 WHERE id = $id AND started = 0";
        command.Parameters.AddWithValue("$id", conversationId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<string?> AppendAsync(string conversationId, JObject activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var now = _clock.GetUtcNow();
        await using var connection = await OpenAsync(cancellationToken);
        // IMMEDIATE: the position is taken and used under one write lock, so concurrent appends never share one.
        await using var transaction = connection.BeginTransaction(deferred: false);
        long position;
        await using (var next = connection.CreateCommand())
        {
            next.Transaction = transaction;
            next.CommandText = """
                UPDATE bot_directline_conversations SET next_position = next_position + 1, last_activity_utc = $now
                WHERE id = $id RETURNING next_position - 1
                """;
            next.Parameters.AddWithValue("$id", conversationId);
            next.Parameters.AddWithValue("$now", BotDatabase.FormatTime(now));
            if (await next.ExecuteScalarAsync(cancellationToken) is not long assigned)
            {
                return null;
            }
            position = assigned;
        }

        var (id, snapshot) = DirectLineRows.Stamp(conversationId, position, activity, now);
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            // Then the oldest go: beyond the activity count, and beyond the byte budget counted from the newest (the
            // activity just added always stays).
            insert.CommandText = """
                INSERT INTO bot_directline_activities (conversation_id, position, json) VALUES ($id, $position, $json);
                DELETE FROM bot_directline_activities WHERE conversation_id = $id AND position <= $position - $max;
                DELETE FROM bot_directline_activities WHERE conversation_id = $id AND position < $position AND position <= (
                    SELECT MAX(position) FROM (
                        SELECT position, SUM(length(CAST(json AS BLOB))) OVER (ORDER BY position DESC) AS total
                        FROM bot_directline_activities WHERE conversation_id = $id)
                    WHERE total > $maxBytes);
                """;
            insert.Parameters.AddWithValue("$id", conversationId);
            insert.Parameters.AddWithValue("$position", position);
            insert.Parameters.AddWithValue("$json", snapshot.ToString(Formatting.None));
            insert.Parameters.AddWithValue("$max", _limits.MaxActivitiesPerConversation);
            insert.Parameters.AddWithValue("$maxBytes", _limits.MaxBytesPerConversation);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    public async Task<DirectLineActivitySet?> GetActivitiesAsync(string conversationId, int watermark, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // One read transaction: the watermark and the activities come from the same snapshot.
        await using var transaction = connection.BeginTransaction(deferred: true);
        long end;
        await using (var head = connection.CreateCommand())
        {
            head.Transaction = transaction;
            head.CommandText = "SELECT next_position FROM bot_directline_conversations WHERE id = $id";
            head.Parameters.AddWithValue("$id", conversationId);
            if (await head.ExecuteScalarAsync(cancellationToken) is not long next)
            {
                return null;
            }
            end = next;
        }
        var activities = new List<JObject>();
        long? last = null;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                SELECT position, json FROM bot_directline_activities
                WHERE conversation_id = $id AND position >= $from AND position < $end ORDER BY position LIMIT $page
                """;
            command.Parameters.AddWithValue("$id", conversationId);
            command.Parameters.AddWithValue("$from", Math.Max(0, watermark));
            command.Parameters.AddWithValue("$end", end);
            command.Parameters.AddWithValue("$page", _limits.PageSize);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var count = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                count++;
                last = reader.GetInt64(0);
                if (ActivityJson.ParseObject(reader.GetString(1)) is { } json)
                {
                    activities.Add(json);
                }
            }
            return new DirectLineActivitySet(activities, DirectLineRows.NextWatermark(end, last, count, _limits));
        }
    }

    public async Task<int> DeleteInactiveAsync(DateTimeOffset inactiveSinceUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var children = connection.CreateCommand();
        children.Transaction = transaction;
        children.CommandText = """
            DELETE FROM bot_directline_activities WHERE conversation_id IN
                (SELECT id FROM bot_directline_conversations WHERE last_activity_utc < $cutoff);
            DELETE FROM bot_directline_tokens WHERE expires_utc < $now OR conversation_id IN
                (SELECT id FROM bot_directline_conversations WHERE last_activity_utc < $cutoff);
            """;
        children.Parameters.AddWithValue("$cutoff", BotDatabase.FormatTime(inactiveSinceUtc));
        children.Parameters.AddWithValue("$now", BotDatabase.FormatTime(_clock.GetUtcNow()));
        await children.ExecuteNonQueryAsync(cancellationToken);
        await using var conversations = connection.CreateCommand();
        conversations.Transaction = transaction;
        conversations.CommandText = "DELETE FROM bot_directline_conversations WHERE last_activity_utc < $cutoff";
        conversations.Parameters.AddWithValue("$cutoff", BotDatabase.FormatTime(inactiveSinceUtc));
        var deleted = await conversations.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _database.OpenAsync("bot_directline", [Schema], cancellationToken);
}
