using System.Collections.Concurrent;
using System.Globalization;
using LabelBot.Bot.Settings;
using LabelBot.Core.Storage;
using LabelBot.Search.Storage;
using Microsoft.Data.Sqlite;

namespace LabelBot.Bot.Storage;

/// <summary>
/// The host's own tables (feedback, Direct Line conversations, transcripts, the pharmacist queue) live in the label
/// database file, so one file holds everything and a restart loses nothing. Each store names its migrations once; they
/// are brought up to date on first use per process, versioned in <c>labelbot_schema</c> like every other component (the
/// first migration of each is the DDL earlier builds ran unversioned, IF NOT EXISTS, so their files upgrade in place).
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

    /// <summary>An open connection; <paramref name="migrations"/> of <paramref name="component"/> are brought up to date once per process (<see cref="SchemaMigrator"/>).</summary>
    public async Task<SqliteConnection> OpenAsync(string component, IReadOnlyList<string> migrations, CancellationToken cancellationToken)
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
            var schema = _schemas.GetOrAdd(component, _ => new Lazy<Task>(() => MigrateAsync(new SchemaComponent(component, migrations))));
            try
            {
                await schema.Value.WaitAsync(cancellationToken);
            }
            catch (SqliteException)
            {
                // A failed schema attempt (e.g. the file was locked) is retried by the next caller.
                _schemas.TryRemove(component, out _);
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

    private async Task MigrateAsync(SchemaComponent component)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using (var wal = connection.CreateCommand())
        {
            // WAL, as the label store sets it: readers (web chat polling) never wait for a writer. Persistent in the file.
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync();
        }
        await SchemaMigrator.MigrateAsync(connection, SqliteSchemaBackend.Instance, component);
    }

    public static string FormatTime(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static object DbValue(string? value) => (object?)value ?? DBNull.Value;
}
