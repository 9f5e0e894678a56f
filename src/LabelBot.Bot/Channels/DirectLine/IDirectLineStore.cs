using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Channels.DirectLine;

/// <summary>A Direct Line conversation: its id, who the user is, and until when the token presented is valid.</summary>
public sealed record DirectLineConversation(string Id, string UserId, DateTimeOffset TokenExpiresUtc);

/// <summary>A conversation with a new bearer token: the only moment the token exists outside the client.</summary>
public sealed record IssuedDirectLineConversation(DirectLineConversation Conversation, string Token);

/// <summary>Activities after a watermark (at most one page), and the watermark to ask from next.</summary>
public sealed record DirectLineActivitySet(IReadOnlyList<JObject> Activities, string Watermark);

/// <summary>The host holds as many conversations as <see cref="Hosting.DirectLineOptions.MaxConversations"/> allows.</summary>
public sealed class DirectLineFullException() : Exception("The host holds its maximum number of web chat conversations.");

/// <summary>
/// Conversations and their activity history for the Direct Line 3.0 endpoint (SQLite in the host's database, so a
/// conversation, and a pharmacist's reply into it, survive a restart). Activities are JSON snapshots in arrival
/// order; the watermark is the position in that order. Only a hash of each token is stored. Bounded by
/// <see cref="Hosting.DirectLineOptions"/>: activities and bytes per conversation (oldest dropped), conversations
/// per host, activities per read.
/// </summary>
public interface IDirectLineStore
{
    /// <exception cref="DirectLineFullException">The host-wide conversation cap is reached.</exception>
    Task<IssuedDirectLineConversation> CreateConversationAsync(string? userId, CancellationToken cancellationToken = default);

    Task<DirectLineConversation?> FindConversationAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>The conversation an unexpired token was issued for, or null.</summary>
    Task<DirectLineConversation?> FindByTokenAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>
    /// Issues a new token for the conversation of a valid one (never past the conversation's absolute lifetime); the
    /// presented token stays valid only for the refresh grace. Null when the token is unknown or expired, or the
    /// conversation has reached its absolute lifetime.
    /// </summary>
    Task<IssuedDirectLineConversation?> RefreshTokenAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>True exactly once per conversation: the first time the client starts it (the bot then says welcome).</summary>
    Task<bool> MarkStartedAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Appends an activity, assigning its id ("conversation|0000001") and timestamp; null when the conversation is unknown.</summary>
    Task<string?> AppendAsync(string conversationId, JObject activity, CancellationToken cancellationToken = default);

    /// <summary>At most one page of activities at or after <paramref name="watermark"/>; null when the conversation is unknown.</summary>
    Task<DirectLineActivitySet?> GetActivitiesAsync(string conversationId, int watermark, CancellationToken cancellationToken = default);

    /// <summary>Deletes conversations (and their activities and tokens) with no activity since <paramref name="inactiveSinceUtc"/>; returns how many.</summary>
    Task<int> DeleteInactiveAsync(DateTimeOffset inactiveSinceUtc, CancellationToken cancellationToken = default);
}

/// <summary>Direct Line bearer tokens: random, and stored only as a SHA-256 hash.</summary>
public static class DirectLineTokens
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public static string NewToken() => NewId(32);

    public static string NewId(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
