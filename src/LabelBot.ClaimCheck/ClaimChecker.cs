using System.Diagnostics;
using LabelBot.ClaimCheck.Evidence;
using LabelBot.ClaimCheck.Text;
using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Extractive;
using LabelBot.Core.Answering.Phrasing;
using LabelBot.Core.Answering.Products;
using LabelBot.Core.Answering.Prompts;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.Core.Text;

namespace LabelBot.ClaimCheck;

/// <summary>
/// Checks a text claim by claim against the labels it is about: ClaimSplitter → product per claim (its own, else the
/// text's dominant product, else the conversation's) → passages of that label → verdict rules (and, when configured,
/// a model whose verdict is kept only if its citations verify) → report with verbatim citations.
/// </summary>
public sealed class ClaimChecker
{
    public const string DosingAdviceNote = "Dosing advice: reported, not endorsed; dosing decisions belong to a pharmacist or prescriber.";

    private readonly IProductResolver _resolver;
    private readonly IPassageRetriever _retriever;
    private readonly ITextEmbedder? _embedder;
    private readonly IClaimVerdictModel? _model;
    private readonly ClaimCheckOptions _options;
    private readonly VerdictRules _rules;
    private readonly PromptCatalog _prompts = PromptCatalog.Default;

    public ClaimChecker(
        IProductResolver resolver,
        IPassageRetriever retriever,
        ITextEmbedder? embedder = null,
        IClaimVerdictModel? model = null,
        ClaimCheckOptions? options = null)
    {
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        _retriever = retriever ?? throw new ArgumentNullException(nameof(retriever));
        _embedder = embedder;
        _model = model;
        _options = options ?? ClaimCheckOptions.Default;
        _rules = new VerdictRules(_options);
    }

    /// <summary>
    /// Splits <paramref name="text"/> into claims and checks each. <paramref name="conversationFocusSetId"/> is the label
    /// in focus in a chat, used for claims when the text names no ingested product.
    /// </summary>
    public async Task<ClaimCheckReport> CheckAsync(string text, string? conversationFocusSetId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stopwatch = Stopwatch.StartNew();
        var claims = ClaimSplitter.Split(text);
        var scopes = await ResolveScopesAsync(claims, text, conversationFocusSetId, cancellationToken);

        var checkedClaims = new List<CheckedClaim>(claims.Count);
        var usedModel = false;
        for (var i = 0; i < claims.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (result, byModel) = await CheckClaimAsync(claims[i], scopes[i], cancellationToken);
            checkedClaims.Add(result);
            usedModel |= byModel;
        }
        stopwatch.Stop();
        return new ClaimCheckReport(checkedClaims, ClaimCheckCounts.Of(checkedClaims), usedModel ? "llm" : "extractive", stopwatch.ElapsedMilliseconds);
    }

