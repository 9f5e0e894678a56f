using System.Text.RegularExpressions;

namespace LabelBot.ClaimCheck;

/// <summary>
/// Recognises a chat message that asks for a claim check: "check this: …", "fact-check: …", "verify these claims: …",
/// or a pasted block of several claims (bullets, table rows or more than a few sentences) that is not a question or
/// a personal story.
/// </summary>
public static partial class ClaimCheckTrigger
{
    /// <summary>Claims a pasted block needs before it is checked without being asked.</summary>
    public const int PastedBlockClaims = 5;

    public static bool TryGetText(string message, out string text)
    {
        ArgumentNullException.ThrowIfNull(message);
        var asked = Request().Match(message);
        if (asked.Success)
        {
            text = asked.Groups["text"].Value.Trim();
            return text.Length > 0;
        }
        text = message.Trim();
        return LooksLikePastedClaims(text);
    }

    private static bool LooksLikePastedClaims(string message)
    {
        var claims = ClaimSplitter.Split(message);
        if (claims.Count < PastedBlockClaims || FirstPerson().Count(message) >= 2)
        {
            return false; // a short message, or someone describing their own situation, is a question for the answer engine
        }
        var questions = QuestionMark().Count(message);
        return questions * 5 < claims.Count;
    }

    [GeneratedRegex(@"^\s*(?:please\s+|can you\s+|could you\s+)?(?:fact[\s-]?check|check|verify)(?:\s+(?:this|these|the following|my))?(?:\s+(?:claims?|text|copy|ad|statements?))?\s*[:\-–—]\s*(?<text>[\s\S]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Request();

    [GeneratedRegex(@"\b(?:I|I'm|I've|me|my|mine)\b")]
    private static partial Regex FirstPerson();

    [GeneratedRegex(@"\?")]
    private static partial Regex QuestionMark();
}
