using System.Text.RegularExpressions;
using LabelBot.Core.Text;

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

    /// <summary>
    /// An instruction to the reader about how much or how often to take or give the drug ("take 2 tablets twice daily",
    /// "start with 750 mg", "give another dose every 2 to 3 minutes"). Label-style statements ("the recommended dose
    /// is 50 mg") are not advice.
    /// </summary>
    public static bool IsDosingAdvice(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // "For heart failure, start at …", "If there is no response, give …": the instruction may follow a comma.
        foreach (var clause in Clauses.Split(text).SelectMany(c => c.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            var instructs = Imperative().IsMatch(clause) || SecondPersonDosing().IsMatch(clause);
            if (instructs && (DoseWords().IsMatch(clause) || Quantities.Find(clause).Count > 0))
            {
                return true;
            }
        }
        return false;
    }

    // An imperative dosing verb at the start of a clause ("Take", "For gout, start with", "If …, give").
    [GeneratedRegex(@"^(?:then\s+|just\s+|simply\s+|always\s+|now\s+)?(?:take|use|give|administer|start|begin|increase|double|repeat|wait|apply|spray|swallow|chew|inject|titrate|split|crush|skip|adjust|decrease|reduce|continue)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Imperative();

    [GeneratedRegex(@"\b(?:you|your (?:child|partner|loved one))\s+(?:can|should|may|must|need to|could|only need to|will)\s+(?:safely\s+)?(?:take|use|give|double|increase|repeat|start|skip)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SecondPersonDosing();

    [GeneratedRegex(@"\b(?:doses?|dosing|tablets?|pills?|capsules?|sprays?|mg|ml|mcg|teaspoons?|times|daily|twice|once|hours?|minutes?|every)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DoseWords();

    [GeneratedRegex(@"\[see [^\]]*\]|\(\d+(?:\.\d+)*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    [GeneratedRegex(@"\d+(?:[.,]\d+)?\s*(?:-|to|or)?\s*(?:\d+(?:[.,]\d+)?\s*)?(?:mg|mcg|µg|ug|g|gm|grams?|milligrams?|micrograms?|ml|mL|L|units?|IU|mEq|mmol|tablets?|tabs?|capsules?|caps?|caplets?|pills?|puffs?|sprays?|drops?|doses?|teaspoons?|teaspoonfuls?|tsp|tablespoons?|tbsp|patch(?:es)?|injections?|applications?)(?:/(?:kg|m2|day|dose|hour|h))?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoseAmount();

    [GeneratedRegex(@"\d")]
    private static partial Regex Digit();

    [GeneratedRegex(@"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|twenty|thirty|forty|fifty|hundred|thousand|once|twice|thrice|half|double|quarter|daily|hourly|weekly|monthly|every|maximum|minimum|max)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuantityWord();
}
