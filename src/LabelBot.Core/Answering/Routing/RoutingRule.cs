using System.Text.RegularExpressions;

namespace LabelBot.Core.Answering.Routing;

/// <summary>
/// One routing rule over normalised question text (<see cref="QuestionText.Normalize"/>): it fires when
/// <see cref="Pattern"/> matches, <see cref="Requires"/> (if any) also matches, and <see cref="Unless"/> (if any) does not.
/// </summary>
/// <param name="Id">Stable id reported in <see cref="RouteDecision.Reason"/>, e.g. "dosing:how-much".</param>
public sealed record RoutingRule(string Id, Regex Pattern, Regex? Requires = null, Regex? Unless = null)
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <remarks>
    /// SAFETY: a pattern that times out (pathological input) counts as matched, so the turn falls to the more
    /// cautious kind (rules are checked from the most to the least protective) instead of being answered.
    /// </remarks>
    public bool Matches(string normalizedQuestion)
    {
        try
        {
            return Pattern.IsMatch(normalizedQuestion)
                && (Requires is null || Requires.IsMatch(normalizedQuestion))
                && (Unless is null || !Unless.IsMatch(normalizedQuestion));
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }

    /// <summary>Builds a rule from pattern strings (case-insensitive, culture-invariant, with a match timeout).</summary>
    public static RoutingRule Create(string id, string pattern, string? requires = null, string? unless = null) =>
        new(id, Compile(pattern), requires is null ? null : Compile(requires), unless is null ? null : Compile(unless));

    public static Regex Compile(string pattern) =>
        // Interpreted on purpose: questions are short, and compiling ~70 large patterns costs more start-up time than it saves.
        new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);
}
