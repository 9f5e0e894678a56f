using System.Diagnostics;
using LabelBot.Core.Answering.Conversation;
using LabelBot.Core.Answering.Extractive;
using LabelBot.Core.Answering.Phrasing;
using LabelBot.Core.Answering.Products;
using LabelBot.Core.Answering.Prompts;
using LabelBot.Core.Answering.Redirects;
using LabelBot.Core.Answering.Routing;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabelBot.Core.Answering;

/// <summary>
/// The answer pipeline of one turn: route → resolve (with conversation focus) → retrieve → compose (extractive, or an
/// optional LLM phraser whose output is verified) → verify (CitationContract). The turn is routed and resolved once
/// (<see cref="TurnRouting"/>): a caller that routed it already passes the <see cref="RoutedTurn"/> on. This class
/// dispatches by kind and composes label answers; redirects, out-of-scope replies, ambiguity and conversation memory
/// are their own types. Every reply is built from prompts/ texts and verbatim label quotes; nothing is answered from
/// general knowledge.
/// </summary>
public sealed partial class AnswerEngine : IAnswerEngine
{
    private const int PhrasedPassageLimit = 6;

    private readonly ILabelStore _store;
    private readonly AnsweringOptions _options;
    private readonly IAnswerPhraser? _phraser;
    private readonly ILogger<AnswerEngine> _logger;
    private readonly PromptCatalog _prompts = PromptCatalog.Default;
    private readonly ExtractiveComposer _composer = ExtractiveComposer.Default;
    private readonly AnswerFormatter _formatter = AnswerFormatter.Default;
    private readonly LabelEvidence _evidence;
    private readonly ConversationMemory _memory;
    private readonly AmbiguityResolver _ambiguity;
    private readonly SafetyReplies _safety;
    private readonly OutOfScopeReplies _outOfScope;
    private readonly DosingRedirect _dosing;
    private readonly PersonalRedirect _personal;
    private readonly AdverseEventReply _adverseEvent;

    public AnswerEngine(
        ILabelStore store,
        IPassageRetriever retriever,
        IProductResolver resolver,
        AnsweringOptions options,
        IConversationContextStore context,
        IAnswerPhraser? phraser = null,
        ILogger<AnswerEngine>? logger = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentNullException.ThrowIfNull(resolver);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentNullException.ThrowIfNull(context);
        _options.Validate();
        _phraser = phraser;
        _logger = logger ?? NullLogger<AnswerEngine>.Instance;
        Routing = new TurnRouting(new QuestionRouter(options), resolver);
        _evidence = new LabelEvidence(retriever, new LabelReader(store), options.RetrievalLimit);
        _memory = new ConversationMemory(context);
        _ambiguity = new AmbiguityResolver(retriever, _prompts);
        _safety = new SafetyReplies(_prompts);
        _outOfScope = new OutOfScopeReplies(store, retriever, options.RetrievalLimit, _prompts);
        var quotes = new RedirectQuotes(_evidence, _composer, _prompts);
        _dosing = new DosingRedirect(store, _evidence, quotes, _prompts);
        _personal = new PersonalRedirect(quotes, _prompts);
        _adverseEvent = new AdverseEventReply(quotes, _prompts);
    }

    /// <summary>Routes and resolves turns for this engine (and for a chat engine in front of it, so a turn is routed once).</summary>
    public TurnRouting Routing { get; }

