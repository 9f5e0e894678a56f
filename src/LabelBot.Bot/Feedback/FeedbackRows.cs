using System.Data.Common;
using LabelBot.Core.Storage;

namespace LabelBot.Bot.Feedback;

/// <summary>Reads a <c>bot_feedback</c> row on either provider (SQL stays with each store).</summary>
internal static class FeedbackRows
{
    /// <summary>The columns <see cref="Read"/> expects, in this order.</summary>
    public const string Columns = "created_utc, channel_id, conversation_hash, answer_id, answer_kind, helpful, reason, passage_ids";

    public static FeedbackEntry Read(DbDataReader reader) => new(
        reader.GetUtcTime(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetFlag(5),
        reader.GetNullableString(6),
        reader.GetTextList(7));
}
