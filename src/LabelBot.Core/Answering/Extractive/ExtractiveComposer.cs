using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.Core.Text;

namespace LabelBot.Core.Answering.Extractive;

/// <summary>Knobs of <see cref="ExtractiveComposer"/>.</summary>
public sealed record ExtractiveOptions
{
    public static ExtractiveOptions Default { get; } = new();

    /// <summary>Most sentences shown (the spec asks for a few, then Sources).</summary>
    public int MaxSentences { get; init; } = 3;

    /// <summary>Most words shown across points (the first point is always shown whole).</summary>
    public int MaxWords { get; init; } = 90;

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

    /// <summary>
    /// The passages around a given one in its label (for a list whose lead-in and items were chunked into two passages);
    /// null looks only among the passages given to <see cref="ExtractiveComposer.Compose"/>.
    /// </summary>
    public IPassageNeighbours? Neighbours { get; init; }

    /// <summary>Sections the question is about (its intent): their text is preferred over a passing mention elsewhere.</summary>
    public IReadOnlySet<string> IntentSections { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}

/// <summary>The passages before and after a passage in its label version, in reading order.</summary>
public interface IPassageNeighbours
{
    Passage? Previous(Passage passage);

    Passage? Next(Passage passage);
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
    private const double IntentBonus = 0.25;
    private const double SummaryBonus = 0.45;
    private const double TableRowPenalty = 0.15;
    private const double StudyPenalty = 0.15;
    private const int LongSentence = 400;
    private const int MaxLeadInLength = 900;
    private const int MaxLeadInItems = 6;
    private const string InteractionsTopic = "interactions";
    private const double ParagraphPenalty = 0.04;
    private const int MaxParagraphPosition = 3;
    private const int MaxFollowOnWords = 16;

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
        // First the specific things asked about, each by its best sentence, so a long first point cannot crowd them out.
        foreach (var concept in concepts.Concepts.Where(c => c.IsSpecific))
        {
            if (!chosen.Any(c => c.Mentioned.Contains(concept))
                && ordered.FirstOrDefault(c => c.MentionedInText && c.Mentioned.Contains(concept) && c.Score >= best * KeepRatio) is { } pick)
            {
                TryAdd(pick, ignoreWordBudget: true);
            }
        }
        // A sentence that only sits under a matching title loses to sentences that say the thing asked about.
        var saysIt = ordered.Where(c => c.MentionedInText && c.Score >= best * KeepRatio).SelectMany(c => c.Mentioned).ToHashSet();
        foreach (var candidate in ordered)
        {
            if (chosen.Count >= options.MaxSentences || candidate.Score < best * KeepRatio)
            {
                break;
            }
            if (!candidate.MentionedInText && candidate.Mentioned.All(saysIt.Contains))
            {
                continue;
            }
            // Once the label names the other medicine asked about (warfarin), a sentence on interactions in general ("This
            // interaction should be given consideration … ACE-inhibitors") is about some other medicine.
            if (candidate.Mentioned.All(m => m.Label == InteractionsTopic)
                && chosen.Any(c => c.MentionedInText && c.Mentioned.Any(m => m.IsSpecific)))
            {
                continue;
            }
            if (chosen.Count(c => c.Rank == candidate.Rank) < options.MaxSentencesPerPassage)
            {
                TryAdd(candidate);
            }
        }
        mentioned = chosen.SelectMany(c => c.Mentioned).ToHashSet();
        return Arrange(chosen.Select(c => GoOnAboutIt(c, concepts, options)).ToList());

        void TryAdd(Candidate candidate, bool ignoreWordBudget = false)
        {
            var key = CollapseSpaces().Replace(candidate.Scored.Passage.Text[candidate.Span.Start..candidate.Span.End], " ").ToLowerInvariant();
            var words = candidate.Words();
            // A short answer: more points only while the whole stays readable at a glance.
            var fits = ignoreWordBudget || chosen.Count == 0 || chosen.Sum(c => c.Words()) + words <= options.MaxWords;
            if (fits && chosen.Count < options.MaxSentences && !chosen.Contains(candidate) && !chosen.Any(candidate.Overlaps)
                && !chosen.Any(c => SaysTheSame(c, candidate)) && seenText.Add(key))
            {
                chosen.Add(candidate);
            }
        }
    }

