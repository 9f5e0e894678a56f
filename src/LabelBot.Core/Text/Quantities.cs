using System.Globalization;
using System.Text.RegularExpressions;

namespace LabelBot.Core.Text;

/// <summary>What a quantity is said to be: the starting amount, the ceiling, a lower bound ("more than 2 hours"), or neither.</summary>
public enum QuantityRole { None, Start, Maximum, Above }

/// <summary>
/// A number or range found in text, converted to a base unit ("1 g" → 1000 mg, "2 hours" → 120 minutes) so that
/// "1 hour" meets "60 minutes". <see cref="Unit"/> is null for a bare number.
/// </summary>
/// <param name="Raw">The quantity as written ("10 to 80 mg", "twice daily"), for rationales.</param>
/// <param name="IsInterval">"every 12 hours": a dosing interval, which a duration ("for 10 days") never contradicts.</param>
public readonly record struct Quantity(decimal Low, decimal High, string? Unit, QuantityRole Role, int Start, int End, string Raw, bool IsInterval = false)
{
    public bool IsRange => Low != High;

    /// <summary>The same kind of quantity: same unit, and both intervals or both not.</summary>
    public bool SameUnit(Quantity other) =>
        Unit is not null && string.Equals(Unit, other.Unit, StringComparison.Ordinal) && IsInterval == other.IsInterval;

    public override string ToString() => Raw;
}

