using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;

namespace LabelBot.Core.Answering.Extractive;

/// <summary>Knobs of <see cref="ExtractiveComposer"/>.</summary>
public sealed record ExtractiveOptions
{
    public static ExtractiveOptions Default { get; } = new();

    /// <summary>Most sentences shown (the spec asks for a few, then Sources).</summary>
    public int MaxSentences { get; init; } = 4;

    /// <summary>Most sentences taken from one passage, so an answer draws on more than one place when it can.</summary>
    public int MaxSentencesPerPassage { get; init; } = 2;

    /// <summary>Share of the question's concepts the chosen sentences must mention; below it the label "does not address" it.</summary>
    public double MinCoverage { get; init; } = 0.5;

    /// <summary>
    /// SAFETY: in a Public deployment an ordinary answer never quotes a sentence with a number, amount or frequency
    /// from Dosage and Administration (or OTC Directions), so a question the router did not recognise as dosing
    /// still cannot come back with a dose or schedule.
    /// </summary>
    public bool ExcludeDoseAmountsFromDosageSection { get; init; } = true;

    /// <summary>For a comparison: give every label its best sentence before filling up by score.</summary>
    public bool EveryLabel { get; init; }
}

/// <summary>The outcome of extractive composition: an answer, or the facts for a not_in_label reply.</summary>
/// <param name="Answered">False when no retrieved sentence covers the question's content (reply not_in_label).</param>
/// <param name="Topic">The question's content in its own words, for "The label does not address …".</param>
/// <param name="SectionsChecked">Section titles of the retrieved passages.</param>
public sealed record ComposedAnswer(
    bool Answered,
    string Text,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<CitedQuote> Quotes,
    double Coverage,
    string Topic,
    string SectionsChecked);

/// <summary>
/// Builds an answer only from the retrieved passages' own sentences, verbatim: scores each sentence by the question
/// concepts it mentions (in the sentence, or at half weight in its section title) and the passage's retrieval rank,
/// keeps the best few, completes list lead-ins ("… if you take:" plus its items), merges neighbours from the same
/// passage, and lays them out grouped by label and section with [n] markers.
/// </summary>
public sealed partial class ExtractiveComposer(AnswerFormatter formatter)
{
    private const double RankWeight = 0.3;
    private const double KeepRatio = 0.5;
    private const double TitleShare = 0.5;
    private const double HighlightsPenalty = 0.15;
    private const double PackageLabelPenalty = 0.3;
    private const int LongSentence = 400;
    private const int MaxLeadInLength = 500;
    private const int MaxLeadInItems = 8;

    private static readonly HashSet<string> SmallWords = new(StringComparer.Ordinal) { "and", "or", "of", "the", "for", "in", "to", "a", "with", "on" };

    public static ExtractiveComposer Default { get; } = new(AnswerFormatter.Default);

    public ComposedAnswer Compose(QuestionConcepts concepts, IReadOnlyList<ScoredPassage> passages, ExtractiveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(concepts);
        ArgumentNullException.ThrowIfNull(passages);
        options ??= ExtractiveOptions.Default;
        var sectionsChecked = AnswerFormatter.SectionList(passages.Select(p => p.Passage));
        var quotes = SelectQuotes(concepts, passages, options, out var mentioned);
        var coverage = concepts.Count == 0 ? 1.0 : mentioned.Count / (double)concepts.Count;
        if (quotes.Count == 0 || !concepts.IsCoveredBy(mentioned, options.MinCoverage))
        {
            return new ComposedAnswer(false, string.Empty, [], [], coverage, concepts.Topic, sectionsChecked);
        }
        var (text, citations) = formatter.Format(quotes);
        return new ComposedAnswer(true, text, citations, quotes, coverage, concepts.Topic, sectionsChecked);
    }

    /// <summary>The chosen verbatim quotes in display order, and the concepts they mention.</summary>
    public static IReadOnlyList<CitedQuote> SelectQuotes(
        QuestionConcepts concepts, IReadOnlyList<ScoredPassage> passages, ExtractiveOptions options, out IReadOnlyCollection<Concept> mentioned)
    {
        ArgumentNullException.ThrowIfNull(concepts);
        ArgumentNullException.ThrowIfNull(passages);
        ArgumentNullException.ThrowIfNull(options);
        var candidates = Candidates(concepts, passages, options);
        if (candidates.Count == 0)
        {
            mentioned = [];
            return [];
        }
        var best = candidates.Max(c => c.Score);
        var ordered = candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Rank).ThenBy(c => c.SentenceIndex).ToList();
        var chosen = new List<Candidate>();
        var seenText = new HashSet<string>(StringComparer.Ordinal);
        if (options.EveryLabel)
        {
            foreach (var firstOfLabel in ordered.GroupBy(c => c.Scored.Label.SetId, StringComparer.Ordinal).Select(g => g.First()))
            {
                TryAdd(firstOfLabel);
            }
        }
        foreach (var candidate in ordered)
        {
            if (chosen.Count >= options.MaxSentences || candidate.Score < best * KeepRatio)
            {
                break;
            }
            if (chosen.Count(c => c.Rank == candidate.Rank) < options.MaxSentencesPerPassage)
            {
                TryAdd(candidate);
            }
        }
        mentioned = chosen.SelectMany(c => c.Mentioned).ToHashSet();
        return Arrange(chosen);

