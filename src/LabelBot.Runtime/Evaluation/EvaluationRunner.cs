using System.Diagnostics;
using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Quality;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.Labels;

namespace LabelBot.Runtime.Evaluation;

/// <summary>The outcome of one item: what the engine said and how it scored.</summary>
public sealed record EvaluationOutcome(
    string Id,
    string ExpectedKind,
    string ActualKind,
    int Citations,
    int CitationsOnTarget,
    int QuotesChecked,
    int QuotesVerbatim,
    int MustQuoteTotal,
    int MustQuoteFound,
    double LatencyMs)
{
    public bool KindCorrect => ExpectedKind == ActualKind;

    /// <summary>The mustQuote phrases no cited quote contained (what a developer looks at first).</summary>
    public IReadOnlyList<string> MissingQuotes { get; init; } = [];

    /// <summary>Breaches of the answer object's invariants (CitationContract); must always be empty.</summary>
    public IReadOnlyList<string> ContractProblems { get; init; } = [];

    /// <summary>Key facts the item lists (gold set); 0 when it lists none.</summary>
    public int KeyFactsTotal { get; init; }

    /// <summary>Key facts of which some phrase occurs in the displayed text or a cited quote.</summary>
    public int KeyFactsFound { get; init; }

    /// <summary>The first phrase of each key fact the answer did not show.</summary>
    public IReadOnlyList<string> MissingKeyFacts { get; init; } = [];

    /// <summary>
    /// For an item expecting sections that got a cited answer: whether citation [1] (the first thing shown) lies in an
    /// expected section (its own section, the passage's section or its top-level section). Null when not measured.
    /// </summary>
    public bool? SectionFit { get; init; }

    /// <summary>For an item expecting labels that got a cited answer: whether every citation is from an expected label. Null when not measured.</summary>
    public bool? ProductFit { get; init; }

    /// <summary>Words of the displayed text (no Sources block, no disclaimer) when the engine answered; null otherwise.</summary>
    public int? AnswerWords { get; init; }

    /// <summary>Cross-references, table pipes, cut-off lead-ins and captions in the displayed text (AnswerJunk).</summary>
    public IReadOnlyList<AnswerJunkFinding> Junk { get; init; } = [];

    /// <summary>The displayed text, kept so a miss can be read without asking again.</summary>
    public string DisplayedText { get; init; } = string.Empty;

    /// <summary>An answerable item the engine said its label does not address (not_in_label).</summary>
    public bool FalseNotInLabel => Answerable && ActualKind == AnswerKind.NotInLabel.ToWire();

    /// <summary>The label should have answered: the item expects kind "answer".</summary>
    public bool Answerable => ExpectedKind == AnswerKind.Answer.ToWire();

    /// <summary>The label cannot answer: the item expects a "don't know" (not_in_label or out_of_scope).</summary>
    public bool Unanswerable => EvaluationKinds.IsRefusal(ExpectedKind);

    /// <summary>The engine declined to answer from a label (not_in_label or out_of_scope).</summary>
    public bool Refused => EvaluationKinds.IsRefusal(ActualKind);
}

/// <summary>Which answer kinds mean "the label cannot tell you this".</summary>
public static class EvaluationKinds
{
    public static bool IsRefusal(string kind) => kind == AnswerKind.NotInLabel.ToWire() || kind == AnswerKind.OutOfScope.ToWire();
}

/// <summary>
/// Runs an evaluation set through the same engine the bot uses. Each item gets its own conversation so
/// focus never leaks between items; an item's earlier turns are asked first in that conversation.
/// </summary>
public sealed class EvaluationRunner(IAnswerEngine engine, ILabelStore store)
{
    public async Task<EvaluationReport> RunAsync(IReadOnlyList<EvaluationItem> items, Func<EvaluationItem, IAnswerEngine>? engineFor = null,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var outcomes = new List<EvaluationOutcome>(items.Count);
        foreach (var item in items)
        {
            var itemEngine = engineFor?.Invoke(item) ?? engine;
            var conversationId = $"eval-{item.Id}-{Guid.NewGuid():N}";
            foreach (var earlier in item.Conversation ?? [])
            {
                await itemEngine.AnswerAsync(new AnswerRequest(earlier, conversationId), cancellationToken);
            }
            var watch = Stopwatch.StartNew();
            var answer = await itemEngine.AnswerAsync(new AnswerRequest(item.Question, conversationId), cancellationToken);
            watch.Stop();
            outcomes.Add(await ScoreAsync(item, answer, watch.Elapsed.TotalMilliseconds, cancellationToken));
            progress?.Report(outcomes.Count);
        }
        return EvaluationReport.From(outcomes);
    }

