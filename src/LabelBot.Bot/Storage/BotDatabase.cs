using System.Collections.Concurrent;
using System.Globalization;
using LabelBot.Bot.Hosting;
using Microsoft.Data.Sqlite;

namespace LabelBot.Bot.Storage;

/// <summary>
/// The host's own tables (feedback, Direct Line conversations, transcripts, the pharmacist queue) live in the label
/// database file, so one file holds everything and a restart loses nothing. Each store names its schema once; the
/// schema is created on first use per process.
/// </summary>
public sealed class BotDatabase
{
    private readonly string _connectionString;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _schemas = new(StringComparer.Ordinal);

    public BotDatabase(LabelBotHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Path = options.DatabasePath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Also the busy timeout: the label store may be writing (first-start seeding) at the same time.
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    /// <summary>An open connection with <paramref name="schemaSql"/> (idempotent DDL) applied once per process under <paramref name="schemaName"/>.</summary>
    public async Task<SqliteConnection> OpenAsync(string schemaName, string schemaSql, CancellationToken cancellationToken)
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            var schema = _schemas.GetOrAdd(schemaName, _ => new Lazy<Task>(() => ApplySchemaAsync(schemaSql)));
            try
            {
                await schema.Value.WaitAsync(cancellationToken);
            }
            catch (SqliteException)
            {
                // A failed schema attempt (e.g. the file was locked) is retried by the next caller.
                _schemas.TryRemove(schemaName, out _);
                throw;
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task ApplySchemaAsync(string schemaSql)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // WAL, as the label store sets it: readers (web chat polling) never wait for a writer. Persistent in the file.
        command.CommandText = "PRAGMA journal_mode = WAL;\n" + schemaSql;
        await command.ExecuteNonQueryAsync();
    }

    public static string FormatTime(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static object DbValue(string? value) => (object?)value ?? DBNull.Value;
}