        void TryAdd(Candidate candidate)
        {
            var key = CollapseSpaces().Replace(candidate.Scored.Passage.Text[candidate.Span.Start..candidate.Span.End], " ").ToLowerInvariant();
            if (chosen.Count < options.MaxSentences && !chosen.Contains(candidate) && seenText.Add(key))
            {
                chosen.Add(candidate);
            }
        }
    }

    /// <summary>
    /// The passage sentence that mentions most of the question's concepts and passes <paramref name="allowed"/>, or null
    /// when none mentions any (or, with no concepts, the first allowed sentence).
    /// </summary>
    public static string? BestSentence(Passage passage, QuestionConcepts concepts, Func<string, bool>? allowed = null)
    {
        ArgumentNullException.ThrowIfNull(passage);
        ArgumentNullException.ThrowIfNull(concepts);
        string? best = null;
        var bestScore = 0.0;
        foreach (var span in SentenceSplitter.Split(passage.Text))
        {
            var sentence = span.Of(passage.Text);
            if (!IsQuotable(sentence) || (allowed is not null && !allowed(sentence)))
            {
                continue;
            }
            if (concepts.Count == 0)
            {
                return sentence;
            }
            var score = concepts.MentionedIn(TermStems.Of(sentence)).Sum(QuestionConcepts.Weight);
            if (score > bestScore)
            {
                best = sentence;
                bestScore = score;
            }
        }
        return best;
    }

    /// <summary>Sentences worth showing: real text, not a heading ("Storage and Stability") or a question heading.</summary>
    public static bool IsQuotable(string sentence)
    {
        if (sentence.Length < 12 || sentence.Count(char.IsLetter) < 8 || !sentence.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }
        if (sentence.EndsWith('?'))
        {
            return false; // "What are the possible side effects of X?" introduces, it does not say
        }
        var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var looksLikeHeading = !EndsWithTerminal(sentence) && words.Length <= 6
            && words.Where(w => char.IsLetter(w[0]) && !SmallWords.Contains(w)).All(w => char.IsUpper(w[0]));
        return !looksLikeHeading;
    }

    private static List<Candidate> Candidates(QuestionConcepts concepts, IReadOnlyList<ScoredPassage> passages, ExtractiveOptions options)
    {
        var totalWeight = concepts.Concepts.Sum(QuestionConcepts.Weight);
        var candidates = new List<Candidate>();
        for (var rank = 0; rank < passages.Count; rank++)
        {
            var scored = passages[rank];
            var passage = scored.Passage;
            var titleStems = TermStems.Of(passage.SectionTitle + " " + passage.TopSectionTitle);
            var inDosageSection = passage.TopSectionCode == SectionCodes.DosageAndAdministration
                || passage.SectionCode == SectionCodes.DosageAndAdministration;
            var spans = SentenceSplitter.Split(passage.Text);
            for (var index = 0; index < spans.Count; index++)
            {
                var sentence = spans[index].Of(passage.Text);
                if (!IsQuotable(sentence))
                {
                    continue;
                }
                var (span, lastIndex) = CompleteLeadIn(passage.Text, spans, index);
                var quote = span.Of(passage.Text);
                // SAFETY: see ExtractiveOptions.ExcludeDoseAmountsFromDosageSection.
                if (options.ExcludeDoseAmountsFromDosageSection && inDosageSection && DoseText.HasAnyQuantity(quote))
                {
                    continue;
                }
                var stems = TermStems.Of(quote);
                var mentioned = new List<Concept>();
                var conceptScore = 0.0;
                foreach (var concept in concepts.Concepts)
                {
                    if (concept.IsMentionedIn(stems))
                    {
                        mentioned.Add(concept);
                        conceptScore += QuestionConcepts.Weight(concept);
                    }
                    else if (concept.IsSectionOf(passage, titleStems))
                    {
                        mentioned.Add(concept);
                        conceptScore += QuestionConcepts.Weight(concept) * TitleShare;
                    }
                }
                if (concepts.Count > 0 && mentioned.Count == 0)
                {
                    continue;
                }
                var score = (totalWeight == 0 ? OverviewBonus(passage) : conceptScore / totalWeight)
                    + (RankWeight / (rank + 1))
                    - (concepts.Count == 0 ? index * 0.01 : 0)
                    - (passage.TopSectionCode == SectionCodes.Highlights ? HighlightsPenalty : 0)
                    - (passage.TopSectionCode == SectionCodes.PackageLabel ? PackageLabelPenalty : 0)
                    - (quote.Length > LongSentence ? 0.1 : 0);
                candidates.Add(new Candidate(scored, rank, index, lastIndex, span, mentioned, score));
            }
        }
        return candidates;
    }

    /// <summary>A question with no content of its own ("what is X?", "tell me about X") is answered from the overview sections.</summary>
    private static double OverviewBonus(Passage passage) =>
        passage.TopSectionCode is SectionCodes.IndicationsAndUsage or SectionCodes.OtcPurpose ? 0.3
        : passage.TopSectionCode == SectionCodes.Description ? 0.15
        : 0;

    /// <summary>
    /// A sentence that introduces a list ("Severe liver damage may occur if you take", "Symptoms may include:") is
    /// extended through the list items on the following lines, so the quote says something on its own.
    /// </summary>
    private static (TextSpan Span, int LastIndex) CompleteLeadIn(string text, IReadOnlyList<TextSpan> spans, int index)
    {
        var span = spans[index];
        var sentence = span.Of(text);
        var introducesList = sentence.EndsWith(':') || (!EndsWithTerminal(sentence) && StartsListItem(text, span.End));
        if (!introducesList)
        {
            return (span, index);
        }
        var last = index;
        while (last + 1 < spans.Count && last - index < MaxLeadInItems)
        {
            var next = spans[last + 1];
            var gap = text.AsSpan(spans[last].End, next.Start - spans[last].End);
            if (!gap.Contains('\n') || next.End - span.Start > MaxLeadInLength)
            {
                break;
            }
            last++;
            if (EndsWithTerminal(next.Of(text)) && !next.Of(text).EndsWith(':'))
            {
                break;
            }
        }
        return (new TextSpan(span.Start, spans[last].End - span.Start), last);
    }

    /// <summary>True when the next non-blank line after <paramref name="position"/> starts with a list bullet.</summary>
    private static bool StartsListItem(string text, int position)
    {
        var i = position;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
        return i < text.Length && i > position && text.AsSpan(position, i - position).Contains('\n') && text[i] is '•' or '◦' or '▪' or '●' or '-' or '*' or '–';
    }

    private static bool EndsWithTerminal(string sentence) => sentence.Length > 0 && sentence[^1] is '.' or '!' or '?' or ')' or ']' or '"' or '”' or ':';

    /// <summary>Groups by label, then section (best first), passage order within; neighbouring sentences merge into one quote.</summary>
    private static List<CitedQuote> Arrange(List<Candidate> chosen)
    {
        var quotes = new List<CitedQuote>();
        var labelOrder = chosen.GroupBy(c => c.Scored.Label.SetId, StringComparer.Ordinal).OrderByDescending(g => g.Max(c => c.Score));
        foreach (var byLabel in labelOrder)
        {
            var sectionOrder = byLabel.GroupBy(c => c.Scored.Passage.SectionPath + "|" + c.Scored.Passage.SectionCode, StringComparer.Ordinal)
                .OrderByDescending(g => g.Max(c => c.Score));
            foreach (var bySection in sectionOrder)
            {
                var ordered = bySection.OrderBy(c => c.Scored.Passage.Ordinal).ThenBy(c => c.SentenceIndex).ToList();
                for (var i = 0; i < ordered.Count; i++)
                {
                    var first = ordered[i];
                    var last = first;
                    while (i + 1 < ordered.Count && ordered[i + 1].Scored.Passage.Id == first.Scored.Passage.Id
                           && ordered[i + 1].SentenceIndex <= last.LastIndex + 1)
                    {
                        var next = ordered[++i];
                        if (next.Span.End > last.Span.End)
                        {
                            last = next;
                        }
                    }
                    var text = first.Scored.Passage.Text;
                    quotes.Add(new CitedQuote(first.Scored.Passage, first.Scored.Label, text[first.Span.Start..last.Span.End]));
                }
            }
        }
        return quotes;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\s+")]
    private static partial System.Text.RegularExpressions.Regex CollapseSpaces();

    private sealed record Candidate(
        ScoredPassage Scored, int Rank, int SentenceIndex, int LastIndex, TextSpan Span, IReadOnlyList<Concept> Mentioned, double Score);
}