    private async Task<(CheckedClaim Claim, bool ByModel)> CheckClaimAsync(SplitClaim claim, ClaimScope scope, CancellationToken cancellationToken)
    {
        var dosingAdvice = DoseText.IsDosingAdvice(claim.Text);
        if (scope.SetIds.Count == 0)
        {
            // SAFETY: a verdict needs the label of the product the claim is about; no other label stands in for it.
            var drugs = scope.NoLabelFor ?? "the drug this text is about";
            var rationale = _prompts.Render("claim-no-label", new Dictionary<string, string> { ["drugs"] = drugs });
            return (Build(claim, ClaimVerdict.NotInLabel, [], rationale, dosingAdvice, null) with { NoLabelFor = drugs }, false);
        }

        var passages = await _retriever.SearchAsync(new SearchQuery(claim.MatchText, scope.SetIds, _options.PassagesPerClaim), cancellationToken);
        var labels = scope.Labels.Concat(passages.Select(p => p.Label)).DistinctBy(l => l.SetId).ToList();
        var claimFeatures = ClaimFeatures.Of(claim, ExcludedStems(labels, scope));
        passages = await AddTargetedPassagesAsync(claimFeatures, labels, scope.SetIds, passages, cancellationToken);

        var units = EvidenceUnits.From(passages);
        // A focus set id that is not (or no longer) ingested leaves no label to check against.
        var facts = labels.Count == 0 ? LabelFacts.None : LabelFacts.Of(labels);
        var extractive = _rules.Decide(claimFeatures, units, facts, _embedder is null ? null : Similarities);
        var citations = extractive.Evidence.Select((u, i) => CitationFactory.Create(i + 1, u.Source.Passage, u.Source.Label, u.Quote)).ToList();
        var product = ProductOf(extractive.Evidence.FirstOrDefault()?.Source.Label ?? labels.FirstOrDefault(l => l.SetId == scope.SetIds[0]));

        if (_model is not null && passages.Count > 0 && await JudgeWithModelAsync(claim, claimFeatures, passages, extractive, cancellationToken) is { } judged)
        {
            return (Build(claim, judged.Verdict, judged.Citations, judged.Rationale, dosingAdvice, product), true);
        }
        var because = extractive.Rationale;
        if (extractive.Verdict == ClaimVerdict.NotInLabel && labels.FirstOrDefault(l => l.IsPartial) is { } partial)
        {
            // An incomplete copy cannot show that the label is silent: say which sections it lacks.
            because = _prompts.Render("claim-partial-label", new Dictionary<string, string>
            {
                ["product"] = partial.DisplayName,
                ["missing"] = LabelNaming.JoinOr(partial.MissingSections),
            });
        }
        return (Build(claim, extractive.Verdict, citations, because, dosingAdvice, product), false);
    }

    /// <summary>
    /// Route and population claims are judged on passages the claim's own words may not retrieve (the label's statement
    /// of its route, its pediatric or pregnancy section), so those are fetched as well.
    /// </summary>
    private async Task<IReadOnlyList<ScoredPassage>> AddTargetedPassagesAsync(
        ClaimFeatures claim, IReadOnlyList<LabelVersionInfo> labels, IReadOnlyList<string> setIds, IReadOnlyList<ScoredPassage> passages, CancellationToken cancellationToken)
    {
        var queries = new List<string>();
        var facts = LabelFacts.Of(labels);
        if (claim.Routes.Any(r => !ClaimSignals.RouteAllowed(r, facts.Routes)) || claim.Forms.Count > 0)
        {
            queries.Add($"route of administration for {facts.RouteNames} use dosage forms and strengths");
        }
        if (claim.AssertsSuitability)
        {
            queries.AddRange(claim.Populations.Select(PopulationQuery));
        }
        if (claim.Quantities.Any(q => q.Role is QuantityRole.Maximum or QuantityRole.Above))
        {
            queries.Add("maximum recommended dose dosage range and dosing frequency");
        }
        if (queries.Count == 0)
        {
            return passages;
        }
        var all = passages.ToList();
        foreach (var query in queries)
        {
            var extra = await _retriever.SearchAsync(new SearchQuery(query, setIds, _options.PassagesPerClaim), cancellationToken);
            all.AddRange(extra.Where(e => all.All(p => p.Passage.Id != e.Passage.Id)));
        }
        return all;
    }

    private static string PopulationQuery(string population) => population switch
    {
        "pediatric" => "pediatric use safety and effectiveness in pediatric patients have not been established",
        "geriatric" => "geriatric use elderly patients 65 years and older",
        "pregnancy" => "pregnancy contraindicated in women who are pregnant fetal harm",
        "lactation" => "lactation nursing mothers breastfeeding human milk",
        _ => $"not indicated for use in {population}",
    };

    /// <summary>Cosine similarity of the claim with each candidate quote (MiniLM vectors are normalised).</summary>
    private IReadOnlyList<double> Similarities(string claim, IReadOnlyList<string> quotes)
    {
        var vectors = _embedder!.Embed([claim, .. quotes.Select(q => q.Length <= MaxEmbeddedQuoteChars ? q : q[..MaxEmbeddedQuoteChars])]);
        return vectors.Skip(1).Select(v => Dot(vectors[0], v)).ToList();
    }