    /// <summary>
    /// Short sentences right after a chosen one that still speak of what was asked ("… excursions permitted to 40°C. Do not
    /// store at or above 40°C (104°F). Do not freeze.") finish its point: shown with it rather than cut off.
    /// </summary>
    private static Candidate GoOnAboutIt(Candidate candidate, QuestionConcepts concepts, ExtractiveOptions options)
    {
        if (candidate.Continuation is not null || !candidate.MentionedInText || concepts.Count == 0)
        {
            return candidate;
        }
        var passage = candidate.Scored.Passage;
        var text = passage.Text;
        var spans = SentenceSplitter.Split(text);
        var last = candidate.LastIndex;
        var added = 0;
        while (last + 1 < spans.Count)
        {
            var next = spans[last + 1];
            var sentence = next.Of(text);
            var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            if (text.AsSpan(spans[last].End, next.Start - spans[last].End).Contains("\n\n", StringComparison.Ordinal)
                || IsListItem(text, next) || !IsQuotable(sentence) || IntroducesList(sentence) || !EndsWithTerminal(spans[last].Of(text))
                || TablePointer().IsMatch(sentence) || PointsElsewhere().IsMatch(sentence) || IsCaption(sentence)
                || words > MaxFollowOnWords || added + words > MaxFollowOnWords
                || (options.ExcludeDoseAmountsFromDosageSection && IsInDosageSection(passage) && DoseText.HasAnyQuantity(sentence))
                || !(RefersBack().IsMatch(sentence) || WhenThatHappens().IsMatch(sentence) || concepts.MentionedIn(TermStems.Of(sentence)).Any()))
            {
                break;
            }
            added += words;
            last++;
        }
        return last == candidate.LastIndex ? candidate
            : candidate with { LastIndex = last, Span = new TextSpan(candidate.Span.Start, spans[last].End - candidate.Span.Start) };
    }

