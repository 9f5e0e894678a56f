using System.Data.Common;

namespace LabelBot.Bot.Storage;

/// <summary>
/// Column reads shared by the SQLite and PostgreSQL host stores. SQLite keeps times as ISO-8601 text and flags as
/// integers, PostgreSQL as TIMESTAMPTZ and BOOLEAN; these reads accept either so one row mapping serves both.
/// </summary>
internal static class StoredValues
{
    public static DateTimeOffset GetUtcTime(this DbDataReader reader, int ordinal) =>
        reader.GetFieldType(ordinal) == typeof(string)
            ? BotDatabase.ParseTime(reader.GetString(ordinal))
            : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? GetNullableUtcTime(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetUtcTime(ordinal);

    public static string? GetNullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A BOOLEAN, or SQLite's 0/1 integer.</summary>
    public static bool GetFlag(this DbDataReader reader, int ordinal) =>
        reader.GetFieldType(ordinal) == typeof(bool) ? reader.GetBoolean(ordinal) : reader.GetInt64(ordinal) != 0;
}
