using System.Security.Cryptography;
using System.Text;

namespace LabelBot.Benchmarks;

/// <summary>
/// Deterministic made-up names for the products of a scaled copy. Every word of a real name (brand, generic,
/// ingredient, labeler) becomes one invented word, so a question that names the real product still resolves to the
/// original label only: the invented words share no token and no 4-letter prefix with a real name, are many edits
/// away from any (a typo match needs one or two), start with "zq" like no drug name, and differ between copies.
/// </summary>
public static class SyntheticNames
{
    /// <summary>Every invented word starts with this; no drug or everyday word does.</summary>
    public const string Prefix = "zq";

    private const int CopyCodeLetters = 3;
    private const int WordHashLetters = 6;

    /// <summary>Largest copy number a name can encode (three letters base 26).</summary>
    public const int MaxCopy = 26 * 26 * 26 - 1;

    /// <summary>
    /// Rewrites every word (a run of letters and digits with at least one letter and two characters) of
    /// <paramref name="text"/> for copy <paramref name="copy"/>; separators and bare numbers ("10 mg" keeps "10") stay.
    /// </summary>
    public static string Rename(string text, int copy)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length + 16);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord)
            {
                if (start < 0)
                {
                    start = i;
                }
                continue;
            }
            if (start >= 0)
            {
                result.Append(RenameWord(text[start..i], copy));
                start = -1;
            }
            if (i < text.Length)
            {
                result.Append(text[i]);
            }
        }
        return result.ToString();
    }

    /// <summary>The invented word for one real word in one copy; the same inputs always give the same word.</summary>
    public static string RenameWord(string word, int copy)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentOutOfRangeException.ThrowIfNegative(copy);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(copy, MaxCopy);
        if (word.Length < 2 || !word.Any(char.IsLetter))
        {
            return word;
        }
        var invented = new StringBuilder(Prefix.Length + CopyCodeLetters + WordHashLetters);
        invented.Append(Prefix);
        // A fixed-width copy code keeps words of different copies apart whatever the hash says.
        var code = copy;
        Span<char> letters = stackalloc char[CopyCodeLetters];
        for (var i = CopyCodeLetters - 1; i >= 0; i--)
        {
            letters[i] = (char)('a' + code % 26);
            code /= 26;
        }
        invented.Append(letters);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(word.ToLowerInvariant()));
        for (var i = 0; i < WordHashLetters; i++)
        {
            invented.Append((char)('a' + hash[i] % 26));
        }
        // Capitalised like a brand in listings; resolution is case-insensitive anyway.
        invented[0] = char.ToUpperInvariant(invented[0]);
        return invented.ToString();
    }
}