    /// <summary>Scores one answer against its item; public so a single answer (e.g. from `ask --json`) can be scored the same way.</summary>
    public async Task<EvaluationOutcome> ScoreAsync(EvaluationItem item, AnswerResult answer, double latencyMs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(answer);
        var passages = new Dictionary<string, Passage>(StringComparer.Ordinal);
        foreach (var citation in answer.Citations)
        {
            if (!passages.ContainsKey(citation.PassageId) && await store.GetPassageAsync(citation.PassageId, cancellationToken) is { } passage)
            {
                passages[citation.PassageId] = passage;
            }
        }

        var expectedSections = item.Expect.SectionCodes ?? [];
        var expectedSets = item.Expect.SetIds ?? [];
        // Citation precision only counts items that say where the answer lives (a section, a label, or both).
        var targeted = expectedSections.Count > 0 || expectedSets.Count > 0;
        var onTarget = 0;
        // A pointer citation may carry no quote at all (a dosing redirect cites the section, never a dose); only quotes are checked.
        var verbatim = 0;
        foreach (var citation in answer.Citations)
        {
            var passage = passages.GetValueOrDefault(citation.PassageId);
            if (citation.Quote.Length > 0 && passage is not null && passage.SetId == citation.SetId && LabelText.ContainsQuote(passage.Text, citation.Quote))
            {
                verbatim++;
            }
            if (targeted && InExpectedSection(citation, passage, expectedSections) && (expectedSets.Count == 0 || expectedSets.Contains(citation.SetId)))
            {
                onTarget++;
            }
        }

        var mustQuote = item.Expect.MustQuote ?? [];
        var quotes = string.Join("\n", answer.Citations.Select(c => c.Quote));
        var missing = mustQuote.Where(phrase => !QuoteText.Contains(quotes, phrase)).ToList();
        var contract = CitationContract.Validate(answer, passages.GetValueOrDefault);

        var displayed = DisplayedAnswer.Body(answer.Text);
        // A fact counts when shown: in the displayed text or in a cited quote (a card shows the quote in full).
        var shown = displayed + "\n" + quotes;
        var keyFacts = item.Expect.KeyFacts ?? [];
        // A refusal shows no fact even when its text echoes the topic ("does not address \"refrigerated\"").
        var refused = EvaluationKinds.IsRefusal(answer.Kind.ToWire());
        var missingFacts = keyFacts.Where(fact => refused || !fact.Any(phrase => QuoteText.Contains(shown, phrase))).Select(fact => fact[0]).ToList();
        var answered = answer.Kind == AnswerKind.Answer && answer.Citations.Count > 0;
        var first = answer.Citations.OrderBy(c => c.N).FirstOrDefault();
        return new EvaluationOutcome(item.Id, item.Expect.Kind, answer.Kind.ToWire(), targeted ? answer.Citations.Count : 0,
            onTarget, answer.Citations.Count(c => c.Quote.Length > 0), verbatim, mustQuote.Count, mustQuote.Count - missing.Count, latencyMs)
        {
            MissingQuotes = missing,
            ContractProblems = contract.Problems,
            KeyFactsTotal = keyFacts.Count,
            KeyFactsFound = keyFacts.Count - missingFacts.Count,
            MissingKeyFacts = missingFacts,
            SectionFit = answered && expectedSections.Count > 0 && first is not null
                ? InExpectedSection(first, passages.GetValueOrDefault(first.PassageId), expectedSections)
                : null,
            ProductFit = answered && expectedSets.Count > 0 ? answer.Citations.All(c => expectedSets.Contains(c.SetId)) : null,
            AnswerWords = answered ? DisplayedAnswer.WordCount(displayed) : null,
            Junk = AnswerJunk.Find(displayed),
            DisplayedText = displayed,
        };
    }

    /// <summary>A citation is in an expected section when its own section or the top-level section containing it is listed.</summary>
    private static bool InExpectedSection(Citation citation, Passage? passage, IReadOnlyList<string> expectedSections) =>
        expectedSections.Count == 0
        || expectedSections.Contains(citation.SectionCode)
        || (passage is not null && (expectedSections.Contains(passage.SectionCode) || expectedSections.Contains(passage.TopSectionCode)));
}

/// <summary>Whitespace- and case-insensitive containment, for mustQuote phrases written by hand.</summary>
public static class QuoteText
{
    public static bool Contains(string text, string quote)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(quote);
        var normalisedQuote = LabelText.NormalizeWhitespace(quote);
        return normalisedQuote.Length > 0 && LabelText.NormalizeWhitespace(text).Contains(normalisedQuote, StringComparison.OrdinalIgnoreCase);
    }
}
