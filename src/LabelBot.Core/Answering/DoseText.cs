using System.Text.RegularExpressions;

namespace LabelBot.Core.Answering;

/// <summary>Recognises dose amounts in text, for the rules that keep dose numbers out of redirects and public answers.</summary>
public static partial class DoseText
{
    /// <summary>True when the text states an amount of medicine: a number with a dose unit ("10 mg", "2 tablets", "0.5 mL/kg").</summary>
    public static bool HasDoseAmount(string text) => DoseAmount().IsMatch(text);

    /// <summary>
    /// True when the text contains any number, number word or frequency ("once", "twice", "daily", "every"): the
    /// stricter test for the sentence a public dosing redirect may quote, and for public answers quoting the
    /// Dosage and Administration section.
    /// </summary>
    /// <remarks>
    /// Cross-references such as "[see Warnings and Precautions (5.1)]" or "(2.2)" do not count.
    /// </remarks>
    public static bool HasAnyQuantity(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var withoutReferences = Reference().Replace(text, " ");
        return Digit().IsMatch(withoutReferences) || QuantityWord().IsMatch(withoutReferences);
    }

    [GeneratedRegex(@"\[see [^\]]*\]|\(\d+(?:\.\d+)*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    [GeneratedRegex(@"\d+(?:[.,]\d+)?\s*(?:-|to|or)?\s*(?:\d+(?:[.,]\d+)?\s*)?(?:mg|mcg|µg|ug|g|gm|grams?|milligrams?|micrograms?|ml|mL|L|units?|IU|mEq|mmol|tablets?|tabs?|capsules?|caps?|caplets?|pills?|puffs?|sprays?|drops?|doses?|teaspoons?|teaspoonfuls?|tsp|tablespoons?|tbsp|patch(?:es)?|injections?|applications?)(?:/(?:kg|m2|day|dose|hour|h))?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoseAmount();

    [GeneratedRegex(@"\d")]
    private static partial Regex Digit();

    [GeneratedRegex(@"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|twenty|thirty|forty|fifty|hundred|thousand|once|twice|thrice|half|double|quarter|daily|hourly|weekly|monthly|every|maximum|minimum|max)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuantityWord();
}
