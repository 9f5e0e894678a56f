using System.Text;
using LabelBot.ClaimCheck.Text;
using LabelBot.Core.Answering.Phrasing;
using LabelBot.Core.Text;

namespace LabelBot.ClaimCheck.Evidence;

/// <summary>A verified quote: verbatim text of one shown passage.</summary>
internal sealed record VerifiedQuote(NumberedPassage Passage, string Quote);

/// <summary>
/// Accepts a model's claim verdict only when its citations check out, with the same tests as a phrased answer:
/// cited passages were shown, quotes occur verbatim in them, and a "supported" claim passes
/// <see cref="PhrasedAnswerVerifier"/> (shared words, every number, same negation) against the passages it cites.
/// </summary>
internal static class ModelVerdictVerifier
{
    // A contradicting quote must at least be about the claim.
    private const double MinimumContradictionOverlap = 0.3;

    public static IReadOnlyList<VerifiedQuote>? Verify(ModelClaimVerdict verdict, ClaimFeatures claim, string claimText, IReadOnlyList<NumberedPassage> shown)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        // SAFETY: "not in label" from a model never overrides label evidence the rules found, and a verdict citing
        // nothing, or a passage it was never shown, is unsourced.
        if (verdict.Verdict == ClaimVerdict.NotInLabel || verdict.Cited is null || verdict.Cited.Count == 0)
        {
            return null;
        }
        var cited = new List<NumberedPassage>();
        foreach (var n in verdict.Cited.Distinct())
        {
            var passage = shown.FirstOrDefault(p => p.N == n);
            if (passage is null)
            {
                return null;
            }
            cited.Add(passage);
        }

        var quotes = new List<VerifiedQuote>();
        foreach (var quote in verdict.Quotes ?? [])
        {
            var found = cited.Select(p => (Passage: p, Text: FindVerbatim(p.Passage.Text, quote))).FirstOrDefault(x => x.Text is not null);
            if (found.Text is null)
            {
                return null; // SAFETY: an altered or invented quote is rejected, never shown.
            }
            quotes.Add(new VerifiedQuote(found.Passage, found.Text));
        }
        if (quotes.Count == 0)
        {
            quotes.AddRange(cited.Select(p => new VerifiedQuote(p, BestSentence(p.Passage.Text, claim))));
        }

        if (verdict.Verdict == ClaimVerdict.Supported)
        {
            var markers = string.Concat(cited.Select(p => $"[{p.N}]"));
            var check = PhrasedAnswerVerifier.Verify(new PhrasedAnswer($"{claimText.TrimEnd('.', ' ')} {markers}"), cited);
            return check is not null && check.Dropped == 0 ? quotes : null;
        }
        var quoteStems = new HashSet<string>(quotes.SelectMany(q => ClaimLexicon.Stems(q.Quote)), StringComparer.Ordinal);
        return Overlap.Of(claim.Stems, quoteStems) >= MinimumContradictionOverlap ? quotes : null;
    }

    /// <summary>The passage text that equals <paramref name="quote"/> up to white space, as written in the passage; or null.</summary>
    public static string? FindVerbatim(string passage, string quote)
    {
        if (string.IsNullOrWhiteSpace(quote))
        {
            return null;
        }
        var (normalized, map) = Collapse(passage);
        var (needle, _) = Collapse(quote.Trim());
        var at = normalized.IndexOf(needle, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var start = map[at];
        var end = map[at + needle.Length - 1] + 1;
        return passage[start..end];
    }

    private static (string Text, List<int> Map) Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var map = new List<int>(text.Length);
        var pendingSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                map.Add(i);
                pendingSpace = false;
            }
            builder.Append(text[i]);
            map.Add(i);
        }
        return (builder.ToString(), map);
    }

    private static string BestSentence(string passage, ClaimFeatures claim)
    {
        var sentences = SentenceSpans.Split(passage);
        var best = sentences.MaxBy(s => Overlap.Of(claim.Stems, ClaimLexicon.Stems(s.Of(passage))));
        return best == default ? passage : best.Of(passage);
    }
}