    /// <summary>The Highlights and the full section often say one thing twice: show it once.</summary>
    private static bool SaysTheSame(Candidate a, Candidate b)
    {
        const double SameWords = 0.6;
        var x = TermStems.Of(a.Scored.Passage.Text[a.Span.Start..a.Span.End]);
        var y = TermStems.Of(b.Scored.Passage.Text[b.Span.Start..b.Span.End]);
        var union = x.Union(y).Count();
        return union > 0 && x.Intersect(y).Count() / (double)union >= SameWords;
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
        var neighbours = options.Neighbours ?? new ListNeighbours(passages.Select(p => p.Passage));
        var given = new HashSet<string>(passages.Select(p => p.Passage.Id), StringComparer.Ordinal);
        var hasIntentPassage = passages.Any(p => options.IntentSections.Contains(p.Passage.SectionCode) || options.IntentSections.Contains(p.Passage.TopSectionCode));
        var candidates = new List<Candidate>();
        var paragraphs = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var rank = 0; rank < passages.Count; rank++)
        {
            var scored = passages[rank];
            var passage = scored.Passage;
            var spans = SentenceSplitter.Split(passage.Text);
            var items = spans.Select(span => IsListItem(passage.Text, span)).ToArray();
            var leading = 0;
            while (leading < spans.Count && items[leading])
            {
                leading++;
            }
            // Items whose lead-in closes the previous passage belong to it: shown with it, never as lone fragments.
            if (leading > 0 && neighbours.Previous(passage) is { } previous && LeadInAtEnd(previous) is { } leadIn)
            {
                if (!given.Contains(previous.Id))
                {
                    var continuation = new TextSpan(spans[0].Start, spans[leading - 1].End - spans[0].Start);
                    AddCandidate(new ScoredPassage(previous, scored.Label, scored.Score), rank, SentenceSplitter.Split(previous.Text).Count - 1, leadIn,
                        new QuotePiece(passage, continuation));
                }
            }
            else
            {
                // A Drug Facts section whose title leads in its bullets ("Stop use and ask a doctor if" • pain gets worse …).
                if (leading >= 2 && (options.IntentSections.Contains(passage.SectionCode) || options.IntentSections.Contains(passage.TopSectionCode)
                    || concepts.Concepts.Any(c => c.SectionIsTopic && c.SectionCodes is { } codes && codes.Contains(passage.SectionCode))))
                {
                    AddItemList(scored, rank, spans, leading);
                }
                leading = 0;
            }
            string? inlineHeading = null;
            for (var index = leading; index < spans.Count; index++)
            {
                var sentence = spans[index].Of(passage.Text);
                // "Hepatic effects" on its own line titles the paragraph below it: never a quote, but what it is about.
                if (!items[index] && IsInlineHeading(passage.Text, spans, index))
                {
                    inlineHeading = sentence;
                    continue;
                }
                if ((!IsQuotable(sentence) && !IsNoContraindication(passage, sentence)) || IsCaption(sentence) || IsLineBrokenFragment(passage.Text, spans[index])
                    || IsTableTitle(passage.Text, spans, index))
                {
                    continue;
                }
                // A list item is shown inside its lead-in; alone only when it says something on its own or opens a list.
                if (items[index] && (FollowsLeadIn(passage.Text, spans, items, index)
                    || !(IsStandaloneItem(sentence) || IntroducesList(sentence) || IsIntentItem(passage, sentence, options))))
                {
                    continue;
                }
                var (span, lastIndex) = CompleteLeadIn(passage.Text, spans, index);
                // A sentence the label broke across lines continues on them ("is indicated to control or prevent\npost-surgical …").
                var joined = lastIndex == index && !IsHeading(sentence);
                while (joined && lastIndex + 1 < spans.Count && !EndsWithTerminal(spans[lastIndex].Of(passage.Text))
                       && IsLineBrokenFragment(passage.Text, spans[lastIndex + 1]))
                {
                    span = new TextSpan(span.Start, spans[lastIndex + 1].End - span.Start);
                    lastIndex++;
                }
                // "These are not indicative of addiction." says nothing without the sentence it refers back to.
                if (index > leading && !items[index] && !items[index - 1] && RefersBack().IsMatch(sentence))
                {
                    span = new TextSpan(spans[index - 1].Start, span.End - spans[index - 1].Start);
                }
                // The title repeated as text, a heading alone, or "The following adverse reactions have been identified …" without
                // what follows is no answer, unless it leads in a list ("Ask a doctor before use if you have" • …).
                if (lastIndex == index && (IsBoilerplate(passage, sentence) || IsHeading(sentence) || AnnouncesWhatFollows().IsMatch(sentence)))
                {
                    continue;
                }
                QuotePiece? next = null;
                var endsInLeadIn = IntroducesList(spans[lastIndex].Of(passage.Text));
                if (endsInLeadIn && lastIndex == spans.Count - 1 && neighbours.Next(passage) is { } following)
                {
                    next = LeadingItems(following);
                }
                // "Dosage guidelines … are shown in Table 4." says nothing without Table 4: shown with its rows when the
                // table follows; a pointer to a table that cannot be shown is no answer.
                else if (TablePointer().Match(spans[lastIndex].Of(passage.Text)) is { Success: true } pointer)
                {
                    if (lastIndex != spans.Count - 1 || neighbours.Next(passage) is not { } table
                        || !table.Text.StartsWith("Table " + pointer.Groups[1].Value, StringComparison.OrdinalIgnoreCase)
                        || LeadingItems(table) is not { } rows || rows.Span.End < table.Text.TrimEnd().Length)
                    {
                        continue;
                    }
                    next = rows;
                }
                // A lead-in whose list cannot be found would be shown cut off: never shown alone.
                if (endsInLeadIn && next is null)
                {
                    continue;
                }
                AddCandidate(scored, rank, index, span, next, lastIndex, inlineHeading);
            }
        }
        return candidates;

