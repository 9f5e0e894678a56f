using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.DirectLine;

/// <summary>A Direct Line conversation: its id, the token that grants access to it, and who the user is.</summary>
public sealed record DirectLineConversation(string Id, string Token, string UserId, DateTimeOffset TokenExpiresUtc);

/// <summary>Activities after a watermark, and the watermark to ask from next.</summary>
public sealed record DirectLineActivitySet(IReadOnlyList<JObject> Activities, string Watermark);

/// <summary>
/// Conversations and their activity history for the Direct Line 3.0 endpoint. In memory now; a later issue persists it.
/// Activities are stored as JSON snapshots in arrival order; the watermark is the position in that order.
/// </summary>
public interface IDirectLineStore
{
    Task<DirectLineConversation> CreateConversationAsync(string? userId, CancellationToken cancellationToken = default);

    Task<DirectLineConversation?> FindConversationAsync(string conversationId, CancellationToken cancellationToken = default);

    Task<DirectLineConversation?> FindByTokenAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>Extends a token's lifetime; null when the token is unknown or expired.</summary>
    Task<DirectLineConversation?> RefreshTokenAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>True exactly once per conversation: the first time the client starts it (the bot then says welcome).</summary>
    Task<bool> MarkStartedAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Appends an activity, assigning its id ("conversation|0000001") and timestamp; null when the conversation is unknown.</summary>
    Task<string?> AppendAsync(string conversationId, JObject activity, CancellationToken cancellationToken = default);

    /// <summary>Activities at or after <paramref name="watermark"/>; null when the conversation is unknown.</summary>
    Task<DirectLineActivitySet?> GetActivitiesAsync(string conversationId, int watermark, CancellationToken cancellationToken = default);
}
