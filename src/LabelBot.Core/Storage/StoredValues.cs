using System.Data.Common;
using System.Globalization;

namespace LabelBot.Core.Storage;

/// <summary>
/// Column reads shared by the SQLite and PostgreSQL host stores. SQLite keeps times as ISO-8601 text and flags as
/// integers, PostgreSQL as TIMESTAMPTZ and BOOLEAN; these reads accept either so one row mapping serves both.
/// </summary>
public static class StoredValues
{
    // SQLite has no arrays: a text list is one newline-separated text (ids never contain a newline).
    private const char ListSeparator = '\n';

    /// <summary>A point in time as SQLite stores it: ISO-8601 UTC text, which sorts as it compares.</summary>
    public static string FormatTime(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>A text list as SQLite stores it (see <see cref="GetTextList"/>).</summary>
    public static string JoinTextList(IEnumerable<string> values) => string.Join(ListSeparator, values);

    public static DateTimeOffset GetUtcTime(this DbDataReader reader, int ordinal) =>
        reader.GetFieldType(ordinal) == typeof(string)
            ? ParseTime(reader.GetString(ordinal))
            : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? GetNullableUtcTime(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetUtcTime(ordinal);

    public static string? GetNullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A BOOLEAN, or SQLite's 0/1 integer.</summary>
    public static bool GetFlag(this DbDataReader reader, int ordinal) =>
        reader.GetFieldType(ordinal) == typeof(bool) ? reader.GetBoolean(ordinal) : reader.GetInt64(ordinal) != 0;

    /// <summary>PostgreSQL's TEXT[] or SQLite's joined text.</summary>
    public static IReadOnlyList<string> GetTextList(this DbDataReader reader, int ordinal)
    {
        if (reader.GetFieldType(ordinal) != typeof(string))
        {
            return reader.GetFieldValue<string[]>(ordinal);
        }
        var joined = reader.GetString(ordinal);
        return joined.Length == 0 ? [] : joined.Split(ListSeparator);
    }
}