        int ParagraphOfSection(Passage passage)
        {
            if (!paragraphs.TryGetValue(passage.Id, out var position))
            {
                for (var current = passage; position < MaxParagraphPosition && neighbours.Previous(current) is { } previous
                     && previous.SectionPath == passage.SectionPath; current = previous)
                {
                    position++;
                }
                paragraphs[passage.Id] = position;
            }
            return position;
        }

        // Items with no lead-in in the section asked about (Drug Facts "Directions": • shake well • wet hair • …) are one
        // answer, shown as a list up to the first item a public answer must not show (a dose or a frequency).
        void AddItemList(ScoredPassage scored, int rank, IReadOnlyList<TextSpan> spans, int itemCount)
        {
            var text = scored.Passage.Text;
            var inDosageSection = IsInDosageSection(scored.Passage);
            var count = 0;
            while (count < itemCount && count < MaxLeadInItems
                   && !(options.ExcludeDoseAmountsFromDosageSection && inDosageSection && DoseText.HasAnyQuantity(spans[count].Of(text))))
            {
                count++;
            }
            // Never end on an item that opens a list of its own ("… due to the common cold:").
            while (count > 0 && IntroducesList(spans[count - 1].Of(text)))
            {
                count--;
            }
            if (count < 2)
            {
                return;
            }
            // From the first bullet, so every item is shown as an item.
            var start = text.LastIndexOfAny(SentenceSplitter.BulletChars, spans[0].Start);
            start = start >= 0 && string.IsNullOrWhiteSpace(text[(start + 1)..spans[0].Start]) ? start : spans[0].Start;
            AddCandidate(scored, rank, 0, new TextSpan(start, spans[count - 1].End - start), null, count - 1);
        }

