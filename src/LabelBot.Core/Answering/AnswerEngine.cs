using System.Diagnostics;
using System.Globalization;
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
/// The answer pipeline: Router → ProductResolver (with conversation focus) → Retriever → Composer (extractive, or an
/// optional LLM phraser whose output is verified) → CitationContract. Every reply is built from prompts/ texts and
/// verbatim label quotes; nothing is answered from general knowledge.
/// </summary>
public sealed partial class AnswerEngine : IAnswerEngine
{
    private const int PhrasedPassageLimit = 6;

    // Sections whose text may be quoted beside a personal-advice refusal (general warnings, never a recommendation).
    private static readonly HashSet<string> WarningSections = new(StringComparer.Ordinal)
    {
        SectionCodes.BoxedWarning, SectionCodes.WarningsAndPrecautions, SectionCodes.Warnings, SectionCodes.Precautions,
        SectionCodes.Contraindications, SectionCodes.DrugInteractions, SectionCodes.UseInSpecificPopulations, SectionCodes.Pregnancy,
        SectionCodes.Lactation, SectionCodes.NursingMothers, SectionCodes.PediatricUse, SectionCodes.GeriatricUse,
        SectionCodes.PatientCounseling, SectionCodes.OtcDoNotUse, SectionCodes.OtcAskDoctor, SectionCodes.OtcAskDoctorOrPharmacist,
        SectionCodes.OtcWhenUsing, SectionCodes.OtcStopUse, SectionCodes.OtcPregnancyOrBreastFeeding, SectionCodes.OtcKeepOutOfReach,
    };

    // Sections that list experienced effects, quoted beside an adverse-event reply.
    private static readonly HashSet<string> ReactionSections = new(StringComparer.Ordinal)
    {
        SectionCodes.AdverseReactions, SectionCodes.WarningsAndPrecautions, SectionCodes.Warnings, SectionCodes.BoxedWarning,
        SectionCodes.Precautions, SectionCodes.PatientCounseling, SectionCodes.OtcStopUse, SectionCodes.OtcWhenUsing,
        SectionCodes.OtcAskDoctor, SectionCodes.OtcAskDoctorOrPharmacist, SectionCodes.MedicationGuide,
    };

    private static readonly string[] FollowUpOpeners = ["what about", "how about", "and ", "also", "same for", "what if it", "for the", "in the"];

