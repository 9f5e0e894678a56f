using System.Text;

namespace LabelBot.Search.Retrieval;

/// <summary>
/// Turns any user text into safe full-text terms: words of letters and digits only, so no FTS syntax (quotes,
/// NEAR, column filters, operators, "OR 1=1") survives; question filler words are dropped; the count is capped
/// so a 10,000-character paste costs no more than a normal question.
/// </summary>
public static class QueryTerms
{
    public const int MaxTerms = 32;
    public const int MaxTermLength = 40;

    // Question filler: BM25 would give these little weight anyway, but each OR term costs a posting-list scan.
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "before", "being",
        "but", "by", "can", "could", "did", "do", "does", "doing", "for", "from", "get", "got", "had", "has", "have", "he",
        "her", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "me", "might", "my", "of", "on",
        "or", "our", "she", "should", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they",
        "this", "those", "to", "was", "we", "were", "what", "when", "where", "which", "while", "who", "why", "will",
        "with", "would", "you", "your", "please", "tell", "know", "okay", "ok", "hi", "hello", "thanks", "im", "ive",
        "dont", "whats", "s", "t", "near", "not", "label", "say", "says",
    };

    /// <summary>Lowercase distinct terms in question order; empty when the text has no usable word.</summary>
    public static IReadOnlyList<string> Extract(string? text)
    {
        var terms = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return terms;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var word = new StringBuilder();
        void Flush()
        {
            if (word.Length > 0 && word.Length <= MaxTermLength)
            {
                var term = word.ToString();
                if (!Filler.Contains(term) && seen.Add(term))
                {
                    terms.Add(term);
                }
            }
            word.Clear();
        }
        foreach (var c in text)
        {
            if (terms.Count >= MaxTerms)
            {
                break;
            }
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (c is '\'' or '’')
            {
                // "don't" → "dont"; never a quote character in the output
            }
            else
            {
                Flush();
            }
        }
        if (terms.Count < MaxTerms)
        {
            Flush();
        }
        return terms;
    }
}
