using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using LabelBot.Bot.Settings;
using LabelBot.Core.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace LabelBot.Bot.Console;

/// <summary>
/// Where the console's server-side state lives, beside the host's other tables (SQLite file or shared PostgreSQL):
/// sign-in sessions (the cookie holds only a key; signing out deletes the row, so a copied cookie dies with it) and the
/// Data Protection key ring (encrypted, so every host finds the same keys and none are readable at rest).
/// </summary>
public interface IConsoleStateStore
{
    Task SaveSessionAsync(string keyHash, byte[] ticket, DateTimeOffset expiresUtc, CancellationToken cancellationToken = default);

    /// <summary>The session's ticket while it has not expired; null when signed out, expired or unknown.</summary>
    Task<byte[]?> FindSessionAsync(string keyHash, DateTimeOffset nowUtc, CancellationToken cancellationToken = default);

    Task DeleteSessionAsync(string keyHash, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> ListDataProtectionKeysAsync(CancellationToken cancellationToken = default);

    Task SaveDataProtectionKeyAsync(string name, string xml, CancellationToken cancellationToken = default);
}

/// <summary>
/// The console state in tables <c>bot_console_sessions</c> and <c>bot_data_protection_keys</c>, written once for both
/// backends (the DDL and <see cref="BotTables"/> live in the backend projects).
/// </summary>
public sealed class ConsoleStateStore : IConsoleStateStore
{
    private readonly BotTables _tables;

    public ConsoleStateStore(IBotTableSource backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        _tables = backend.Tables(BotTableSet.Console);
    }

    public async Task SaveSessionAsync(string keyHash, byte[] ticket, DateTimeOffset expiresUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        // Expired sessions go as new ones are written: the table holds only live ones.
        await using (var purge = connection.Command("DELETE FROM bot_console_sessions WHERE expires_utc < @now"))
        {
            await purge.With("now", _tables.Time(DateTimeOffset.UtcNow)).ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = connection.Command("""
            INSERT INTO bot_console_sessions (key_hash, ticket, expires_utc) VALUES (@key, @ticket, @expires)
            ON CONFLICT (key_hash) DO UPDATE SET ticket = excluded.ticket, expires_utc = excluded.expires_utc
            """).With("key", keyHash).With("ticket", ticket).With("expires", _tables.Time(expiresUtc));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<byte[]?> FindSessionAsync(string keyHash, DateTimeOffset nowUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT ticket FROM bot_console_sessions WHERE key_hash = @key AND expires_utc > @now")
            .With("key", keyHash).With("now", _tables.Time(nowUtc));
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task DeleteSessionAsync(string keyHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var command = connection.Command("DELETE FROM bot_console_sessions WHERE key_hash = @key").With("key", keyHash);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListDataProtectionKeysAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT xml FROM bot_data_protection_keys ORDER BY name");
        return await command.ReadAllAsync(reader => reader.GetString(0), cancellationToken);
    }

    public async Task SaveDataProtectionKeyAsync(string name, string xml, CancellationToken cancellationToken = default)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "INSERT INTO bot_data_protection_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO UPDATE SET xml = excluded.xml")
            .With("name", name).With("xml", xml);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>ASP.NET Core's server-side session hook: the cookie carries a random key, the ticket stays in the database.</summary>
public sealed class DatabaseTicketStore(IConsoleStateStore store, TimeProvider clock) : ITicketStore
{
    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await RenewAsync(key, ticket);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var expires = ticket.Properties.ExpiresUtc ?? clock.GetUtcNow() + PharmacistAuthenticator.SessionLifetime;
        return store.SaveSessionAsync(Hash(key), TicketSerializer.Default.Serialize(ticket), expires);
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var bytes = await store.FindSessionAsync(Hash(key), clock.GetUtcNow());
        return bytes is null ? null : TicketSerializer.Default.Deserialize(bytes);
    }

    public Task RemoveAsync(string key) => store.DeleteSessionAsync(Hash(key));

    // Only a hash of the session key is stored: the table alone opens no session.
    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>The Data Protection key ring in the database, so every host (and every restart) uses the same keys.</summary>
public sealed class DatabaseXmlRepository(IConsoleStateStore store) : IXmlRepository
{
    // Data Protection's repository contract is synchronous; it is read once per key-ring refresh (about daily).
    public IReadOnlyCollection<XElement> GetAllElements() =>
        Task.Run(() => store.ListDataProtectionKeysAsync()).GetAwaiter().GetResult().Select(x => XElement.Parse(x)).ToList();

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        Task.Run(() => store.SaveDataProtectionKeyAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting))).GetAwaiter().GetResult();
    }
}

/// <summary>
/// Encrypts Data Protection keys at rest (AES-GCM) under a key derived from the console key: changing
/// LABELBOT_PHARMACIST_KEY makes the old key ring unreadable, which ends every session protected with it.
/// </summary>
public sealed class ConsoleKeyXmlEncryptor(byte[] key) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(key, tag.Length))
        {
            aes.Encrypt(nonce, plain, cipher, tag);
        }
        var element = new XElement("encryptedKey",
            new XComment(" Encrypted with a key derived from LABELBOT_PHARMACIST_KEY "),
            new XElement("value", Convert.ToBase64String([.. nonce, .. tag, .. cipher])));
        return new EncryptedXmlInfo(element, typeof(ConsoleKeyXmlDecryptor));
    }

    /// <summary>The key-ring encryption key for a console key (a separate derivation from the session fingerprint).</summary>
    public static byte[] DeriveKey(string consoleKey) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(consoleKey), "labelbot-dataprotection-keyring-v1"u8);
}

/// <summary>Reads what <see cref="ConsoleKeyXmlEncryptor"/> wrote; Data Protection creates it with the service provider.</summary>
public sealed class ConsoleKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var consoleKey = services.GetRequiredService<LabelBotHostOptions>().PharmacistKey
            ?? throw new CryptographicException("No LABELBOT_PHARMACIST_KEY: the console's key ring cannot be read.");
        var data = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? "");
        var nonceSize = AesGcm.NonceByteSizes.MaxSize;
        var tagSize = AesGcm.TagByteSizes.MaxSize;
        var plain = new byte[data.Length - nonceSize - tagSize];
        using (var aes = new AesGcm(ConsoleKeyXmlEncryptor.DeriveKey(consoleKey), tagSize))
        {
            // A different console key fails authentication here: the old keys (and their sessions) are unusable.
            aes.Decrypt(data.AsSpan(0, nonceSize), data.AsSpan(nonceSize + tagSize), data.AsSpan(nonceSize, tagSize), plain);
        }
        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}