    private readonly ILabelStore _store;
    private readonly IPassageRetriever _retriever;
    private readonly IProductResolver _resolver;
    private readonly AnsweringOptions _options;
    private readonly IConversationContextStore _context;
    private readonly IAnswerPhraser? _phraser;
    private readonly ILogger<AnswerEngine> _logger;
    private readonly QuestionRouter _router;
    private readonly PromptCatalog _prompts = PromptCatalog.Default;
    private readonly ExtractiveComposer _composer = ExtractiveComposer.Default;
    private readonly AnswerFormatter _formatter = AnswerFormatter.Default;
    private readonly LabelReader _reader;

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
        _retriever = retriever ?? throw new ArgumentNullException(nameof(retriever));
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _context = context ?? throw new ArgumentNullException(nameof(context));
        _options.Validate();
        _phraser = phraser;
        _logger = logger ?? NullLogger<AnswerEngine>.Instance;
        _router = new QuestionRouter(options);
        _reader = new LabelReader(store);
    }

    public async Task<AnswerResult> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stopwatch = Stopwatch.StartNew();
        var turn = new Turn(request.Question?.Trim() ?? string.Empty, request.ConversationId);
        var result = await RespondAsync(turn, cancellationToken);
        var validation = CitationContract.Validate(result, turn.FindPassage);
        if (!validation.IsValid)
        {
            LogInvalidAnswer(_logger, result.Kind.ToWire(), validation.Problems.Count);
            result = Unverified(result.Kind);
        }
        result = result with { LatencyMs = stopwatch.ElapsedMilliseconds };
        LogAnswered(_logger, result.Kind.ToWire(), turn.Reason, result.Citations.Count, result.LatencyMs);
        return result;
    }

    private async Task<AnswerResult> RespondAsync(Turn turn, CancellationToken ct)
    {
        var decision = _router.Route(turn.Question);
        turn.Reason = decision.Reason;
        switch (decision.Kind)
        {
            // SAFETY: the emergency text is the whole reply, first and alone; no product lookup can delay or bury it.
            case AnswerKind.Emergency:
                return Reply(AnswerKind.Emergency, _prompts.Render("emergency"), pharmacist: true);
            case AnswerKind.Escalation:
                return Reply(AnswerKind.Escalation, _prompts.Render("escalation"));
            case AnswerKind.OutOfScope:
                return await OffTopicAsync(decision, ct);
        }

        var focus = turn.ConversationId is null ? null : _context.Get(turn.ConversationId);
        var matches = await _resolver.ResolveAsync(turn.Question, ct);
        var unknown = await _resolver.UnknownDrugNamesAsync(turn.Question, ct);
        var selection = ProductSelector.Select(turn.Question, matches, unknown, focus);
        var topic = FollowUpTopic(turn.Question, selection, focus);

        // Routing never depends on ingestion: redirects stand even when the drug has no label.
        var result = decision.Kind switch
        {
            AnswerKind.DosingRedirect => await DosingRedirectAsync(turn, selection, topic, ct),
            AnswerKind.PersonalRedirect => await PersonalRedirectAsync(turn, selection, topic, ct),
            AnswerKind.AdverseEvent => await AdverseEventAsync(turn, selection, ct),
            _ => await AnswerFromLabelsAsync(turn, decision, selection, topic, ct),
        };
        Remember(turn, selection, topic, result.Kind);
        return result;
    }

    // ---- label answers ---------------------------------------------------------------------------------------------

    private async Task<AnswerResult> AnswerFromLabelsAsync(Turn turn, RouteDecision decision, ProductSelection selection, string topic, CancellationToken ct)
    {
        if (ScopePolicy.FinalKind(decision, hasLabel: !selection.IsEmpty) == AnswerKind.OutOfScope)
        {
            return await NoLabelAsync(turn.Question, selection.UnknownNames, ct);
        }
        var concepts = QuestionConcepts.From(topic, selection.ProductWords, selection.CompanionNames);
        if (decision.ProfessionalDoseLookup)
        {
            return await ProfessionalDoseLookupAsync(turn, selection, concepts, ct);
        }

        var groups = selection.Groups;
        if (selection.IsAmbiguous)
        {
            var chosen = await ResolveAmbiguityAsync(topic, selection, ct);
            if (chosen is null)
            {
                return Clarify(selection);
            }
            groups = [chosen];
        }

        var retrieved = await RetrieveAsync(topic, groups, ct);
        var texts = await Task.WhenAll(groups.Select(g => _reader.ReadAsync(g.Primary, ct)));
        // Evidence of absence: a specific thing asked about that no passage of the label mentions, read whole.
        var missing = concepts.Concepts.Where(c => c.IsSpecific && !texts.Any(t => t.Mentions(c))).ToList();
        var absentSections = concepts.Concepts.Where(c => c.RequiresSection && !texts.Any(t => t.HasSection(c.SectionCodes!))).ToList();
        var intent = IntentSections(concepts);
        var passages = WithSectionsAndEvidence(retrieved, texts, concepts, intent);
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
            var nearestPassages = rest.Count > 0 ? passages : WithSectionsAndEvidence([], texts, nearestConcepts, IntentSections(nearestConcepts));
            var nearest = named.Count > 0
                ? _composer.Compose(nearestConcepts, nearestPassages, extractive with { MaxSentences = 2, IntentSections = IntentSections(nearestConcepts) })
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

    /// <summary>The sections the question's concepts point at (storage → How Supplied/Storage; pregnancy → 8.1 …).</summary>
    /// <remarks>A question with no content of its own ("what is Percocet?") is about what the medicine is for.</remarks>
    private static HashSet<string> IntentSections(QuestionConcepts concepts) =>
        concepts.Count == 0
            ? new HashSet<string>([SectionCodes.IndicationsAndUsage, SectionCodes.OtcPurpose], StringComparer.Ordinal)
            : concepts.Concepts.Where(c => c.SectionCodes is not null).SelectMany(c => c.SectionCodes!).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The retrieved passages, then the passages of the sections the question is about, then the passages that mention
    /// what it asks about most: so the answer can come from the section that answers it, not only from what the
    /// retriever ranked first.
    /// </summary>
    private static List<ScoredPassage> WithSectionsAndEvidence(
        IReadOnlyList<ScoredPassage> retrieved, IReadOnlyList<WholeLabel> texts, QuestionConcepts concepts, HashSet<string> intent)
    {
        const int SectionLimit = 12;
        const int EvidenceLimit = 8;
        var all = retrieved.ToList();
        var seen = retrieved.Select(p => p.Passage.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var inSections = text.InSections(intent).ToList();
            var sectionPassages = concepts.Count == 0
                ? inSections.Take(SectionLimit)
                : inSections.OrderByDescending(p => concepts.MentionedIn(text.StemsOf(p)).Count()).ThenBy(p => p.Ordinal).Take(SectionLimit);
            var specific = concepts.Concepts.Where(c => c.IsSpecific).ToList();
            var evidence = specific.Count == 0 ? [] : text.Mentioning(specific, EvidenceLimit);
            foreach (var passage in sectionPassages.Concat(evidence))
            {
                if (seen.Add(passage.Id))
                {
                    all.Add(new ScoredPassage(passage, text.Label, 0));
                }
            }
        }
        return all;
    }

    /// <summary>
    /// A Professional deployment reading the label's Dosage and Administration section back: verbatim sentences only,
    /// never a computed or paraphrased dose.
    /// </summary>
    private async Task<AnswerResult> ProfessionalDoseLookupAsync(Turn turn, ProductSelection selection, QuestionConcepts concepts, CancellationToken ct)
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

    private async Task<IReadOnlyList<ScoredPassage>> RetrieveAsync(string query, IReadOnlyList<ProductGroup> groups, CancellationToken ct)
    {
        if (groups.Count == 1)
        {
            return await _retriever.SearchAsync(new SearchQuery(query, [groups[0].Primary.SetId], _options.RetrievalLimit), ct);
        }
        // A comparison searches each product separately so every one of them gets its own passages.
        var perProduct = Math.Max(3, _options.RetrievalLimit / groups.Count);
        var all = new List<ScoredPassage>();
        foreach (var group in groups)
        {
            all.AddRange(await _retriever.SearchAsync(new SearchQuery(query, [group.Primary.SetId], perProduct), ct));
        }
        return all;
    }

    /// <summary>
    /// Several different products match one name. If their labels' best passages say materially the same thing
    /// (content-word overlap ≥ 0.5), answer from the best-matching product; otherwise return null (ask which one).
    /// </summary>
    private async Task<ProductGroup?> ResolveAmbiguityAsync(string query, ProductSelection selection, CancellationToken ct)
    {
        const double SameContent = 0.5;
        var tops = new List<HashSet<string>>();
        foreach (var group in selection.Groups.Take(4))
        {
            var found = await _retriever.SearchAsync(new SearchQuery(query, [group.Primary.SetId], 1), ct);
            if (found.Count == 0)
            {
                return null;
            }
            tops.Add(TermStems.Of(found[0].Passage.Text));
        }
        for (var i = 1; i < tops.Count; i++)
        {
            var union = tops[0].Union(tops[i]).Count();
            var overlap = union == 0 ? 1.0 : tops[0].Intersect(tops[i]).Count() / (double)union;
            if (overlap < SameContent)
            {
                return null;
            }
        }
        return selection.Groups[0];
    }

    private async Task<AnswerResult?> PhraseAsync(Turn turn, IReadOnlyList<ScoredPassage> passages, ProductSelection selection, CancellationToken ct)
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

    // ---- redirects ---------------------------------------------------------------------------------------------------

    private async Task<AnswerResult> DosingRedirectAsync(Turn turn, ProductSelection selection, string topic, CancellationToken ct)
    {
        var pointer = string.Empty;
        var citations = new List<Citation>();
        // "Can I use Rogaine if I'm under 18?": the label's own sentence about what was asked helps more than a pointer
        // to the dosing section (the quote never carries a dose amount nor comes from the dosing section).
        if (await AnswerQuoteAsync(turn, selection, topic, ct, quantityFree: true) is { } answered)
        {
            var redirect = _prompts.Render("dosing-redirect", new Dictionary<string, string> { ["label_pointer"] = answered.Text });
            return Reply(AnswerKind.DosingRedirect, redirect, answered.Citations, pharmacist: true);
        }
        if (!selection.IsEmpty)
        {
            var label = selection.Groups[0].Primary;
            var dosing = await _store.GetPassagesAsync(label.SetId, [SectionCodes.DosageAndAdministration], ct);
            if (dosing.Count > 0)
            {
                turn.Remember(dosing);
                // SAFETY: the pointer cites the section by title and link; its quote is a sentence with no number,
                // number word or frequency at all, or nothing. The redirect never carries a dose.
                var whole = await _reader.ReadAsync(label, ct);
                var (passage, quote) = AsPrescribedSentence(whole) ?? QuantityFreeSentence(dosing);
                turn.Remember([passage]);
                citations.Add(CitationFactory.Create(1, passage, label, quote));
                pointer = _prompts.Render("dosing-label-pointer", new Dictionary<string, string>
                {
                    ["product"] = label.DisplayName,
                    ["section"] = SectionName(dosing[0]),
                    ["label_said"] = quote.Length > 0 ? _prompts.Render("dosing-label-quote", new Dictionary<string, string> { ["quote"] = QuoteDisplay.Render(quote) }) : string.Empty,
                    ["n"] = "1",
                });
            }
        }
        else if (selection.UnknownNames.Count > 0)
        {
            pointer = _prompts.Render("dosing-no-label", new Dictionary<string, string> { ["drugs"] = JoinNames(selection.UnknownNames) });
        }
        var text = _prompts.Render("dosing-redirect", new Dictionary<string, string> { ["label_pointer"] = pointer });
        return Reply(AnswerKind.DosingRedirect, text, citations, pharmacist: true);
    }

    private async Task<AnswerResult> PersonalRedirectAsync(Turn turn, ProductSelection selection, string topic, CancellationToken ct)
    {
        // "Can I drive on Percocet?" still deserves the label's own sentence about driving: the fact the question is
        // about, as an answer would choose it, before the general warning sentence.
        var (quoteText, citations) = await AnswerQuoteAsync(turn, selection, topic, ct) is { } answered
            ? answered
            : await LabelQuoteAsync(turn, selection, WarningSections, ct);
        var text = _prompts.Render("personal-redirect", new Dictionary<string, string> { ["label_quote"] = quoteText });
        return Reply(AnswerKind.PersonalRedirect, text, citations, pharmacist: true);
    }

    private async Task<AnswerResult> AdverseEventAsync(Turn turn, ProductSelection selection, CancellationToken ct)
    {
        var (quoteText, citations) = await LabelQuoteAsync(turn, selection, ReactionSections, ct);
        if (citations.Count == 0 && !selection.IsEmpty)
        {
            quoteText = _prompts.Render("adverse-event-no-quote", new Dictionary<string, string>
            {
                ["product"] = selection.Groups[0].Primary.DisplayName,
            });
        }
        var text = _prompts.Render("adverse-event", new Dictionary<string, string> { ["label_quote"] = quoteText });
        return Reply(AnswerKind.AdverseEvent, text, citations, pharmacist: true);
    }

    /// <summary>
    /// The one sentence an answer to the question would lead with (storage → the storage sentence, alcohol → the alcohol
    /// warning), rendered with the label-quote text; null when the question names nothing specific, the label does not
    /// cover it, or the sentence carries a dose amount or comes from the dosing section.
    /// </summary>
    /// <param name="quantityFree">For a dosing redirect: no number at all ("6 hours before the next dose" is a schedule).</param>
    private async Task<(string Text, IReadOnlyList<Citation> Citations)?> AnswerQuoteAsync(
        Turn turn, ProductSelection selection, string topic, CancellationToken ct, bool quantityFree = false)
    {
        if (selection.IsEmpty || selection.IsAmbiguous)
        {
            return null;
        }
        var concepts = QuestionConcepts.From(topic, selection.ProductWords, selection.CompanionNames);
        if (!concepts.Concepts.Any(c => c.IsSpecific))
        {
            return null;
        }
        var groups = selection.Groups;
        var texts = await Task.WhenAll(groups.Select(g => _reader.ReadAsync(g.Primary, ct)));
        if (concepts.Concepts.Any(c => c.IsSpecific && !texts.Any(t => t.Mentions(c))))
        {
            return null;
        }
        var intent = IntentSections(concepts);
        var passages = WithSectionsAndEvidence(await RetrieveAsync(topic, groups, ct), texts, concepts, intent);
        var composed = _composer.Compose(concepts, passages, new ExtractiveOptions
        {
            MaxSentences = 1,
            ExcludeDoseAmountsFromDosageSection = true,
            Neighbours = new WholeLabels(texts),
            IntentSections = intent,
        });
        // SAFETY: a quote inside a refusal never carries a dose amount nor comes from the dosing section.
        if (!composed.Answered || composed.Quotes.Count != 1 || composed.Quotes[0] is not { } quote
            || quote.Quote.EndsWith(':') || DoseText.HasDoseAmount(quote.Quote) || (quantityFree && DoseText.HasAnyQuantity(quote.Quote))
            // Beside a dosing refusal only guidance counts: a trial or pharmacology sentence that shares a word ("night" in
            // "nightmare") is not what was asked.
            || (quantityFree && quote.Passage.TopSectionCode is SectionCodes.AdverseReactions or SectionCodes.ClinicalStudies or SectionCodes.ClinicalPharmacology)
            // Only a sentence that speaks to everything asked: "Xanax to sleep" is about benzodiazepines, not insomnia.
            || !concepts.Concepts.Where(c => c.IsSpecific).All(c => c.IsMentionedIn(TermStems.Of(quote.Quote)))
            || ExtractiveComposer.IsInDosageSection(quote.Passage))
        {
            return null;
        }
        return CitedLabelQuote(turn, quote.Passage, quote.Label, quote.Quote);
    }

    /// <summary>
    /// One verbatim label sentence from the given sections that mentions what the user asked about, rendered with the
    /// label-quote text, or empty when the label has nothing relevant.
    /// </summary>
    private async Task<(string Text, IReadOnlyList<Citation> Citations)> LabelQuoteAsync(
        Turn turn, ProductSelection selection, HashSet<string> sections, CancellationToken ct)
    {
        if (selection.IsEmpty)
        {
            return (string.Empty, []);
        }
        var concepts = QuestionConcepts.From(turn.Question, selection.ProductWords, selection.CompanionNames);
        var texts = await Task.WhenAll(selection.Groups.Select(g => _reader.ReadAsync(g.Primary, ct)));
        // SAFETY: a quote inside a refusal never carries a dose amount.
        if (RedirectQuote.Best(texts, concepts, sections, s => !DoseText.HasDoseAmount(s)) is not { } choice)
        {
            return (string.Empty, []);
        }
        return CitedLabelQuote(turn, choice.Passage, choice.Label, choice.Sentence);
    }

    /// <summary>The label-quote text of a redirect ("As general information, the X label says in …") and its one citation.</summary>
    private (string Text, IReadOnlyList<Citation> Citations) CitedLabelQuote(Turn turn, Passage passage, LabelVersionInfo label, string sentence)
    {
        turn.Remember([passage]);
        var text = _prompts.Render("label-quote", new Dictionary<string, string>
        {
            ["product"] = label.DisplayName,
            ["section"] = passage.SectionDisplayTitle,
            ["quote"] = QuoteDisplay.Render(sentence),
            ["n"] = "1",
        });
        return (text, [CitationFactory.Create(1, passage, label, sentence)]);
    }

    // ---- scope -------------------------------------------------------------------------------------------------------

    private async Task<AnswerResult> OffTopicAsync(RouteDecision decision, CancellationToken ct)
    {
        var labels = await AvailableLabelsAsync(ct);
        var name = decision.Reason == "out_of_scope:small-talk" ? "welcome" : "out-of-scope";
        return Reply(AnswerKind.OutOfScope, _prompts.Render(name, new Dictionary<string, string> { ["labels"] = labels }));
    }

    // SAFETY: a label question about a drug without an ingested label is never answered from general knowledge.
    private async Task<AnswerResult> NoLabelAsync(string question, IReadOnlyList<string> unknownNames, CancellationToken ct)
    {
        if (unknownNames.Count == 0)
        {
            // "muscle relaxants" names a kind of medicine, not a product: ask which one rather than pick a label.
            if (await ClassLabelsAsync(TherapeuticClasses.NamedIn(question), ct) is { Count: > 0 } named)
            {
                return ClarifyClass(named[0].Class, named[0].Labels);
            }
            var labels = await AvailableLabelsAsync(ct);
            return Reply(AnswerKind.OutOfScope, _prompts.Render("out-of-scope-no-product", new Dictionary<string, string> { ["labels"] = labels }));
        }
        // A named drug without a label: suggest only loaded labels of the same kind or for the same use, never the
        // whole list (homeopathic products are no answer to a prescription-drug question), and never answer from them.
        var sameClass = await ClassLabelsAsync(unknownNames.SelectMany(TherapeuticClasses.Of).Distinct().ToList(), ct);
        var classNames = sameClass.SelectMany(c => c.Labels).Select(l => l.DisplayName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var similar = (await SimilarUseLabelsAsync(question, unknownNames, ct)).Where(n => !classNames.Contains(n)).ToList();
        var lines = sameClass.Take(1).Select(c => _prompts.Render("out-of-scope-same-class", new Dictionary<string, string>
        {
            ["class"] = c.Class.Name,
            ["labels"] = JoinNames(c.Labels.Select(l => l.DisplayName).Distinct(StringComparer.OrdinalIgnoreCase).ToList()),
        })).ToList();
        if (similar.Count > 0)
        {
            lines.Add(_prompts.Render("out-of-scope-similar-labels", new Dictionary<string, string> { ["labels"] = JoinNames(similar) }));
        }
        var text = _prompts.Render("out-of-scope-unknown-drug", new Dictionary<string, string>
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
        var labels = await _store.ListLabelsAsync(includeHistory: false, ct);
        return classes
            .Select(c => (Class: c, Labels: (IReadOnlyList<LabelVersionInfo>)labels.Where(c.Contains).OrderBy(l => l.DisplayName, StringComparer.OrdinalIgnoreCase).ToList()))
            .Where(c => c.Labels.Count > 0)
            .ToList();
    }

    private AnswerResult ClarifyClass(TherapeuticClasses.TherapeuticClass drugClass, IReadOnlyList<LabelVersionInfo> labels)
    {
        var candidates = labels.Select(l => new Candidate(l.SetId, l.DisplayName)).DistinctBy(c => c.Title, StringComparer.OrdinalIgnoreCase).ToList();
        var text = _prompts.Render("clarify-class", new Dictionary<string, string>
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
        var labels = await _store.ListLabelsAsync(includeHistory: false, ct);
        if (labels.Count == 0 || labels.Count > MaxLabelsSearched)
        {
            return [];
        }
        var found = await _retriever.SearchAsync(new SearchQuery(question, labels.Select(l => l.SetId).ToList(), _options.RetrievalLimit * 2), ct);
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
        var names = (await _store.ListLabelsAsync(includeHistory: false, ct))
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

    private AnswerResult Clarify(ProductSelection selection)
    {
        var candidates = selection.Groups.Select(g => new Candidate(g.Primary.SetId, g.Primary.DisplayName)).ToList();
        var list = string.Join("\n", candidates.Select(c => "- " + c.Title));
        var text = _prompts.Render("clarify", new Dictionary<string, string> { ["candidates"] = list });
        return new AnswerResult(AnswerKind.Clarify, text, [], candidates, candidates.Select(c => c.Title).ToList(), 0);
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

    private AnswerResult Unverified(AnswerKind kind) => kind switch
    {
        AnswerKind.DosingRedirect => Reply(kind, _prompts.Render("dosing-redirect", Empty("label_pointer")), pharmacist: true),
        AnswerKind.PersonalRedirect => Reply(kind, _prompts.Render("personal-redirect", Empty("label_quote")), pharmacist: true),
        AnswerKind.AdverseEvent => Reply(kind, _prompts.Render("adverse-event", Empty("label_quote")), pharmacist: true),
        AnswerKind.Emergency => Reply(kind, _prompts.Render("emergency"), pharmacist: true),
        _ => Reply(AnswerKind.NotInLabel, _prompts.Render("answer-unverified"), pharmacist: true),
    };

    // ---- conversation ------------------------------------------------------------------------------------------------

    /// <summary>
    /// The question to retrieve with: a follow-up that names no drug and opens like one ("what about in the elderly?",
    /// "and the generic one?") continues the previous question of the conversation.
    /// </summary>
    private static string FollowUpTopic(string question, ProductSelection selection, ConversationFocus? focus)
    {
        if (focus?.LastQuestion is not { Length: > 0 } previous)
        {
            return question;
        }
        // A turn with no content of its own ("the allergy relief one" after a clarify, "and the generic one?")
        // continues the previous question; a drug-less turn that opens like a follow-up adds to it.
        // Only while the conversation stays on its products (or picks one of its candidates).
        var sameProducts = selection.FromFocus
            || selection.AllLabels.All(l => focus.Candidates.Any(c => c.SetId == l.SetId));
        if (!sameProducts)
        {
            return question;
        }
        var ownContent = QuestionConcepts.From(question, selection.ProductWords, selection.CompanionNames).Count;
        var lower = question.ToLowerInvariant();
        var opensAsFollowUp = FollowUpOpeners.Any(o => lower.StartsWith(o, StringComparison.Ordinal));
        return ownContent == 0 || opensAsFollowUp ? $"{previous} {question}" : question;
    }

    private void Remember(Turn turn, ProductSelection selection, string topic, AnswerKind kind)
    {
        if (turn.ConversationId is null || selection.IsEmpty)
        {
            return;
        }
        var keepsTopic = kind is AnswerKind.Answer or AnswerKind.NotInLabel or AnswerKind.Clarify;
        var previous = _context.Get(turn.ConversationId)?.LastQuestion;
        var labels = selection.AllLabels.ToList();
        var remembered = keepsTopic ? WithoutProductNames(topic, selection) : previous ?? WithoutProductNames(topic, selection);
        _context.Set(turn.ConversationId, new ConversationFocus(labels, selection.Groups[0].Primary.SetId, remembered));
    }

    /// <summary>The topic without the words that named this turn's product, so it carries over to the next product.</summary>
    private static string WithoutProductNames(string topic, ProductSelection selection)
    {
        var names = new HashSet<string>(selection.ProductWords.SelectMany(TermStems.Words), StringComparer.Ordinal);
        return string.Join(' ', topic.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(word => !TermStems.Words(word).Any(names.Contains)));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------------

    /// <summary>
    /// The label's own instruction to follow the prescriber ("Take VIAGRA exactly as your healthcare provider tells you"):
    /// the most useful thing a dosing redirect can quote, with no amount in it.
    /// </summary>
    private static (Passage Passage, string Quote)? AsPrescribedSentence(WholeLabel label)
    {
        foreach (var passage in label.Passages)
        {
            foreach (var span in SentenceSplitter.Split(passage.Text))
            {
                var sentence = span.Of(passage.Text);
                if (AsPrescribed().IsMatch(sentence) && !DoseText.HasAnyQuantity(sentence) && ExtractiveComposer.IsQuotable(sentence))
                {
                    return (passage, sentence);
                }
            }
        }
        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:take|use|give)\b[^.]{0,60}\bexactly as\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex AsPrescribed();

    private static (Passage Passage, string Quote) QuantityFreeSentence(IReadOnlyList<Passage> dosing)
    {
        foreach (var passage in dosing)
        {
            if (ExtractiveComposer.BestSentence(passage, QuestionConcepts.From(string.Empty, []), s => !DoseText.HasAnyQuantity(s)) is { } sentence)
            {
                return (passage, sentence);
            }
        }
        return (dosing[0], string.Empty);
    }

    // SAFETY: the dosing pointer names the section without its number ("DOSAGE AND ADMINISTRATION", not "2 …"),
    // so a public dosing redirect contains no digit that could be read as an amount.
    private static string SectionName(Passage passage)
    {
        var title = passage.TopSectionTitle.Length > 0 && passage.TopSectionCode == SectionCodes.DosageAndAdministration
            ? passage.TopSectionTitle
            : passage.SectionTitle;
        var unnumbered = LeadingSectionNumber().Replace(title, string.Empty).Trim();
        return unnumbered.Length > 0 && !unnumbered.Any(char.IsDigit) ? unnumbered : "Dosage and Administration";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*\d+(?:\.\d+)*\s*")]
    private static partial System.Text.RegularExpressions.Regex LeadingSectionNumber();

    private static string JoinNames(IReadOnlyList<string> names) => string.Join(", ", names);

    private static Dictionary<string, string> Empty(string key) => new() { [key] = string.Empty };

    private static AnswerResult Reply(AnswerKind kind, string text, IReadOnlyList<Citation>? citations = null, bool pharmacist = false) =>
        new(kind, text, citations ?? [], [], pharmacist ? [SuggestedActions.TalkToPharmacist] : [], 0);

    /// <summary>State of one turn: the passages its citations may point at (for validation) and the routing reason.</summary>
    private sealed class Turn(string question, string? conversationId)
    {
        private readonly Dictionary<string, Passage> _passages = new(StringComparer.Ordinal);

        public string Question { get; } = question;

        public string? ConversationId { get; } = conversationId;

        public string Reason { get; set; } = string.Empty;

        public void Remember(IEnumerable<Passage> passages)
        {
            foreach (var passage in passages)
            {
                _passages.TryAdd(passage.Id, passage);
            }
        }

        public Passage? FindPassage(string id) => _passages.GetValueOrDefault(id);
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