    public Task<AnswerResult> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken = default) =>
        AnswerAsync(Routing.Route(request), cancellationToken);

    /// <summary>Answers a turn already routed (and perhaps resolved) by <see cref="Routing"/>; nothing is routed again.</summary>
    public async Task<AnswerResult> AnswerAsync(RoutedTurn routed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(routed);
        var turn = new AnswerTurn(routed.Question, routed.ConversationId);
        var result = await RespondAsync(turn, routed, cancellationToken);
        var validation = CitationContract.Validate(result, turn.FindPassage);
        if (!validation.IsValid)
        {
            LogInvalidAnswer(_logger, result.Kind.ToWire(), validation.Problems.Count);
            result = _safety.Unverified(result.Kind);
        }
        result = result with { LatencyMs = (long)Stopwatch.GetElapsedTime(routed.StartedAt).TotalMilliseconds };
        LogAnswered(_logger, result.Kind.ToWire(), routed.Route.Reason, result.Citations.Count, result.LatencyMs);
        return result;
    }

    private async Task<AnswerResult> RespondAsync(AnswerTurn turn, RoutedTurn routed, CancellationToken ct)
    {
        var decision = routed.Route;
        switch (decision.Kind)
        {
            case AnswerKind.Emergency:
                return _safety.Emergency();
            case AnswerKind.Escalation:
                return _safety.Escalation();
            case AnswerKind.OutOfScope:
                return await _outOfScope.OffTopicAsync(decision, ct);
        }

        var focus = _memory.Focus(turn.ConversationId);
        var products = (await Routing.WithProductsAsync(routed, ct)).Products!;
        var selection = ProductSelector.Select(turn.Question, products.Matches, products.UnknownNames, focus);
        var topic = ConversationMemory.FollowUpTopic(turn.Question, selection, focus);

        // Routing never depends on ingestion: redirects stand even when the drug has no label.
        var result = decision.Kind switch
        {
            AnswerKind.DosingRedirect => await _dosing.BuildAsync(turn, selection, topic, ct),
            AnswerKind.PersonalRedirect => await _personal.BuildAsync(turn, selection, topic, ct),
            AnswerKind.AdverseEvent => await _adverseEvent.BuildAsync(turn, selection, ct),
            _ => await AnswerFromLabelsAsync(turn, decision, selection, topic, ct),
        };
        _memory.Remember(turn.ConversationId, selection, topic, result.Kind);
        return result;
    }

    // ---- label answers ---------------------------------------------------------------------------------------------

    private async Task<AnswerResult> AnswerFromLabelsAsync(AnswerTurn turn, RouteDecision decision, ProductSelection selection, string topic, CancellationToken ct)
    {
        if (ScopePolicy.FinalKind(decision, hasLabel: !selection.IsEmpty) == AnswerKind.OutOfScope)
        {
            return await _outOfScope.NoLabelAsync(turn.Question, selection.UnknownNames, ct);
        }
        var concepts = QuestionConcepts.From(topic, selection.ProductWords, selection.CompanionNames);
        if (decision.ProfessionalDoseLookup)
        {
            return await ProfessionalDoseLookupAsync(turn, selection, concepts, ct);
        }

        var groups = selection.Groups;
        if (selection.IsAmbiguous)
        {
            var chosen = await _ambiguity.ChooseAsync(topic, selection, ct);
            if (chosen is null)
            {
                return _ambiguity.Clarify(selection);
            }
            groups = [chosen];
        }

        var retrieved = await _evidence.RetrieveAsync(topic, groups, ct);
        var texts = await _evidence.ReadAsync(groups, ct);
        // Evidence of absence: a specific thing asked about that no passage of the label mentions, read whole.
        var missing = concepts.Concepts.Where(c => c.IsSpecific && !texts.Any(t => t.Mentions(c))).ToList();
        var absentSections = concepts.Concepts.Where(c => c.RequiresSection && !texts.Any(t => t.HasSection(c.SectionCodes!))).ToList();
        var intent = LabelEvidence.IntentSections(concepts);
        var passages = LabelEvidence.WithSectionsAndEvidence(retrieved, texts, concepts, intent);
        // Any passage of the labels read may be cited (a list's items continue into the next passage).
        turn.Remember(texts.SelectMany(t => t.Passages));
        var extractive = new ExtractiveOptions
        {
            MaxSentences = _options.MaxAnswerSentences,
            ExcludeDoseAmountsFromDosageSection = _options.Audience == AnswerAudience.Public,
            EveryLabel = groups.Count > 1,
            Neighbours = new WholeLabels(texts),
            IntentSections = intent,
        };
        var composed = absentSections.Count > 0 ? null : _composer.Compose(concepts, passages, extractive);
        if (composed is null || !composed.Answered)
        {
            // Not in the label: say what is missing (never filler words), and still show the nearest useful fact.
            var named = absentSections.Count > 0 ? absentSections : missing;
            var rest = QuestionConcepts.Without(concepts, named);
            // With nothing else asked, the nearest fact to a missing section is the label's warnings summary.
            var nearestConcepts = rest.Count > 0 ? rest : QuestionConcepts.From("warnings", []);
            var nearestPassages = rest.Count > 0 ? passages : LabelEvidence.WithSectionsAndEvidence([], texts, nearestConcepts, LabelEvidence.IntentSections(nearestConcepts));
            var nearest = named.Count > 0
                ? _composer.Compose(nearestConcepts, nearestPassages, extractive with { MaxSentences = 2, IntentSections = LabelEvidence.IntentSections(nearestConcepts) })
                : null;
            var topicText = named.Count > 0 ? string.Join(", ", named.Select(c => c.NamedAs ?? c.Label)) : composed?.Topic ?? concepts.Topic;
            // "Does not mention" only when it is true; otherwise the label mentions it but no passage answers.
            var prompt = absentSections.Count > 0 ? "not-in-label-no-section" : named.Count > 0 ? "not-in-label" : "not-in-label-unanswered";
            return NotInLabel(groups, EchoedTopic.Clean(topicText, turn.Question), AnswerFormatter.SectionList(passages.Select(p => p.Passage)), prompt,
                nearest is { Answered: true } ? nearest : null);
        }
        if (_phraser is not null && await PhraseAsync(turn, retrieved, selection, ct) is { } phrased)
        {
            return phrased;
        }
        return new AnswerResult(AnswerKind.Answer, composed.Text, composed.Citations, [], [], 0);
    }

    /// <summary>
    /// A Professional deployment reading the label's Dosage and Administration section back: verbatim sentences only,
    /// never a computed or paraphrased dose.
    /// </summary>
    private async Task<AnswerResult> ProfessionalDoseLookupAsync(AnswerTurn turn, ProductSelection selection, QuestionConcepts concepts, CancellationToken ct)
    {
        var passages = new List<ScoredPassage>();
        foreach (var group in selection.Groups.Take(2))
        {
            var dosing = await _store.GetPassagesAsync(group.Primary.SetId, [SectionCodes.DosageAndAdministration], ct);
            passages.AddRange(CitationFactory.Rank(dosing, group.Primary));
        }
        turn.Remember(passages.Select(p => p.Passage));
        var composed = _composer.Compose(concepts, passages, new ExtractiveOptions
        {
            MaxSentences = _options.MaxAnswerSentences,
            ExcludeDoseAmountsFromDosageSection = false,
        });
        return composed.Answered
            ? new AnswerResult(AnswerKind.Answer, composed.Text, composed.Citations, [], [], 0)
            : NotInLabel(selection.Groups, EchoedTopic.Clean(composed.Topic, turn.Question), passages.Count == 0 ? "Dosage and Administration (absent)" : composed.SectionsChecked);
    }

    private async Task<AnswerResult?> PhraseAsync(AnswerTurn turn, IReadOnlyList<ScoredPassage> passages, ProductSelection selection, CancellationToken ct)
    {
        // SAFETY: in a Public deployment the model never sees dosing text, so it cannot phrase a dose either.
        var shown = passages
            .Where(p => _options.Audience == AnswerAudience.Professional
                || (p.Passage.TopSectionCode != SectionCodes.DosageAndAdministration && p.Passage.SectionCode != SectionCodes.DosageAndAdministration))
            .Take(PhrasedPassageLimit)
            .ToList();
        if (shown.Count == 0)
        {
            return null;
        }
        var numbered = shown.Select((p, i) => new NumberedPassage(i + 1, p.Passage, p.Label.DisplayName)).ToList();
        PhrasedAnswer? phrased;
        try
        {
            phrased = await _phraser!.PhraseAsync(turn.Question, numbered, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The phraser is optional: any failure falls back to the extractive answer.
            LogPhraserFailed(_logger, ex.GetType().Name);
            return null;
        }
        if (phrased is null)
        {
            return null;
        }
        // SAFETY: in a Public deployment a phrased sentence may not state a dose or schedule (see VerifierOptions).
        var verified = PhrasedAnswerVerifier.Verify(phrased, numbered, VerifierOptions.Default with
        {
            AllowDosingStatements = _options.Audience == AnswerAudience.Professional,
        }, turn.Question);
        if (verified is null || verified.UsedPassageNumbers.Count == 0)
        {
            LogPhrasingRejected(_logger);
            return null;
        }
        var keptConcepts = QuestionConcepts.From(verified.Text, selection.ProductWords);
        var citations = new List<Citation>();
        var labels = new List<LabelVersionInfo>();
        foreach (var n in verified.UsedPassageNumbers)
        {
            var source = shown[n - 1];
            var quote = ExtractiveComposer.BestSentence(source.Passage, keptConcepts) ?? source.Passage.Text;
            citations.Add(CitationFactory.Create(n, source.Passage, source.Label, quote));
            if (!labels.Any(l => l.SetId == source.Label.SetId))
            {
                labels.Add(source.Label);
            }
        }
        var header = string.Join("\n", labels.Select(_formatter.Header));
        var text = $"{header}\n\n{verified.Text}\n\n{_formatter.Sources(citations)}\n\n{_prompts.Render("disclaimer")}";
        return new AnswerResult(AnswerKind.Answer, text, citations, [], [], 0, ModelWritten: true);
    }

    private AnswerResult NotInLabel(IReadOnlyList<ProductGroup> groups, string topic, string sections, string prompt = "not-in-label", ComposedAnswer? nearest = null)
    {
        var product = string.Join(" and ", groups.Select(g => g.Primary.DisplayName));
        var values = new Dictionary<string, string>
        {
            ["product"] = product,
            ["topic"] = topic,
            ["sections"] = sections.Length > 0 ? sections : "none found",
            // The nearest fact's sources are its citations (card, CLI list); the reply repeats no links of its own.
            ["nearest"] = nearest is null ? string.Empty : _prompts.Render("not-in-label-nearest", new Dictionary<string, string> { ["answer"] = _formatter.WithoutSources(nearest.Text) }),
        };
        // An incomplete copy (an openFDA record lacking sections) cannot show that the label is silent: name what it lacks.
        var missing = groups.SelectMany(g => g.Primary.MissingSections).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (missing.Count > 0)
        {
            values["missing"] = LabelNaming.JoinOr(missing);
            prompt = "not-in-label-partial";
        }
        var text = _prompts.Render(prompt, values);
        return new AnswerResult(AnswerKind.NotInLabel, text, nearest?.Citations ?? [], [], [SuggestedActions.TalkToPharmacist], 0);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered kind={Kind} rule={Reason} citations={Citations} latencyMs={LatencyMs}")]
    private static partial void LogAnswered(ILogger logger, string kind, string reason, int citations, long latencyMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Answer of kind={Kind} failed citation validation with {Problems} problem(s); a safe reply was sent instead")]
    private static partial void LogInvalidAnswer(ILogger logger, string kind, int problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answer phraser failed ({ExceptionType}); answering extractively")]
    private static partial void LogPhraserFailed(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Phrased answer rejected by verification; answering extractively")]
    private static partial void LogPhrasingRejected(ILogger logger);
}