    // Enough of a quote to judge what it is about; longer input only costs embedding time.
    private const int MaxEmbeddedQuoteChars = 400;

    private static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private async Task<(ClaimVerdict Verdict, IReadOnlyList<Citation> Citations, string Rationale)?> JudgeWithModelAsync(
        SplitClaim claim, ClaimFeatures features, IReadOnlyList<ScoredPassage> passages, Decision extractive, CancellationToken cancellationToken)
    {
        var shown = passages.Select((p, i) => new NumberedPassage(i + 1, p.Passage, p.Label.DisplayName)).ToList();
        ModelClaimVerdict? verdict;
        try
        {
            verdict = await _model!.JudgeAsync(claim.MatchText, shown, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null; // a failing model never fails the check: the extractive verdict stands
        }
        if (verdict is null)
        {
            return null;
        }
        var quotes = ModelVerdictVerifier.Verify(verdict, features, claim.MatchText, shown);
        // SAFETY: a route, population or number contradiction found in the label's own data is not overturned by a model.
        if (quotes is null || (extractive.Verdict == ClaimVerdict.Contradicted && verdict.Verdict != ClaimVerdict.Contradicted))
        {
            return null;
        }
        var labels = passages.ToDictionary(p => p.Passage.Id, p => p.Label);
        var citations = quotes.Select((q, i) => CitationFactory.Create(i + 1, q.Passage.Passage, labels[q.Passage.Passage.Id], q.Quote)).ToList();
        var rationale = string.IsNullOrWhiteSpace(verdict.Rationale) ? DefaultRationale(verdict.Verdict) : SingleLine(verdict.Rationale);
        return (verdict.Verdict, citations, rationale);
    }

    private static string DefaultRationale(ClaimVerdict verdict) => verdict == ClaimVerdict.Supported ? "The label says this." : "The label says otherwise.";

    private static string SingleLine(string text)
    {
        var line = Whitespace.Collapse(text);
        return line.Length <= 300 ? line : line[..300].TrimEnd() + "…";
    }

    private static CheckedClaim Build(SplitClaim claim, ClaimVerdict verdict, IReadOnlyList<Citation> citations, string rationale, bool dosingAdvice, ClaimProduct? product) =>
        // SAFETY: dosing advice is reported with its verdict but never endorsed, whatever the label says.
        new(claim.N, claim.Text, verdict, citations, dosingAdvice ? $"{DosingAdviceNote} {rationale}" : rationale, dosingAdvice, product);

    private static ClaimProduct? ProductOf(LabelVersionInfo? label) => label is null ? null : new ClaimProduct(label.SetId, label.DisplayName);

    /// <summary>
    /// The product's names and its dosage-form noun: "LIPITOR", "atorvastatin", "tablet" say which product a claim is
    /// about, not what it claims, so they are not counted as evidence.
    /// </summary>
    private static HashSet<string> ExcludedStems(IReadOnlyList<LabelVersionInfo> labels, ClaimScope scope)
    {
        var stems = ClaimLexicon.NameStems(NamesOf(labels, scope));
        foreach (var form in labels.SelectMany(l => l.Products).Select(p => ClaimSignals.CanonicalLabelForm(p.DosageForm)).OfType<string>())
        {
            stems.UnionWith(ClaimSignals.FormNouns(form).Select(ClaimLexicon.Stem));
        }
        return stems;
    }

    private static IEnumerable<string?> NamesOf(IReadOnlyList<LabelVersionInfo> labels, ClaimScope scope) =>
        labels.SelectMany(l => l.Products.SelectMany(p => new[] { p.Name, p.GenericName }.Concat(p.ActiveIngredients)))
            .Concat(scope.MatchedTerms);

    /// <summary>The labels each claim is checked against, or the drug(s) it is about that have no label.</summary>
    private sealed record ClaimScope(IReadOnlyList<string> SetIds, IReadOnlyList<LabelVersionInfo> Labels, IReadOnlyList<string> MatchedTerms)
    {
        public static ClaimScope Empty { get; } = new([], [], []);

        /// <summary>Set when the claim is about drugs with no ingested label (their names, comma-joined).</summary>
        public string? NoLabelFor { get; init; }

        public static ClaimScope Of(IReadOnlyList<ProductMatch> matches) =>
            new(matches.Select(m => m.Label.SetId).ToList(), matches.Select(m => m.Label).ToList(), matches.Select(m => m.MatchedTerm).ToList());

        public static ClaimScope NoLabel(IReadOnlyList<string> drugs) => Empty with { NoLabelFor = string.Join(", ", drugs) };
    }

    /// <summary>
    /// A claim that names a product is checked against that product (the first one it names, unless it compares
    /// several; a drug named later is what it is taken with). One that names only drugs with no label is reported as
    /// such. One that names nothing ("It works within an hour") takes the text's subject: the product most claims name,
    /// else the one the whole text names, else the conversation's focus; when the text is about a drug with no label,
    /// so is every such claim. A manufacturer or author name never selects a label (the resolver ignores labelers).
    /// </summary>
    private async Task<List<ClaimScope>> ResolveScopesAsync(IReadOnlyList<SplitClaim> claims, string text, string? focusSetId, CancellationToken cancellationToken)
    {
        var own = new List<ClaimScope?>(claims.Count);
        var named = new List<IReadOnlyList<ProductMatch>>();
        foreach (var claim in claims)
        {
            var (matches, unknown) = await SubjectAsync(claim.MatchText, cancellationToken);
            if (matches.Count > 0)
            {
                named.Add(matches);
                own.Add(ClaimScope.Of(matches));
            }
            else
            {
                own.Add(unknown.Count > 0 ? ClaimScope.NoLabel(unknown) : null);
            }
        }

        var (whole, wholeUnknown) = claims.Count > 0 ? await SubjectAsync(text, cancellationToken) : ([], []);
        ClaimScope fallback;
        if (whole.Count == 0 && wholeUnknown.Count > 0)
        {
            fallback = ClaimScope.NoLabel(wholeUnknown);
        }
        else if (named.Count > 0)
        {
            var dominant = named
                .GroupBy(m => m[0].Label.SetId, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count())
                .ThenByDescending(g => g.Sum(m => m[0].Confidence))
                .First();
            fallback = ClaimScope.Of(dominant.OrderByDescending(m => m.Count).First());
        }
        else if (whole.Count > 0)
        {
            fallback = ClaimScope.Of(whole);
        }
        else
        {
            fallback = string.IsNullOrWhiteSpace(focusSetId) ? ClaimScope.Empty : new ClaimScope([focusSetId], [], []);
        }
        return own.Select(scope => scope ?? fallback).ToList();
    }

    /// <summary>The labels of the product a text is about (the product selector's subject), and the unlabelled drugs it names.</summary>
    private async Task<(IReadOnlyList<ProductMatch> Matches, IReadOnlyList<string> Unknown)> SubjectAsync(string text, CancellationToken cancellationToken)
    {
        var matches = Closest(await _resolver.ResolveAsync(text, cancellationToken));
        var unknown = await _resolver.UnknownDrugNamesAsync(text, cancellationToken);
        var selection = ProductSelector.Select(text, matches, unknown, focus: null);
        var subject = selection.AllLabels.Select(l => l.SetId).ToHashSet(StringComparer.Ordinal);
        return (matches.Where(m => subject.Contains(m.Label.SetId)).ToList(), selection.IsEmpty ? unknown : []);
    }

    /// <summary>The best match and those within the confidence margin of it (a brand and its generics).</summary>
    private IReadOnlyList<ProductMatch> Closest(IReadOnlyList<ProductMatch> matches)
    {
        if (matches.Count == 0)
        {
            return [];
        }
        var best = matches.Max(m => m.Confidence);
        return matches.Where(m => m.Confidence >= best - _options.ProductConfidenceMargin).ToList();
    }
}
