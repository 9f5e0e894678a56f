using System.Globalization;
using LabelBot.Bot.Storage;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.DirectLine;

/// <summary>
/// Direct Line conversations in the host's SQLite file (tables <c>bot_directline_*</c>). Only the last
/// <see cref="MaxActivitiesPerConversation"/> activities are kept (watermarks stay absolute).
/// </summary>
public sealed class SqliteDirectLineStore : IDirectLineStore
{
    public const int MaxActivitiesPerConversation = 1_000;

    private readonly BotDatabase _database;
    private readonly TimeProvider _clock;
    private readonly int _maxActivities;

    public SqliteDirectLineStore(BotDatabase database, TimeProvider clock)
        : this(database, clock, MaxActivitiesPerConversation)
    {
    }

    /// <summary>For tests: a smaller bound shows the trimming without thousands of writes.</summary>
    internal SqliteDirectLineStore(BotDatabase database, TimeProvider clock, int maxActivities)
    {
        _database = database;
        _clock = clock;
        _maxActivities = maxActivities;
    }

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
        """;

    public async Task<IssuedDirectLineConversation> CreateConversationAsync(string? userId, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        var issued = DirectLineRows.NewConversation(userId, now);
        var (conversation, token) = (issued.Conversation, issued.Token);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO bot_directline_conversations (id, token_hash, user_id, token_expires_utc, last_activity_utc)
            VALUES ($id, $token, $user, $expires, $now)
            """;
        command.Parameters.AddWithValue("$id", conversation.Id);
        command.Parameters.AddWithValue("$token", DirectLineTokens.Hash(token));
        command.Parameters.AddWithValue("$user", conversation.UserId);
        command.Parameters.AddWithValue("$expires", BotDatabase.FormatTime(conversation.TokenExpiresUtc));
        command.Parameters.AddWithValue("$now", BotDatabase.FormatTime(now));
        await command.ExecuteNonQueryAsync(cancellationToken);
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
        command.CommandText = $"SELECT {DirectLineRows.ConversationColumns} FROM bot_directline_conversations WHERE token_hash = $token AND token_expires_utc > $now";
        command.Parameters.AddWithValue("$token", DirectLineTokens.Hash(token));
        command.Parameters.AddWithValue("$now", BotDatabase.FormatTime(_clock.GetUtcNow()));
        return await DirectLineRows.ReadConversationAsync(command, cancellationToken);
    }

    public async Task<DirectLineConversation?> RefreshTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE bot_directline_conversations SET token_expires_utc = $expires
            WHERE token_hash = $token AND token_expires_utc > $now
            RETURNING {DirectLineRows.ConversationColumns}
            """;
        command.Parameters.AddWithValue("$token", DirectLineTokens.Hash(token));
        command.Parameters.AddWithValue("$now", BotDatabase.FormatTime(now));
        command.Parameters.AddWithValue("$expires", BotDatabase.FormatTime(now + DirectLineTokens.Lifetime));
        return await DirectLineRows.ReadConversationAsync(command, cancellationToken);
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
            insert.CommandText = """
                INSERT INTO bot_directline_activities (conversation_id, position, json) VALUES ($id, $position, $json);
                DELETE FROM bot_directline_activities WHERE conversation_id = $id AND position <= $position - $max;
                """;
            insert.Parameters.AddWithValue("$id", conversationId);
            insert.Parameters.AddWithValue("$position", position);
            insert.Parameters.AddWithValue("$json", snapshot.ToString(Formatting.None));
            insert.Parameters.AddWithValue("$max", _maxActivities);
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
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT json FROM bot_directline_activities WHERE conversation_id = $id AND position >= $from AND position < $end ORDER BY position";
            command.Parameters.AddWithValue("$id", conversationId);
            command.Parameters.AddWithValue("$from", Math.Max(0, watermark));
            command.Parameters.AddWithValue("$end", end);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (ActivityJson.ParseObject(reader.GetString(0)) is { } json)
                {
                    activities.Add(json);
                }
            }
        }
        return new DirectLineActivitySet(activities, end.ToString(CultureInfo.InvariantCulture));
    }

    public async Task<int> DeleteInactiveAsync(DateTimeOffset inactiveSinceUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var activities = connection.CreateCommand();
        activities.Transaction = transaction;
        activities.CommandText = """
            DELETE FROM bot_directline_activities WHERE conversation_id IN
                (SELECT id FROM bot_directline_conversations WHERE last_activity_utc < $cutoff)
            """;
        activities.Parameters.AddWithValue("$cutoff", BotDatabase.FormatTime(inactiveSinceUtc));
        await activities.ExecuteNonQueryAsync(cancellationToken);
        await using var conversations = connection.CreateCommand();
        conversations.Transaction = transaction;
        conversations.CommandText = "DELETE FROM bot_directline_conversations WHERE last_activity_utc < $cutoff";
        conversations.Parameters.AddWithValue("$cutoff", BotDatabase.FormatTime(inactiveSinceUtc));
        var deleted = await conversations.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _database.OpenAsync("bot_directline", Schema, cancellationToken);
}
