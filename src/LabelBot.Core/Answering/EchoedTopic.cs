using System.Text.RegularExpressions;

namespace LabelBot.Core.Answering;

/// <summary>
/// The question's topic as a reply repeats it back ("The X label does not address …"). SAFETY: a reply must never
/// echo what identifies a person or could render as active content, so e-mail addresses, URLs, phone numbers, digit
/// runs and markup are dropped, together with every word that was part of one in the question (the topic is built
/// from the question's words, so "jane.doe@example.com" may arrive here as "jane, doe, example").
/// </summary>
internal static partial class EchoedTopic
{
    public static string Clean(string topic, string question)
    {
        var identifying = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in Identifier().Matches(question))
        {
            identifying.UnionWith(Token().Matches(m.Value).Select(t => t.Value));
        }
        var kept = topic.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(part => !Identifier().IsMatch(part) && !part.Any(char.IsDigit) && !Token().Matches(part).Any(t => identifying.Contains(t.Value)))
            .Select(part => Markup().Replace(part, " ").Trim())
            .Where(part => part.Any(char.IsLetter))
            .ToList();
        return kept.Count == 0 ? "this question" : string.Join(", ", kept);
    }

    // e-mail addresses, URLs and bare domains, phone numbers and any run of 3+ digits (ids, dates, card numbers)
    [GeneratedRegex(@"[\w.%+\-]+@[\w.\-]+|\b(?:https?|ftp)://\S+|\bwww\.\S+|\b[\w\-]+(?:\.[\w\-]+)*\.(?:com|org|net|gov|edu|io|info|us|uk)\b|\+?\d[\d\s().\-/]{5,}\d|\d{3,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex Identifier();

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    [GeneratedRegex(@"<[^<>]*>|[<>\[\]{}()*_`#|~\\""]|&\w+;", RegexOptions.CultureInvariant)]
    private static partial Regex Markup();
}
