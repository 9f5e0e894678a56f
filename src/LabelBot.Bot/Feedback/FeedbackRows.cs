using System.Data.Common;
using LabelBot.Bot.Storage;

namespace LabelBot.Bot.Feedback;

/// <summary>Reads a <c>bot_feedback</c> row on either provider (SQL stays with each store).</summary>
internal static class FeedbackRows
{
    /// <summary>The columns <see cref="Read"/> expects, in this order.</summary>
    public const string Columns = "created_utc, channel_id, conversation_hash, answer_id, answer_kind, helpful, reason, passage_ids";

    /// <summary>Replaces any reason that is not one of <see cref="Rendering.FeedbackAction.ReasonCodes"/> (typed text from before codes) by "other".</summary>
    public static readonly string RedactFreeTextReasonsSql =
        $"UPDATE bot_feedback SET reason = '{Rendering.FeedbackAction.OtherReason}' WHERE reason IS NOT NULL AND reason NOT IN ("
        + string.Join(", ", Rendering.FeedbackAction.ReasonCodes.Select(r => "'" + r.Code + "'")) + ")";

    // SQLite has no arrays: the passage ids are one newline-separated text (ids never contain a newline).
    private const char PassageSeparator = '\n';

    public static string JoinPassageIds(IEnumerable<string> passageIds) => string.Join(PassageSeparator, passageIds);

    public static FeedbackEntry Read(DbDataReader reader) => new(
        reader.GetUtcTime(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetFlag(5),
        reader.GetNullableString(6),
        ReadPassageIds(reader, 7));

    /// <summary>PostgreSQL's TEXT[] or SQLite's joined text.</summary>
    private static IReadOnlyList<string> ReadPassageIds(DbDataReader reader, int ordinal)
    {
        if (reader.GetFieldType(ordinal) != typeof(string))
        {
            return reader.GetFieldValue<string[]>(ordinal);
        }
        var joined = reader.GetString(ordinal);
        return joined.Length == 0 ? [] : joined.Split(PassageSeparator);
    }
}
