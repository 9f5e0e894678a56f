using System.Globalization;
using System.Text.RegularExpressions;

namespace LabelBot.Core.Answering.Phrasing;

/// <summary>A number in text with the unit written after it, if any ("500 mg" → 500, "mg"), and where it starts.</summary>
internal readonly record struct NumberMention(decimal Value, string? Unit, int Index = 0);

/// <summary>
/// Finds quantities in text. Numbers are where a paraphrase hurts most (a changed strength, count or interval),
/// so each one a model writes must appear, with a compatible unit, in the passages it cites.
/// </summary>
internal static partial class NumberMentions
{
    private static readonly Dictionary<string, string> UnitAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["%"] = "%", ["percent"] = "%",
        ["mg"] = "mg", ["milligram"] = "mg", ["milligrams"] = "mg",
        ["mcg"] = "mcg", ["µg"] = "mcg", ["μg"] = "mcg", ["microgram"] = "mcg", ["micrograms"] = "mcg",
        ["g"] = "g", ["gram"] = "g", ["grams"] = "g",
        ["kg"] = "kg", ["ml"] = "ml", ["milliliter"] = "ml", ["milliliters"] = "ml", ["millilitre"] = "ml", ["millilitres"] = "ml",
        ["l"] = "l", ["iu"] = "iu", ["unit"] = "unit", ["units"] = "unit", ["meq"] = "meq", ["mmol"] = "mmol",
        ["h"] = "hour", ["hr"] = "hour", ["hrs"] = "hour", ["hour"] = "hour", ["hours"] = "hour",
        ["min"] = "minute", ["minute"] = "minute", ["minutes"] = "minute",
        ["day"] = "day", ["days"] = "day", ["week"] = "week", ["weeks"] = "week",
        ["month"] = "month", ["months"] = "month", ["year"] = "year", ["years"] = "year",
        ["tablet"] = "tablet", ["tablets"] = "tablet", ["capsule"] = "capsule", ["capsules"] = "capsule",
        ["dose"] = "dose", ["doses"] = "dose", ["time"] = "time", ["times"] = "time",
        ["drop"] = "drop", ["drops"] = "drop", ["puff"] = "puff", ["puffs"] = "puff",
    };

    private static readonly Dictionary<string, int> NumberWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8,
        ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["fourteen"] = 14, ["fifteen"] = 15,
        ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["hundred"] = 100,
    };

    public static IReadOnlyList<NumberMention> Find(string text)
    {
        var mentions = new List<NumberMention>();
        foreach (Match m in Quantity().Matches(text))
        {
            var unit = m.Groups["unit"].Success ? UnitAliases[m.Groups["unit"].Value] : null;
            if (m.Groups["digits"].Success)
            {
                var digits = m.Groups["digits"].Value.Replace(",", string.Empty, StringComparison.Ordinal);
                if (decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                {
                    mentions.Add(new NumberMention(value, unit, m.Index));
                }
            }
            else if (unit is not null)
            {
                // A spelled-out number counts only before a unit ("two tablets"), so "one of the" stays a word.
                mentions.Add(new NumberMention(NumberWords[m.Groups["word"].Value], unit, m.Index));
            }
        }
        return mentions;
    }

    /// <summary>
    /// True when <paramref name="source"/> holds the same value with the same unit, or the same value where
    /// one side has no unit (ranges such as "400 to 800 mg" leave the first number bare).
    /// </summary>
    public static bool IsCovered(NumberMention claimed, IReadOnlyList<NumberMention> source) =>
        source.Any(s => s.Value == claimed.Value && (s.Unit is null || claimed.Unit is null || s.Unit == claimed.Unit));

    [GeneratedRegex(
        @"(?<![\w.,])(?:(?<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)|(?<word>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|forty|fifty|sixty|hundred)\b)" +
        @"(?:[\s-]*(?<unit>%|percent|milligrams?|mg|micrograms?|mcg|µg|μg|grams?|g|kg|milli(?:liter|litre)s?|ml|l|iu|units?|meq|mmol|hours?|hrs?|h|minutes?|min|days?|weeks?|months?|years?|tablets?|capsules?|doses?|times|time|drops?|puffs?)(?![a-zA-Z]))?",
        RegexOptions.IgnoreCase)]
    private static partial Regex Quantity();
}
