using LabelBot.Core.Answering.Extractive;
using LabelBot.Core.Answering.Products;
using LabelBot.Core.Answering.Prompts;
using LabelBot.Core.Answering.Routing;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using static LabelBot.Core.Answering.Replies;

namespace LabelBot.Core.Answering.Redirects;

/// <summary>
/// Replies to turns outside what the loaded labels cover: small talk and off-topic questions, questions naming no
/// product, a kind of medicine ("muscle relaxants"), or a drug without a label (with loaded labels of its kind or use).
/// </summary>
internal sealed class OutOfScopeReplies(ILabelStore store, IPassageRetriever retriever, int retrievalLimit, PromptCatalog prompts)
{
    public async Task<AnswerResult> OffTopicAsync(RouteDecision decision, CancellationToken ct)
    {
        var labels = await AvailableLabelsAsync(ct);
        var name = decision.Reason == "out_of_scope:small-talk" ? "welcome" : "out-of-scope";
        return Reply(AnswerKind.OutOfScope, prompts.Render(name, new Dictionary<string, string> { ["labels"] = labels }));
    }

    // SAFETY: a label question about a drug without an ingested label is never answered from general knowledge.
    public async Task<AnswerResult> NoLabelAsync(string question, IReadOnlyList<string> unknownNames, CancellationToken ct)
    {
        if (unknownNames.Count == 0)
        {
            // "muscle relaxants" names a kind of medicine, not a product: ask which one rather than pick a label.
            if (await ClassLabelsAsync(TherapeuticClasses.NamedIn(question), ct) is { Count: > 0 } named)
            {
                return ClarifyClass(named[0].Class, named[0].Labels);
            }
            var labels = await AvailableLabelsAsync(ct);
            return Reply(AnswerKind.OutOfScope, prompts.Render("out-of-scope-no-product", new Dictionary<string, string> { ["labels"] = labels }));
        }
        // A named drug without a label: suggest only loaded labels of the same kind or for the same use, never the
        // whole list (homeopathic products are no answer to a prescription-drug question), and never answer from them.
        var sameClass = await ClassLabelsAsync(unknownNames.SelectMany(TherapeuticClasses.Of).Distinct().ToList(), ct);
        var classNames = sameClass.SelectMany(c => c.Labels).Select(l => l.DisplayName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var similar = (await SimilarUseLabelsAsync(question, unknownNames, ct)).Where(n => !classNames.Contains(n)).ToList();
        var lines = sameClass.Take(1).Select(c => prompts.Render("out-of-scope-same-class", new Dictionary<string, string>
        {
            ["class"] = c.Class.Name,
            ["labels"] = JoinNames(c.Labels.Select(l => l.DisplayName).Distinct(StringComparer.OrdinalIgnoreCase).ToList()),
        })).ToList();
        if (similar.Count > 0)
        {
            lines.Add(prompts.Render("out-of-scope-similar-labels", new Dictionary<string, string> { ["labels"] = JoinNames(similar) }));
        }
        var text = prompts.Render("out-of-scope-unknown-drug", new Dictionary<string, string>
        {
            ["drugs"] = JoinNames(unknownNames),
            ["similar"] = string.Join("\n\n", lines),
            ["fetch_drug"] = unknownNames[0],
        });
        return Reply(AnswerKind.OutOfScope, text, pharmacist: true);
    }

    /// <summary>Each class with the loaded current labels in it, classes without a loaded label left out.</summary>
    private async Task<IReadOnlyList<(TherapeuticClasses.TherapeuticClass Class, IReadOnlyList<LabelVersionInfo> Labels)>> ClassLabelsAsync(
        IReadOnlyList<TherapeuticClasses.TherapeuticClass> classes, CancellationToken ct)
    {
        if (classes.Count == 0)
        {
            return [];
        }
        var labels = await store.ListLabelsAsync(includeHistory: false, ct);
        return classes
            .Select(c => (Class: c, Labels: (IReadOnlyList<LabelVersionInfo>)labels.Where(c.Contains).OrderBy(l => l.DisplayName, StringComparer.OrdinalIgnoreCase).ToList()))
            .Where(c => c.Labels.Count > 0)
            .ToList();
    }

    private AnswerResult ClarifyClass(TherapeuticClasses.TherapeuticClass drugClass, IReadOnlyList<LabelVersionInfo> labels)
    {
        var candidates = labels.Select(l => new Candidate(l.SetId, l.DisplayName)).DistinctBy(c => c.Title, StringComparer.OrdinalIgnoreCase).ToList();
        var text = prompts.Render("clarify-class", new Dictionary<string, string>
        {
            ["class"] = drugClass.Name,
            ["candidates"] = string.Join("\n", candidates.Select(c => "- " + c.Title)),
        });
        return new AnswerResult(AnswerKind.Clarify, text, [], candidates, candidates.Select(c => c.Title).ToList(), 0);
    }

    /// <summary>
    /// Labels whose Indications (or OTC Uses) mention what the question asks the unlabelled drug for ("naproxen" for
    /// "is there something like celecoxib for arthritis pain"); none when the question names no use.
    /// </summary>
    private async Task<IReadOnlyList<string>> SimilarUseLabelsAsync(string question, IReadOnlyList<string> unknownNames, CancellationToken ct)
    {
        // Searching every label is cheap for a bot-sized corpus; a very large store skips the suggestion.
        const int MaxLabelsSearched = 200;
        const int MaxSuggested = 3;
        var concepts = QuestionConcepts.From(question, unknownNames);
        if (!concepts.Concepts.Any(c => c.IsSpecific))
        {
            return [];
        }
        var labels = await store.ListLabelsAsync(includeHistory: false, ct);
        if (labels.Count == 0 || labels.Count > MaxLabelsSearched)
        {
            return [];
        }
        var found = await retriever.SearchAsync(new SearchQuery(question, labels.Select(l => l.SetId).ToList(), retrievalLimit * 2), ct);
        return found
            .Where(p => (p.Passage.TopSectionCode == SectionCodes.IndicationsAndUsage || p.Passage.SectionCode == SectionCodes.IndicationsAndUsage)
                && concepts.MentionedIn(TermStems.Of(p.Passage.Text)).Any(c => c.IsSpecific))
            .Select(p => p.Label.DisplayName)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MaxSuggested)
            .ToList();
    }

    private async Task<string> AvailableLabelsAsync(CancellationToken ct)
    {
        const int MaxListed = 25;
        var names = (await store.ListLabelsAsync(includeHistory: false, ct))
            .Select(l => l.DisplayName)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (names.Count == 0)
        {
            return "none yet (no labels have been ingested)";
        }
        var shown = string.Join(", ", names.Take(MaxListed));
        return names.Count > MaxListed ? $"{shown}, and {names.Count - MaxListed} more" : shown;
    }
}
