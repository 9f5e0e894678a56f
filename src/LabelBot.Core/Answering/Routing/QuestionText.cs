using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LabelBot.Core.Answering.Routing;

/// <summary>
/// Canonical form of a user question for rule matching: lower case, plain apostrophes and quotes, common chat
/// spellings and typos mapped to their words ("u" → "you", "shud" → "should"), single spaces.
/// Only used for classification; answers always quote the label, never this text.
/// </summary>
public static partial class QuestionText
{
    // Chat shorthand and frequent misspellings seen in consumer questions (MedicationQA and the like).
    private static readonly Dictionary<string, string> TokenFixes = new(StringComparer.Ordinal)
    {
        ["u"] = "you", ["ur"] = "your", ["r"] = "are", ["y"] = "why", ["pls"] = "please", ["plz"] = "please",
        ["im"] = "i'm", ["ive"] = "i've", ["dont"] = "don't", ["cant"] = "can't", ["wont"] = "won't",
        ["didnt"] = "didn't", ["doesnt"] = "doesn't", ["isnt"] = "isn't", ["shouldnt"] = "shouldn't", ["whats"] = "what's",
        ["hw"] = "how", ["hou"] = "how", ["wat"] = "what", ["wht"] = "what", ["waht"] = "what", ["teh"] = "the",
        ["shud"] = "should", ["shoud"] = "should", ["shold"] = "should", ["shuld"] = "should", ["sould"] = "should", ["shoudl"] = "should",
        ["cud"] = "could", ["wud"] = "would",
        ["mutch"] = "much", ["mch"] = "much", ["meny"] = "many", ["mny"] = "many",
        ["tak"] = "take", ["tke"] = "take", ["takin"] = "taking", ["takeing"] = "taking", ["tacking"] = "taking",
        ["doseage"] = "dosage", ["dosege"] = "dosage", ["dossage"] = "dosage", ["dosag"] = "dosage", ["dosgae"] = "dosage",
        ["dosge"] = "dosage", ["dosis"] = "dose", ["doze"] = "dose", ["dosses"] = "doses",
        ["ammount"] = "amount", ["amout"] = "amount", ["amont"] = "amount",
        ["pils"] = "pills", ["pilss"] = "pills", ["tablts"] = "tablets", ["tabelts"] = "tablets", ["tablett"] = "tablet",
        ["milagrams"] = "milligrams", ["miligrams"] = "milligrams", ["milligram"] = "milligrams", ["mgs"] = "mg",
        ["pregant"] = "pregnant", ["prengant"] = "pregnant", ["pregnent"] = "pregnant",
        ["breastfeed"] = "breastfeeding", ["breast-feeding"] = "breastfeeding",
        ["sideeffects"] = "side effects", ["sideffects"] = "side effects", ["affects"] = "effects",
        ["overdosed"] = "overdosed", ["oding"] = "overdosing", ["od'd"] = "overdosed", ["oded"] = "overdosed",
        ["pharmacis"] = "pharmacist", ["pharmasist"] = "pharmacist", ["farmacist"] = "pharmacist", ["pharmacists"] = "pharmacist",
        ["diarrea"] = "diarrhea", ["diahrea"] = "diarrhea", ["diahreea"] = "diarrhea", ["diarhea"] = "diarrhea",
        ["dizy"] = "dizzy", ["headach"] = "headache", ["nauseaous"] = "nauseous", ["nautious"] = "nauseous",
        ["differnce"] = "difference", ["diffrence"] = "difference", ["tme"] = "time",
        ["enuf"] = "enough", ["enogh"] = "enough", ["enugh"] = "enough", ["enought"] = "enough", ["inough"] = "enough",
    };

    /// <summary>The canonical text rules are matched against.</summary>
    public static string Normalize(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var text = question.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
        text = text.Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u201C', '"').Replace('\u201D', '"')
            .Replace('\u2013', '-').Replace('\u2014', '-').Replace("&", " and ", StringComparison.Ordinal);
        text = ZeroWidth().Replace(text, string.Empty);
        // SAFETY: "dose_mg" or "max_dose" (a field an attacker asks the bot to fill) reads as words; '_' would glue them.
        text = text.Replace('_', ' ');
        text = Token().Replace(text, m => TokenFixes.TryGetValue(m.Value, out var fixedWord) ? fixedWord : m.Value);
        text = SplitContraction().Replace(text, "i'm");
        text = TooMuch().Replace(text, "$1 too $2");
        // "10mg" → "10 mg", "2x" stays: units read the same with or without the space.
        text = NumberUnit().Replace(text, "$1 $2");
        return Spaces().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"[\u200B-\u200D\uFEFF]")]
    private static partial Regex ZeroWidth();

    [GeneratedRegex(@"[a-z][a-z'\-]*")]
    private static partial Regex Token();

    [GeneratedRegex(@"(\d)(mg|mcg|ml|g|iu|units?|tabs?|pills?|caps?)\b")]
    private static partial Regex NumberUnit();

    // "how much is to much": "to" typed for "too" after a verb.
    [GeneratedRegex(@"\b(is|are|be|take|took|taking|having|had|give|gave) to (much|many)\b")]
    private static partial Regex TooMuch();

    // "i m diabetic" (non-native spacing) reads as "i'm diabetic".
    [GeneratedRegex(@"\bi m\b")]
    private static partial Regex SplitContraction();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
