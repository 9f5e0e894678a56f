using System.Text;

namespace LabelBot.Search.Products;

/// <summary>Turns product names and questions into the same lowercase word tokens.</summary>
internal static class ProductText
{
    /// <summary>
    /// Lowercase runs of letters and digits. Apostrophes are dropped inside words ("men's" → "mens"); every other
    /// character (hyphen, ®, comma, slash…) separates words. Single letters are dropped; single digits are kept.
    /// </summary>
    public static List<string> Tokens(string? text)
    {
        var tokens = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 1 || (current.Length == 1 && char.IsDigit(current[0])))
            {
                tokens.Add(current.ToString());
            }
            current.Clear();
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if ((c == '\'' || c == '’') && current.Length > 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]))
            {
                // keep "mens" together rather than "men" + "s"
            }
            else
            {
                Flush();
            }
        }
        Flush();
        return tokens;
    }

    /// <summary>Plural-insensitive form for dosage-form words: "tablets" → "tablet", "sprays" → "spray".</summary>
    public static string Singular(string token) =>
        token.Length > 4 && token.EndsWith('s') && !token.EndsWith("ss", StringComparison.Ordinal) ? token[..^1] : token;

    public static bool IsAllDigits(string token) => token.All(char.IsDigit);
}
