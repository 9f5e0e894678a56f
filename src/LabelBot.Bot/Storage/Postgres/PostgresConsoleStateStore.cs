using LabelBot.Bot.Console;
using LabelBot.Postgres;
using Npgsql;

namespace LabelBot.Bot.Storage.Postgres;

/// <summary>The console's sessions and Data Protection key ring in the shared PostgreSQL database (as <see cref="SqliteConsoleStateStore"/>).</summary>
public sealed class PostgresConsoleStateStore(PostgresDatabase database) : IConsoleStateStore
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS bot_console_sessions (
            key_hash TEXT PRIMARY KEY,
            ticket BYTEA NOT NULL,
            expires_utc TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE IF NOT EXISTS bot_data_protection_keys (
            name TEXT PRIMARY KEY,
            xml TEXT NOT NULL
        );
        """,
    ];

    private readonly PostgresBotTables _tables = new(database, "bot_console", Migrations);

    public async Task SaveSessionAsync(string keyHash, byte[] ticket, DateTimeOffset expiresUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenNpgsqlAsync(cancellationToken);
        await using (var purge = new NpgsqlCommand("DELETE FROM bot_console_sessions WHERE expires_utc < @now", connection))
        {
            purge.Parameters.AddTime("now", DateTimeOffset.UtcNow);
            await purge.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = new NpgsqlCommand("""
            INSERT INTO bot_console_sessions (key_hash, ticket, expires_utc) VALUES (@key, @ticket, @expires)
            ON CONFLICT (key_hash) DO UPDATE SET ticket = excluded.ticket, expires_utc = excluded.expires_utc
            """, connection);
        command.Parameters.AddText("key", keyHash);
        command.Parameters.AddWithValue("ticket", ticket);
        command.Parameters.AddTime("expires", expiresUtc);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<byte[]?> FindSessionAsync(string keyHash, DateTimeOffset nowUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenNpgsqlAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT ticket FROM bot_console_sessions WHERE key_hash = @key AND expires_utc > @now", connection);
        command.Parameters.AddText("key", keyHash);
        command.Parameters.AddTime("now", nowUtc);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task DeleteSessionAsync(string keyHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenNpgsqlAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM bot_console_sessions WHERE key_hash = @key", connection);
        command.Parameters.AddText("key", keyHash);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListDataProtectionKeysAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenNpgsqlAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT xml FROM bot_data_protection_keys ORDER BY name", connection);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }
        return keys;
    }

    public async Task SaveDataProtectionKeyAsync(string name, string xml, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenNpgsqlAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "INSERT INTO bot_data_protection_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO UPDATE SET xml = excluded.xml", connection);
        command.Parameters.AddText("name", name);
        command.Parameters.AddText("xml", xml);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
