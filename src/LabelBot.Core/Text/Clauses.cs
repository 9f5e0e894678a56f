using System.Text.RegularExpressions;

namespace LabelBot.Core.Text;

/// <summary>Clauses of a sentence, shared by the phrasing verifier's dosing check and claim check.</summary>
public static partial class Clauses
{
    /// <summary>The clauses of a sentence: split at semicolons, colons, dashes and joining conjunctions.</summary>
    public static IReadOnlyList<string> Split(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var parts = ClauseBreak().Split(sentence);
        var clauses = parts.Select(p => p.Trim()).Where(p => p.Any(char.IsLetter)).ToList();
        return clauses.Count > 0 ? clauses : [sentence];
    }

    [GeneratedRegex(@"\s*(?:;|:\s|\s[—–]\s|,\s*(?:so|but|while|although|whereas|which|and then)\s|\sbut\s|\sbecause\s|\sdue to\s|,?\s*however,?\s)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex ClauseBreak();
}
