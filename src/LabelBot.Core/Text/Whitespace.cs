using System.Text;

namespace LabelBot.Core.Text;

/// <summary>Whitespace handling shared by label parsing, retry detection and claim checking.</summary>
public static class Whitespace
{
    /// <summary>Every whitespace run (line breaks included) becomes one space; no leading or trailing space.</summary>
    public static string Collapse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }
}
