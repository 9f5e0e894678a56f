using System.Globalization;
using LabelBot.Bot.Hosting;
using Microsoft.Data.Sqlite;

namespace LabelBot.Bot.Feedback;

/// <summary>Feedback in the table <c>bot_feedback</c> of the label database file (created on first use).</summary>
public sealed class SqliteFeedbackStore : IFeedbackStore
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    public SqliteFeedbackStore(LabelBotHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public async Task SaveAsync(FeedbackEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO bot_feedback (created_utc, channel_id, conversation_hash, answer_id, answer_kind, helpful, reason, passage_ids)
            VALUES ($created, $channel, $conversation, $answer, $kind, $helpful, $reason, $passages)
            """;
        command.Parameters.AddWithValue("$created", entry.CreatedUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$channel", entry.ChannelId);
        command.Parameters.AddWithValue("$conversation", entry.ConversationHash);
        command.Parameters.AddWithValue("$answer", entry.AnswerId);
        command.Parameters.AddWithValue("$kind", entry.AnswerKind);
        command.Parameters.AddWithValue("$helpful", entry.Helpful ? 1 : 0);
        command.Parameters.AddWithValue("$reason", (object?)entry.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("$passages", string.Join('\n', entry.PassageIds));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<FeedbackEntry>> ListRecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT created_utc, channel_id, conversation_hash, answer_id, answer_kind, helpful, reason, passage_ids
            FROM bot_feedback ORDER BY id DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$limit", Math.Clamp(limit, 1, 10_000));
        var entries = new List<FeedbackEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var passages = reader.GetString(7);
            entries.Add(new FeedbackEntry(
                DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetInt64(5) == 1,
                reader.IsDBNull(6) ? null : reader.GetString(6),
                passages.Length == 0 ? [] : passages.Split('\n')));
        }
        return entries;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(new SqliteConnectionStringBuilder(_connectionString).DataSource);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if (!_schemaReady)
        {
            await EnsureSchemaAsync(connection, cancellationToken);
        }
        return connection;
    }

    private async Task EnsureSchemaAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE IF NOT EXISTS bot_feedback (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    created_utc TEXT NOT NULL,
                    channel_id TEXT NOT NULL,
                    conversation_hash TEXT NOT NULL,
                    answer_id TEXT NOT NULL,
                    answer_kind TEXT NOT NULL,
                    helpful INTEGER NOT NULL,
                    reason TEXT NULL,
                    passage_ids TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS ix_bot_feedback_created ON bot_feedback (created_utc);
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }
}
