using System.Text.RegularExpressions;

namespace LabelBot.Core.Answering.Routing;

/// <summary>
/// A recall net behind the dosing patterns: counts independent kinds of dosing cue in a question (an amount, a
/// second amount to choose between, a frequency or time of day, taking asked about, a judgement of amount, an amount
/// word) and calls it dosing when two or more kinds appear. Phrasings no pattern foresaw ("cipro 500 or 750 for a
/// bladder infection", "is 2 benadryl at bedtime too strong") still carry several cues at once, while label
/// questions that merely mention a strength ("side effects of lipitor 80 mg") carry one.
/// </summary>
/// <remarks>
/// SAFETY: this errs toward redirecting; questions about what a product looks like, contains, how it is stored or
/// supplied are exempt because they name the product's strength without asking for a dose.
/// </remarks>
internal static partial class DosingCueScore
{
    public const int Threshold = 2;

    public static bool IsDosing(string normalizedQuestion) => !ProductFact().IsMatch(normalizedQuestion) && Score(normalizedQuestion) >= Threshold;

    public static int Score(string normalizedQuestion)
    {
        var text = Ages().Replace(normalizedQuestion, " ");
        var amounts = Amount().Matches(text).Count;
        var score = 0;
        score += amounts > 0 ? 1 : 0;
        score += Choice().IsMatch(text) ? 1 : 0;
        score += Frequency().IsMatch(text) ? 1 : 0;
        score += IntakeAsked().IsMatch(text) ? 1 : 0;
        // A judgement counts only about an amount ("is 2 ok"), or when it is itself about amount ("too strong").
        var amountWord = AmountWord().IsMatch(text);
        score += ((amounts > 0 || amountWord) && Judgement().IsMatch(text)) || TooMuch().IsMatch(text) ? 1 : 0;
        score += amountWord ? 1 : 0;
        return score;
    }

    // Ages and durations are not amounts ("my 6 year old", "2 weeks", "I'm 17").
    [GeneratedRegex(@"\b\d+\s*(?:-|\s)?\s*(?:years?|yrs?|yo|y/o|months?|mos?|weeks?|wks?|days?)(?:[- ]old)?\b|\b(?:i'm|i am|he's|he is|she's|she is|age|aged|ages)\s+\d+\b|\b(?:patients?|people|adults?|persons?|elderly|seniors?)\s+(?:over|under|above|below|older than|younger than)\s+(?:the age of\s+)?\d{2}\b(?!\s*(?:mg|mcg|ml|g|units?|tablets?|pills?|hours?|hrs?|minutes?|kg|lbs?|pounds?))")]
    private static partial Regex Ages();

    // A choice between amounts: "500 or 750", "1 or 2 tablets", "10 vs 20".
    [GeneratedRegex(@"\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|ml|tablets?|pills?)?\s*(?:or|vs\.?|versus|instead of)\s*\d+(?:[.,]\d+)?\b")]
    private static partial Regex Choice();

    // A combination strength ("5-325", "10/325") is one amount.
    [GeneratedRegex(@"\b\d{1,4}(?:[.,]\d+)?(?:\s*[-/]\s*\d{1,4}(?:[.,]\d+)?)?\s*(?:mg|mcg|g|ml|cc|units?|iu|tablets?|tabs?|pills?|caps?|capsules?|puffs?|sprays?|drops?)?\b|\b(?:mg|mgs|milligrams?|mcg)\b|\b(?:half|a half|one|two|three|four|five|six)\s+(?:an?\s+)?(?:tablets?|pills?|caps?|capsules?|puffs?|sprays?|drops?|doses?)\b")]
    private static partial Regex Amount();

    [GeneratedRegex(@"\b(?:how often|how frequent\w*|frequency|times? (?:a|per|each) (?:day|week|night)|once|twice|thrice|daily|every|hourly|weekly|bedtime|at night|in the morning|morning|evening|hours?|hrs?|before bed|next (?:one|dose|pill)|again)\b")]
    private static partial Regex Frequency();

    [GeneratedRegex(@"\b(?:can|could|should|may|must|do|when|how)\b.{0,30}\b(?:take|taken|taking|give|given|giving|have|use|used|apply|applied|inject|injected|spray)\b|\bgive\s+me\b")]
    private static partial Regex IntakeAsked();

    [GeneratedRegex(@"\b(?:too (?:much|many|strong|weak|high|low|little)|strong|safe|safely|ok|okay|enough|max\w*|most|least|minimum|normal|usual|right|correct|recommended|limit)\b")]
    private static partial Regex Judgement();

    [GeneratedRegex(@"\btoo (?:much|many|strong|weak|high|low|little)\b")]
    private static partial Regex TooMuch();

    [GeneratedRegex(@"\b(?:how much|how many|amount|quantity|how strong|what mg|which mg|what strength|which strength)\b(?!\s+(?:time|days?|hours?|minutes?|weeks?|months?|years?)\b)")]
    private static partial Regex AmountWord();

    [GeneratedRegex(@"\b(?:look like|looks like|colou?r|shape|imprint|ingredients?|contains?|stor(?:e|ed|age)|temperature|supplied|comes? in|available|strengths|expir\w*|cost|price|worth|sell|buy|side effects?|adverse|warnings?|interact\w*|pregnan\w*|trials?|studies)\b|\bhow (?:much|many)\b.{0,30}\b(?:in|per)\b(?!.{0,20}\b(?:a day|day|24|hours?|night)\b)|\b(?:what|which) (?:mg|strengths?)\W*\s+(?:does|do|is|are)\b|^\W*how strong (?:is|are) (?:the )?\w+(?: \w+)? (?:in|of)\b")]
    private static partial Regex ProductFact();
}