        void AddCandidate(ScoredPassage scored, int rank, int index, TextSpan span, QuotePiece? continuation, int? lastIndex = null, string? inlineHeading = null)
        {
            var passage = scored.Passage;
            var quote = span.Of(passage.Text);
            var whole = continuation is null ? quote : quote + "\n" + continuation.Span.Of(continuation.Passage.Text);
            var inDosageSection = IsInDosageSection(passage);
            // SAFETY: see ExtractiveOptions.ExcludeDoseAmountsFromDosageSection.
            if (options.ExcludeDoseAmountsFromDosageSection && inDosageSection && DoseText.HasAnyQuantity(whole))
            {
                return;
            }
            // A table's data row ("Edema dependent | 7 24 5 5 4 | 7 22 4 3 2") reads as noise outside its table.
            if (quote.Count(c => c == '|') >= 2)
            {
                return;
            }
            var titleStems = TermStems.Of(passage.SectionTitle + " " + passage.TopSectionTitle + " " + inlineHeading);
            var stems = TermStems.Of(whole);
            var mentioned = new List<Concept>();
            var conceptScore = 0.0;
            var inText = false;
            var depth = 0.0;
            foreach (var concept in concepts.Concepts)
            {
                // More of the concept's own words ("bleeding, ulceration, and perforation") is closer to the point.
                depth += Math.Min(0.15, 0.05 * Math.Max(0, concept.Stems.Count(stems.Contains) - 1));
                // A broad topic ("what it is used for") named outside its own sections is a passing word, not the answer.
                var outsideItsSections = !concept.IsSpecific && concept.SectionCodes is { Count: > 0 } codes
                    && !codes.Contains(passage.SectionCode) && !codes.Contains(passage.TopSectionCode);
                if (concept.IsMentionedIn(stems) && outsideItsSections)
                {
                    mentioned.Add(concept);
                    conceptScore += QuestionConcepts.Weight(concept) * TitleShare;
                }
                else if (concept.IsMentionedIn(stems))
                {
                    mentioned.Add(concept);
                    conceptScore += QuestionConcepts.Weight(concept);
                    inText = true;
                }
                else if (concept.SectionCodes is { Count: > 0 } own
                    && (own.Contains(passage.SectionCode) || own.Contains(passage.TopSectionCode))
                    && (concept.SectionIsTopic || (concept.SectionOpeningIsTopic && index == 0 && ParagraphOfSection(passage) == 0)))
                {
                    // See Concept.SectionIsTopic and SectionOpeningIsTopic: the section's sentences are about the topic without repeating its words.
                    mentioned.Add(concept);
                    conceptScore += QuestionConcepts.Weight(concept);
                    inText = true;
                }
                else if (concept.IsSectionOf(passage, titleStems))
                {
                    mentioned.Add(concept);
                    conceptScore += QuestionConcepts.Weight(concept) * TitleShare;
                }
            }
            var inIntent = options.IntentSections.Contains(passage.SectionCode) || options.IntentSections.Contains(passage.TopSectionCode);
            // Packaging, chemistry, animal and study sections answer only questions about them ("alcohol preps" in the carton
            // is not what "is beer ok with it?" asks).
            if (!inIntent && concepts.Count > 0 && IsBackgroundSection(passage))
            {
                return;
            }
            // A question with no content of its own is answered from its intent sections when the label has them.
            if ((concepts.Count > 0 && mentioned.Count == 0) || (concepts.Count == 0 && options.IntentSections.Count > 0 && !inIntent && hasIntentPassage))
            {
                return;
            }
            // The section's own summary (Highlights, or its opening sentence) answers a broad question best.
            var broad = concepts.Concepts.All(c => !c.IsSpecific);
            var summary = inIntent && broad && passage.TopSectionCode == SectionCodes.Highlights ? SummaryBonus : 0;
            var score = (totalWeight == 0 ? OverviewBonus(passage) : conceptScore / totalWeight)
                // Retrieved at all counts, not the exact rank: backends' BM25 order near ties differently (SQLite and PostgreSQL
                // must give the same answer).
                + (scored.Score > 0 ? RankWeight / 2 : 0)
                + (inIntent ? IntentBonus : 0)
                + summary
                - (index * (broad ? 0.03 : 0.02)) // a passage's opening sentence is its topic sentence
                // and a section's opening paragraph its summary ("For symptomatic relief of anxiety …" before "Useful in …").
                - (broad && inIntent ? ParagraphPenalty * ParagraphOfSection(passage) : 0)
                + depth
                - (passage.TopSectionCode == SectionCodes.Highlights && !inIntent ? HighlightsPenalty : 0)
                - (passage.TopSectionCode == SectionCodes.PackageLabel ? PackageLabelPenalty : 0)
                // A table the quote points to ("shown in Table 4") is shown on purpose; table text in the quote itself is not.
                - (quote.Contains('|', StringComparison.Ordinal) ? TableRowPenalty : 0)
                - (IsStudySection(passage) && !inIntent ? StudyPenalty : 0)
                - (quote.Length > LongSentence && !IntroducesList(SentenceSplitter.SplitToStrings(quote)[0]) ? 0.1 : 0);
            candidates.Add(new Candidate(scored, rank, index, lastIndex ?? index, span, mentioned, score, continuation) { MentionedInText = inText || concepts.Count == 0 });
        }
    }

    private static bool IsBackgroundSection(Passage passage) =>
        passage.TopSectionCode is SectionCodes.HowSupplied or SectionCodes.PackageLabel or SectionCodes.Description or SectionCodes.NonclinicalToxicology
        || passage.SectionCode is SectionCodes.HowSupplied or SectionCodes.StorageAndHandling or SectionCodes.PackageLabel or SectionCodes.Description;

    private static bool IsStudySection(Passage passage) =>
        passage.TopSectionCode is SectionCodes.ClinicalStudies or SectionCodes.NonclinicalToxicology
        || passage.SectionTitle.Contains("Clinical Trials", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a passage of Dosage and Administration (or OTC Directions, which share its code).</summary>
    internal static bool IsInDosageSection(Passage passage) =>
        passage.SectionCode == SectionCodes.DosageAndAdministration || passage.TopSectionCode == SectionCodes.DosageAndAdministration;

    /// <summary>True when the span is a list item: its line starts with a bullet.</summary>
    private static bool IsListItem(string text, TextSpan span)
    {
        var i = span.Start - 1;
        while (i >= 0 && text[i] is ' ' or '\t')
        {
            i--;
        }
        if (i < 0 || Array.IndexOf(SentenceSplitter.BulletChars, text[i]) < 0)
        {
            return false;
        }
        i--;
        while (i >= 0 && text[i] is ' ' or '\t')
        {
            i--;
        }
        return i < 0 || text[i] is '\n' or '\r';
    }

    /// <summary>True when an item at <paramref name="index"/> continues a lead-in earlier in the same passage (itself perhaps an item).</summary>
    private static bool FollowsLeadIn(string text, IReadOnlyList<TextSpan> spans, bool[] items, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            var sentence = spans[i].Of(text);
            if (IntroducesList(sentence))
            {
                return true;
            }
            if (!items[i])
            {
                // Items under a heading ("Cardiovascular Thrombotic Events" • …) are statements of their own.
                return !EndsWithTerminal(sentence) && !IsHeading(sentence);
            }
        }
        return false;
    }

    /// <summary>"None." under Contraindications is a whole answer, however short.</summary>
    private static bool IsNoContraindication(Passage passage, string sentence) =>
        (passage.SectionCode == SectionCodes.Contraindications || passage.TopSectionCode == SectionCodes.Contraindications)
        && sentence.TrimEnd('.', ' ').Equals("None", StringComparison.OrdinalIgnoreCase);

    /// <summary>Text that is not an answer: the section title repeated as text, pointers to other documents, reporting lines.</summary>
    private static bool IsBoilerplate(Passage passage, string sentence) =>
        string.Equals(sentence.TrimEnd('.', ':'), passage.SectionTitle.TrimEnd('.', ':'), StringComparison.OrdinalIgnoreCase)
        || sentence.StartsWith("See full prescribing information", StringComparison.OrdinalIgnoreCase)
        || sentence.StartsWith("To report SUSPECTED ADVERSE REACTIONS", StringComparison.OrdinalIgnoreCase)
        || PointsElsewhere().IsMatch(sentence);

    /// <summary>"See the section below called “Prepare the HUMIRA Pen”.": a pointer, not what the label says (unlike "See a doctor if …").</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:See|Refer to|Read)\s+(?:the\s+)?(?:sections?\b|[""“]|Table\b|Figure\b|Warnings\b|full\b|below\b|above\b|enclosed\b|Instructions\b|Medication Guide\b|Patient Information\b|17\b)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex PointsElsewhere();

    /// <summary>An item that reads as a statement ("Digoxin: Patients should be monitored appropriately (7.8).").</summary>
    private static bool IsStandaloneItem(string sentence) =>
        EndsWithTerminal(sentence) && !sentence.EndsWith(':') && sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 6;

    private static bool IntroducesList(string sentence) => sentence.TrimEnd().EndsWith(':');

    /// <summary>A Drug Facts bullet of the section asked about stands alone ("• store at 20-25°C (68-77°F)").</summary>
    private static bool IsIntentItem(Passage passage, string sentence, ExtractiveOptions options) =>
        options.IntentSections.Contains(passage.SectionCode) && sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3;

    /// <summary>
    /// A line that continues a sentence broken across lines ("… before anterior segment\nlaser surgery and a second drop"):
    /// it starts in lower case right after text that did not end a sentence.
    /// </summary>
    private static bool IsLineBrokenFragment(string text, TextSpan span)
    {
        if (span.Start >= text.Length || !char.IsLower(text[span.Start]))
        {
            return false;
        }
        var i = span.Start - 1;
        while (i >= 0 && char.IsWhiteSpace(text[i]))
        {
            i--;
        }
        return i >= 0 && (char.IsLetterOrDigit(text[i]) || text[i] is ',' or '(' or '-');
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^If (?:this|that|so) (?:happens|occurs)\b")]
    private static partial System.Text.RegularExpressions.Regex WhenThatHappens();

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:(?:These|This|Those|Such|They|It) (?:is|are|was|were|may|can|did|do|does|has|have|effects?|reactions?|symptoms?|findings?|events?)\b|(?:Therefore|Thus|Hence),)")]
    private static partial System.Text.RegularExpressions.Regex RefersBack();

    /// <summary>
    /// A short title-cased line without punctuation ("Gastrointestinal Risk"): a heading over the items that follow, not a
    /// lead-in that the items complete ("Severe liver damage may occur if you take").
    /// </summary>
    private static bool IsHeading(string sentence)
    {
        if (EndsWithTerminal(sentence))
        {
            return false;
        }
        var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // An all-capitals line is a heading however long ("WARNING: SERIOUS AND LIFE-THREATENING RISKS FROM USE OF …").
        if (words.Length is > 0 and <= 24 && sentence.Any(char.IsLetter) && !sentence.Any(char.IsLower))
        {
            return true;
        }
        return words.Length is > 0 and <= 10
            && words.All(w => SmallWords.Contains(w.ToLowerInvariant()) || char.IsUpper(w[0]) || !char.IsLetter(w[0]));
    }

    /// <summary>
    /// A short line of its own without a sentence's end ("Hepatic effects", "Monoamine Oxidase Inhibitors (MAOIs)") above
    /// more text: the paragraph's title, shown alone it is a fragment.
    /// </summary>
    private static bool IsInlineHeading(string text, IReadOnlyList<TextSpan> spans, int index)
    {
        var sentence = spans[index].Of(text).TrimEnd();
        if (index + 1 >= spans.Count || sentence.Length == 0 || sentence[^1] is '.' or '!' or '?' or ':' or ';' or ','
            || sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 6 || sentence.Contains('|', StringComparison.Ordinal)
            || StartsListItem(text, spans[index].End))
        {
            return false;
        }
        var before = spans[index].Start - 1;
        while (before >= 0 && text[before] is ' ' or '\t')
        {
            before--;
        }
        var after = text.AsSpan(spans[index].End, spans[index + 1].Start - spans[index].End);
        return (before < 0 || text[before] == '\n') && after.Contains('\n') && char.IsUpper(sentence[0]);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^The following\b[^.:;]*\.$")]
    private static partial System.Text.RegularExpressions.Regex AnnouncesWhatFollows();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:shown|listed|presented|summarized|summarised|provided|given|found|described|included) (?:below )?in Table (\d+)\W*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex TablePointer();

    /// <summary>"Adverse Reactions Reported by at Least 2% of Patients …" over table rows: a title, not a statement.</summary>
    private static bool IsTableTitle(string text, IReadOnlyList<TextSpan> spans, int index)
    {
        var sentence = spans[index].Of(text);
        return !EndsWithTerminal(sentence) && !sentence.EndsWith(':') && !sentence.Contains('|', StringComparison.Ordinal)
            && index + 1 < spans.Count && spans[index + 1].Of(text).Contains('|', StringComparison.Ordinal);
    }

    private static bool IsCaption(string sentence) =>
        sentence.StartsWith("Table ", StringComparison.OrdinalIgnoreCase) && sentence.Length > 6 && char.IsDigit(sentence[6]);

    /// <summary>The span of a passage's last sentence when it introduces a list ("LIPITOR is indicated to:").</summary>
    private static TextSpan? LeadInAtEnd(Passage passage)
    {
        var spans = SentenceSplitter.Split(passage.Text);
        return spans.Count > 0 && IntroducesList(spans[^1].Of(passage.Text)) ? spans[^1] : null;
    }

    /// <summary>The list items that open a passage, or null when it does not open with items.</summary>
    private static QuotePiece? LeadingItems(Passage passage)
    {
        var spans = SentenceSplitter.Split(passage.Text);
        var count = 0;
        while (count < spans.Count && count < MaxLeadInItems && IsListItem(passage.Text, spans[count]))
        {
            count++;
        }
        if (count == 0 && spans.Count > 0)
        {
            // Not bulleted: a table or plain lines; its first rows complete the lead-in (captions are dropped on display).
            count = Math.Min(spans.Count, MaxLeadInItems);
            while (count > 1 && spans[count - 1].End - spans[0].Start > MaxLeadInLength)
            {
                count--;
            }
        }
        return count == 0 ? null : new QuotePiece(passage, new TextSpan(spans[0].Start, spans[count - 1].End - spans[0].Start));
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
        var introducesList = sentence.EndsWith(':') || (!EndsWithTerminal(sentence) && !IsHeading(sentence) && StartsListItem(text, span.End));
        if (!introducesList)
        {
            return (span, index);
        }
        var last = index;
        var bulleted = false;
        while (last + 1 < spans.Count && last - index < MaxLeadInItems)
        {
            var next = spans[last + 1];
            var gap = text.AsSpan(spans[last].End, next.Start - spans[last].End);
            if (!gap.Contains('\n') || next.End - span.Start > MaxLeadInLength)
            {
                break;
            }
            var isItem = IsListItem(text, next);
            if (bulleted && !isItem)
            {
                break; // the list is over: what follows is the next paragraph
            }
            bulleted |= isItem;
            last++;
            if (!isItem && EndsWithTerminal(next.Of(text)) && !next.Of(text).EndsWith(':'))
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
                    if ((last.Continuation ?? first.Continuation) is { } continuation)
                    {
                        quotes.Add(new CitedQuote(continuation.Passage, first.Scored.Label, continuation.Span.Of(continuation.Passage.Text))
                        {
                            ContinuesPrevious = true,
                        });
                    }
                }
            }
        }
        return quotes;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\s+")]
    private static partial System.Text.RegularExpressions.Regex CollapseSpaces();

    private sealed record Candidate(
        ScoredPassage Scored, int Rank, int SentenceIndex, int LastIndex, TextSpan Span, IReadOnlyList<Concept> Mentioned, double Score,
        QuotePiece? Continuation)
    {
        /// <summary>True when the quote's own words (not only its section title) mention a question concept.</summary>
        public bool MentionedInText { get; init; }

        /// <summary>The passage pieces this candidate shows: its own span and the items it continues into.</summary>
        public IEnumerable<(string PassageId, TextSpan Span)> Pieces()
        {
            yield return (Scored.Passage.Id, Span);
            if (Continuation is not null)
            {
                yield return (Continuation.Passage.Id, Continuation.Span);
            }
        }

        private int? _words;

        /// <summary>Words the user reads for this candidate (cross-references dropped); rendered once, asked per selection step.</summary>
        public int Words() => _words ??= CountWords(QuoteDisplay.Render(Span.Of(Scored.Passage.Text)))
            + (Continuation is null ? 0 : CountWords(QuoteDisplay.Render(Continuation.Span.Of(Continuation.Passage.Text))));

        private static int CountWords(string text) => text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;

        public bool Overlaps(Candidate other) =>
            Pieces().Any(a => other.Pieces().Any(b => a.PassageId == b.PassageId && a.Span.Start < b.Span.End && b.Span.Start < a.Span.End));
    }

    /// <summary>A span of one passage.</summary>
    private sealed record QuotePiece(Passage Passage, TextSpan Span);

    /// <summary>Neighbours among the passages given to one composition.</summary>
    private sealed class ListNeighbours(IEnumerable<Passage> passages) : IPassageNeighbours
    {
        private readonly Dictionary<(string, int, int), Passage> _byOrdinal = passages
            .GroupBy(p => (p.SetId, p.Version, p.Ordinal)).ToDictionary(g => g.Key, g => g.First());

        public Passage? Previous(Passage passage) => Find(passage, -1);

        public Passage? Next(Passage passage) => Find(passage, +1);

        private Passage? Find(Passage passage, int step) =>
            _byOrdinal.TryGetValue((passage.SetId, passage.Version, passage.Ordinal + step), out var found)
            && found.SectionPath == passage.SectionPath ? found : null;
    }
}
