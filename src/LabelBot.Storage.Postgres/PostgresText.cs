using System.Text;

namespace LabelBot.Storage.Postgres;

/// <summary>Makes any .NET string sendable as PostgreSQL text.</summary>
internal static class PostgresText
{
    /// <summary>
    /// NUL (which the server refuses in text) becomes a space and unpaired UTF-16 surrogates become U+FFFD (which the
    /// strict UTF-8 encoder would refuse). For lookup keys and search terms from outside: a key holding either could
    /// never have been stored, so the cleaned key finds nothing, as it should, instead of throwing.
    /// </summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }
        var text = value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', ' ') : value;
        return HasLoneSurrogate(text) ? Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)) : text;
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }
        return false;
    }
}
