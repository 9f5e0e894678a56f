using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LabelBot.Core.Answering.Conversation;

namespace LabelBot.Core.Storage;

/// <summary>
/// How every persistent conversation-focus store (SQLite, PostgreSQL) keeps an entry: the conversation id only as a
/// SHA-256 hash (never the id itself), the focus as web-cased JSON, and the same retention and purge cadence.
/// </summary>
public static class ConversationFocusFormat
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>How long a conversation's focus is kept after its last turn, unless a store is told otherwise.</summary>
    public static TimeSpan DefaultRetention { get; } = TimeSpan.FromDays(30);

    /// <summary>Expired entries are deleted at most this often per store instance (on a write), not on every turn.</summary>
    public static TimeSpan PurgeInterval { get; } = TimeSpan.FromHours(1);

    /// <summary>Upper-case hex SHA-256 of the UTF-8 id; a null id hashes like the empty one.</summary>
    public static string HashConversationId(string? conversationId) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(conversationId ?? string.Empty)));

    public static string Serialize(ConversationFocus focus)
    {
        ArgumentNullException.ThrowIfNull(focus);
        return JsonSerializer.Serialize(focus, Json);
    }

    public static ConversationFocus? Deserialize(string json) => JsonSerializer.Deserialize<ConversationFocus>(json, Json);
}
