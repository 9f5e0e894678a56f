using System.Diagnostics;
using LabelBot.Core.Answering;
using LabelBot.Core.Retrieval;

namespace LabelBot.Runtime.Evaluation;

/// <summary>The outcome of one item: what the engine said and how it scored.</summary>
public sealed record EvaluationOutcome(
    string Id,
    string ExpectedKind,
    string ActualKind,
    int Citations,
    int CitationsInExpectedSection,
    int QuotesChecked,
    int QuotesVerbatim,
    int MustQuoteTotal,
    int MustQuoteFound,
    double LatencyMs)
{
    public bool KindCorrect => ExpectedKind == ActualKind;
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

    private async Task<EvaluationOutcome> ScoreAsync(EvaluationItem item, AnswerResult answer, double latencyMs, CancellationToken cancellationToken)
    {
        var expectedSections = item.Expect.SectionCodes ?? [];
        var inSection = 0;
        var verbatim = 0;
        foreach (var citation in answer.Citations)
        {
            var passage = await store.GetPassageAsync(citation.PassageId, cancellationToken);
            if (passage is not null && QuoteText.Contains(passage.Text, citation.Quote) && passage.SetId == citation.SetId)
            {
                verbatim++;
            }
            if (expectedSections.Count > 0 && (expectedSections.Contains(citation.SectionCode)
                || (passage is not null && (expectedSections.Contains(passage.SectionCode) || expectedSections.Contains(passage.TopSectionCode)))))
            {
                inSection++;
            }
        }
        var mustQuote = item.Expect.MustQuote ?? [];
        var quotes = string.Join("\n", answer.Citations.Select(c => c.Quote));
        var found = mustQuote.Count(phrase => QuoteText.Contains(quotes, phrase));
        return new EvaluationOutcome(item.Id, item.Expect.Kind, answer.Kind.ToWire(), expectedSections.Count > 0 ? answer.Citations.Count : 0,
            inSection, answer.Citations.Count, verbatim, mustQuote.Count, found, latencyMs);
    }
}

/// <summary>Whitespace- and case-insensitive containment, as the contract defines quote fidelity.</summary>
public static class QuoteText
{
    public static bool Contains(string text, string quote)
    {
        var normalisedQuote = Normalise(quote);
        return normalisedQuote.Length > 0 && Normalise(text).Contains(normalisedQuote, StringComparison.OrdinalIgnoreCase);
    }

    private static string Normalise(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