/// <summary>
/// Finds quantities in claim and label text and compares them. A claim's number must appear in its evidence with a
/// compatible unit to be supported; the same unit with another value is what a contradiction looks like
/// ("maximum 120 mg" against "10 to 80 mg").
/// </summary>
public static partial class Quantities
{
    private static readonly Dictionary<string, int> SmallNumbers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8,
        ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["fourteen"] = 14, ["fifteen"] = 15, ["twenty"] = 20,
        ["thirty"] = 30, ["sixty"] = 60,
    };

    public static IReadOnlyList<Quantity> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.Replace('º', '°').Replace('˚', '°');
        var found = new List<Quantity>();
        foreach (Match m in Frequency().Matches(normalized))
        {
            found.Add(new Quantity(FrequencyValue(m.Groups["times"].Value), FrequencyValue(m.Groups["times"].Value), "per day", QuantityRole.None, m.Index, m.Index + m.Length, m.Value.Trim()));
        }
        foreach (Match m in Ratio().Matches(normalized))
        {
            var share = Math.Round(Parse(m.Groups["num"].Value) * 100 / Math.Max(1, Parse(m.Groups["den"].Value)), 1);
            found.Add(new Quantity(share, share, "%", QuantityRole.None, m.Index, m.Index + m.Length, m.Value.Trim()));
        }
        foreach (Match m in Number().Matches(normalized))
        {
            if (found.Any(q => m.Index < q.End && q.Start < m.Index + m.Length))
            {
                continue; // already read as a frequency or a ratio
            }
            var quantity = Read(m);
            // "95% CI" is a statistical convention, not a finding a claim could restate or contradict.
            if (quantity is { Unit: "%" } && ConfidenceInterval().IsMatch(normalized, m.Index + m.Length))
            {
                continue;
            }
            if (quantity is not null)
            {
                found.Add(quantity.Value with { IsInterval = quantity.Value.Unit == "minute" && IntervalCue().IsMatch(normalized[..m.Index]) });
            }
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        InheritListUnits(normalized, found);
        AssignRoles(normalized, found);
        return found;
    }

    /// <summary>True when <paramref name="evidence"/> states <paramref name="claimed"/>: same value (or the same range,
    /// or a range whose end it names) with the same unit, or a bare number on either side.</summary>
    public static bool IsCovered(Quantity claimed, IReadOnlyList<Quantity> evidence) =>
        evidence.Any(e => UnitsCompatible(claimed, e) && ValuesMatch(claimed, e));

    /// <summary>
    /// True when the evidence gives the same kind of quantity (same unit) but never this value: the claim changed a number.
    /// </summary>
    public static bool HasDifferentValue(Quantity claimed, IReadOnlyList<Quantity> evidence) =>
        claimed.Unit is not null
        && evidence.Any(e => e.SameUnit(claimed))
        && !evidence.Any(e => e.SameUnit(claimed) && ValuesMatch(claimed, e));

    /// <summary>
    /// True when the claim calls a value the start or the maximum and the evidence gives a different start or maximum
    /// in the same unit ("starting dose 12.5 mg" against "start at 6.25 mg … increase to 12.5 mg").
    /// </summary>
    public static bool HasRoleConflict(Quantity claimed, IReadOnlyList<Quantity> evidence)
    {
        if (claimed.Role == QuantityRole.None || claimed.Unit is null)
        {
            return false;
        }
        var sameRole = evidence.Where(e => e.Role == claimed.Role && e.SameUnit(claimed)).ToList();
        return sameRole.Count > 0 && !sameRole.Any(e => ValuesMatch(claimed, e) || (claimed.Role == QuantityRole.Maximum && e.High == claimed.High));
    }

    /// <summary>
    /// True when the claim says "more than N" and the evidence caps the same unit at N or less ("more than once a day"
    /// against "maximum … once per day").
    /// </summary>
    public static bool ExceedsMaximum(Quantity claimed, IReadOnlyList<Quantity> evidence) =>
        claimed.Role == QuantityRole.Above && claimed.Unit is not null
        && evidence.Any(e => e.Role == QuantityRole.Maximum && e.SameUnit(claimed) && e.High <= claimed.Low);

    private static bool UnitsCompatible(Quantity a, Quantity b) => a.Unit is null || b.Unit is null || a.Unit == b.Unit;

    private static bool ValuesMatch(Quantity claimed, Quantity evidence) =>
        claimed.IsRange
            ? claimed.Low == evidence.Low && claimed.High == evidence.High
            : claimed.Low == evidence.Low || claimed.Low == evidence.High;

    private static Quantity? Read(Match m)
    {
        var lowText = m.Groups["low"].Value;
        decimal low;
        if (lowText.Length > 0)
        {
            low = Parse(lowText);
        }
        else if (SmallNumbers.TryGetValue(m.Groups["word"].Value, out var small))
        {
            low = small;
        }
        else
        {
            return null;
        }
        var high = m.Groups["high"].Success ? Parse(m.Groups["high"].Value) : low;
        // "500 mg tablet" is 500 mg: the unit after the number wins; the trailing unit only completes a range ("20° to 25°C").
        var rawUnit = m.Groups["high"].Success && m.Groups["unit"].Success ? m.Groups["unit"].Value
            : m.Groups["lowunit"].Success ? m.Groups["lowunit"].Value
            : m.Groups["unit"].Success ? m.Groups["unit"].Value
            : null;
        if (m.Groups["currency"].Success)
        {
            rawUnit = "$";
        }
        if (m.Groups["word"].Success && rawUnit is null)
        {
            return null; // "one of the" is a word, not a quantity; "two tablets" is one
        }
        var (unit, factor) = Canonical(rawUnit);
        return new Quantity(low * factor, high * factor, unit, QuantityRole.None, m.Index, m.Index + m.Length, m.Value.Trim());
    }

    private static (string? Unit, decimal Factor) Canonical(string? raw)
    {
        if (raw is null)
        {
            return (null, 1);
        }
        var u = Whitespace().Replace(raw.ToLowerInvariant(), string.Empty).TrimStart('-');
        return u switch
        {
            "%" or "percent" => ("%", 1),
            "$" or "dollar" or "dollars" or "usd" => ("$", 1),
            "mg" or "milligram" or "milligrams" => ("mg", 1),
            "g" or "gram" or "grams" => ("mg", 1000),
            "mcg" or "µg" or "μg" or "microgram" or "micrograms" => ("mg", 0.001m),
            "kg" => ("kg", 1),
            "ml" or "milliliter" or "milliliters" or "millilitre" or "millilitres" => ("ml", 1),
            "l" or "liter" or "liters" or "litre" or "litres" => ("ml", 1000),
            "h" or "hr" or "hrs" or "hour" or "hours" => ("minute", 60),
            "min" or "mins" or "minute" or "minutes" => ("minute", 1),
            "day" or "days" => ("minute", 1440),
            "week" or "weeks" => ("minute", 10080),
            "month" or "months" => ("month", 1),
            "year" or "years" => ("year", 1),
            "tablet" or "tablets" or "pill" or "pills" => ("tablet", 1),
            "capsule" or "capsules" => ("capsule", 1),
            "dose" or "doses" => ("dose", 1),
            "spray" or "sprays" => ("spray", 1),
            "time" or "times" => ("time", 1),
            "fold" or "x" => ("fold", 1),
            "°c" or "°" => ("°c", 1),
            "°f" => ("°f", 1),
            "mmhg" => ("mmhg", 1),
            _ => (u, 1),
        };
    }

    /// <summary>"6.25, 12.5, and 25 mg": the bare numbers of a list take the unit written after the last one.</summary>
    private static void InheritListUnits(string text, List<Quantity> quantities)
    {
        for (var i = quantities.Count - 2; i >= 0; i--)
        {
            var current = quantities[i];
            var next = quantities[i + 1];
            if (current.Unit is not null || next.Unit is null || current.End > next.Start)
            {
                continue;
            }
            var gap = text[current.End..next.Start];
            if (ListSeparator().IsMatch(gap))
            {
                var (low, high) = next.Unit is "mg" or "ml" or "minute" ? Rescale(current, next, text) : (current.Low, current.High);
                quantities[i] = current with { Low = low, High = high, Unit = next.Unit };
            }
        }
    }

    // A bare number borrowing a unit needs the same conversion factor ("2 or 3 hours" → 120, 180 minutes).
    private static (decimal Low, decimal High) Rescale(Quantity bare, Quantity withUnit, string text)
    {
        var unitMatch = Number().Match(text, withUnit.Start, withUnit.End - withUnit.Start);
        var raw = unitMatch.Success && unitMatch.Groups["unit"].Success ? unitMatch.Groups["unit"].Value : null;
        var (_, factor) = Canonical(raw);
        return (bare.Low * factor, bare.High * factor);
    }

    /// <summary>Marks quantities that the text calls a start ("starting dose of 10 mg") or a ceiling ("up to 80 mg").</summary>
    private static void AssignRoles(string text, List<Quantity> quantities)
    {
        for (var i = 0; i < quantities.Count; i++)
        {
            var from = i == 0 ? 0 : quantities[i - 1].End;
            from = Math.Max(from, quantities[i].Start - 60);
            var window = text[from..quantities[i].Start];
            var clauseBreak = Math.Max(window.LastIndexOf(". ", StringComparison.Ordinal), window.LastIndexOf(';'));
            if (clauseBreak >= 0)
            {
                window = window[(clauseBreak + 1)..];
            }
            var role = AboveCue().IsMatch(window) ? QuantityRole.Above
                : MaximumCue().IsMatch(window) ? QuantityRole.Maximum
                : StartCue().IsMatch(window) ? QuantityRole.Start
                : QuantityRole.None;
            if (role == QuantityRole.None && i > 0 && quantities[i - 1].Role != QuantityRole.None && ListSeparator().IsMatch(text[quantities[i - 1].End..quantities[i].Start]))
            {
                role = quantities[i - 1].Role; // "starting dose: 10 or 20 mg"
            }
            quantities[i] = quantities[i] with { Role = role };
        }
    }

    private static decimal FrequencyValue(string times) => times.ToLowerInvariant() switch
    {
        "once" or "one time" or "1 time" => 1,
        "twice" or "two times" or "2 times" => 2,
        "three times" or "3 times" => 3,
        "four times" or "4 times" => 4,
        _ => 0,
    };

    private static decimal Parse(string digits) =>
        decimal.Parse(digits.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private const string Num = @"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";

    private const string Unit =
        @"%|percent\b|mg/kg(?:/day|/dose)?|mcg/kg(?:/day|/dose)?|mg/m2|mg/dl|mg/ml|ml/min|mg|mcg|µg|μg|micrograms?|milligrams?|grams?|g\b|kg\b|ml\b|milli(?:liter|litre)s?|" +
        @"liters?|litres?|l\b|hours?|hrs?|h\b|minutes?|mins?\b|days?|weeks?|months?|years?|tablets?|pills?|capsules?|doses?|sprays?|" +
        @"times\b|-?fold\b|x\b|°\s?[cf]\b|°|mm\s?hg|dollars?\b|usd\b";

    [GeneratedRegex(
        @"(?<![A-Za-z0-9.,])(?:(?<currency>\$|US\$)\s?)?(?:(?<low>" + Num + @")|(?<word>\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|sixty)\b))" +
        @"(?:\s?(?<lowunit>" + Unit + @"))?" +
        @"(?:\s*(?:to|-|–|—|through)\s*(?<high>" + Num + @"))?" +
        @"(?:[\s-]?(?<unit>" + Unit + @"))?",
        RegexOptions.IgnoreCase)]
    private static partial Regex Number();

    [GeneratedRegex(@"\b(?<times>once|twice|one time|two times|three times|four times|[1-4] times)\s+(?:a|per|each|every)?\s*(?:day|daily)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Frequency();

    [GeneratedRegex(@"(?<![\d.,])\b(?<num>\d{1,3})\s+(?:out of|in)\s+(?<den>\d{1,3})\b(?!\s*(?:mg|ml|%|hours?|days?))", RegexOptions.IgnoreCase)]
    private static partial Regex Ratio();

    [GeneratedRegex(@"^\s*(?:,|/|,?\s*(?:and|or)|,\s*(?:and|or)\s*then|and then)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ListSeparator();

    [GeneratedRegex(@"\b(?:max(?:imum|imal)?|up to|(?:do )?not (?:to )?exceed|no more than|not more than|at most|highest)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MaximumCue();

    // Only right before the number: "more than 2 hours", "> 65 years", "patients over 60".
    [GeneratedRegex(@"(?:\b(?:more than|over|greater than|longer than|exceeding|above|in excess of)\s*|>\s*)$", RegexOptions.IgnoreCase)]
    private static partial Regex AboveCue();

    [GeneratedRegex(@"\b(?:start(?:ing|ed|s)?|initial(?:ly)?|initiat\w*|begin(?:ning)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StartCue();

    [GeneratedRegex(@"\b(?:every|each|q)\s*$", RegexOptions.IgnoreCase | RegexOptions.RightToLeft)]
    private static partial Regex IntervalCue();

    [GeneratedRegex(@"\G\s*(?:CI\b|confidence)", RegexOptions.IgnoreCase)]
    private static partial Regex ConfidenceInterval();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
