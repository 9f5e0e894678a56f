using System.Data.Common;
using System.Globalization;
using LabelBot.Bot.Settings;
using LabelBot.Bot.Storage;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Channels.DirectLine;

/// <summary>
/// The provider-neutral half of the Direct Line stores: new conversations, stored activity snapshots, token expiries and
/// conversation rows read back, identical on SQLite and PostgreSQL (SQL stays with each store).
/// </summary>
internal static class DirectLineRows
{
    /// <summary>The columns <see cref="ReadConversationAsync"/> expects, in this order.</summary>
    public const string ConversationColumns = "id, user_id, token_expires_utc";

    /// <summary>The same, for a conversation joined (as c) with the token presented (as t).</summary>
    public const string TokenConversationColumns = "c.id, c.user_id, t.expires_utc";

    /// <summary>A fresh conversation and its bearer token; an anonymous caller gets a random user id.</summary>
    public static IssuedDirectLineConversation NewConversation(string? userId, DateTimeOffset now, DirectLineOptions limits) =>
        new(new DirectLineConversation(
                DirectLineTokens.NewId(18),
                string.IsNullOrWhiteSpace(userId) ? "user-" + DirectLineTokens.NewId(9) : userId,
                now + limits.TokenLifetime),
            DirectLineTokens.NewToken());

    /// <summary>A refreshed token's expiry: a full token lifetime, but never past the conversation's absolute end.</summary>
    public static DateTimeOffset RefreshedExpiry(DateTimeOffset now, DateTimeOffset absoluteEnd, DirectLineOptions limits) =>
        now + limits.TokenLifetime < absoluteEnd ? now + limits.TokenLifetime : absoluteEnd;

    /// <summary>
    /// The copy of <paramref name="activity"/> that is stored: its id carries the conversation and the zero-padded
    /// position (so ids sort in order) and its timestamp is the server's.
    /// </summary>
    public static (string Id, JObject Snapshot) Stamp(string conversationId, long position, JObject activity, DateTimeOffset now)
    {
        var id = $"{conversationId}|{position.ToString("D7", CultureInfo.InvariantCulture)}";
        var snapshot = (JObject)activity.DeepClone();
        snapshot["id"] = id;
        snapshot["timestamp"] = BotDatabase.FormatTime(now);
        return (id, snapshot);
    }

    /// <summary>The watermark after a page: past its last activity when the page is full (more may follow), else the end.</summary>
    public static string NextWatermark(long end, long? lastPosition, int pageCount, DirectLineOptions limits) =>
        (pageCount >= limits.PageSize && lastPosition is { } last ? last + 1 : end).ToString(CultureInfo.InvariantCulture);

    public static async Task<DirectLineConversation?> ReadConversationAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new DirectLineConversation(reader.GetString(0), reader.GetString(1), reader.GetUtcTime(2))
            : null;
    }
}
