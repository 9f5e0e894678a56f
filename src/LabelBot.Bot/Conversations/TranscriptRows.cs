using System.Data.Common;
using LabelBot.Core.Storage;

namespace LabelBot.Bot.Conversations;

/// <summary>Reads a transcript turn (from <c>bot_transcripts</c> or <c>bot_escalation_messages</c>) on either provider.</summary>
internal static class TranscriptRows
{
    /// <summary>The columns <see cref="Read"/> expects, in this order; both tables have them.</summary>
    public const string Columns = "at_utc, role, kind, answer_id, author, text, citations_json";

    public static TranscriptEntry Read(DbDataReader reader) => new(
        reader.GetUtcTime(0),
        Enum.Parse<TranscriptRole>(reader.GetString(1)),
        reader.GetString(5),
        reader.GetNullableString(2),
        reader.GetNullableString(3),
        TranscriptJson.DeserializeCitations(reader.GetNullableString(6)),
        reader.GetNullableString(4));
}
