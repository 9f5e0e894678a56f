using LabelBot.Core.Answering.Products;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.Core.Storage;
using LabelBot.Search.Retrieval;

namespace LabelBot.Search.Products;

/// <summary>
/// Finds which ingested labels a question names: exact brand/generic/ingredient names, names without their salt
/// ("atorvastatin"), short forms ("cipro"), misspellings ("lipitr") and well-known brands of ingested generics
/// ("advil" → ibuprofen labels, from RxNorm/openFDA aliases). Dosage-form, route and labeler words only break ties
/// between named labels; a manufacturer's name alone never names a product.
/// </summary>
/// <remarks>
/// The vocabulary is built from the store's current labels and rebuilt when the store's generation changes
/// (when the store is an <see cref="IRetrievalIndex"/>) or when <see cref="ReloadAsync"/> is called.
/// </remarks>
public sealed class LabelProductResolver : IProductResolver
{
    private const double PrefixFactor = 0.85;
    private const double SynonymWeight = 0.85;
    private const double SiblingFactor = 0.85;
    private const double QualifierBonus = 0.02;

    // Words of class names ("triptans", "statin", "macrolides") name no drug: never reported as an unknown one.
    private static readonly Lazy<HashSet<string>> ClassWords = new(() => TherapeuticClasses.Classes
        .SelectMany(c => c.Words)
        .SelectMany(ProductText.Tokens)
        .ToHashSet(StringComparer.Ordinal));

    private readonly ILabelStore _store;
    private readonly DrugLexicon _lexicon;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private volatile Snapshot? _snapshot;

    public LabelProductResolver(ILabelStore store, DrugLexicon? lexicon = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _lexicon = lexicon ?? DrugLexicon.Default;
    }

    /// <summary>Rebuilds the vocabulary from the store's current labels now.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await _reloadGate.WaitAsync(cancellationToken);
        try
        {
            _snapshot = await BuildAsync(cancellationToken);
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    public async Task<IReadOnlyList<ProductMatch>> ResolveAsync(string text, CancellationToken cancellationToken = default)
    {
        var vocabulary = await GetVocabularyAsync(cancellationToken);
        return Resolve(vocabulary, ProductText.Tokens(text)).Matches;
    }

    public async Task<IReadOnlyList<string>> UnknownDrugNamesAsync(string text, CancellationToken cancellationToken = default)
    {
        var vocabulary = await GetVocabularyAsync(cancellationToken);
        var tokens = ProductText.Tokens(text);
        var resolution = Resolve(vocabulary, tokens);
        var unknown = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (resolution.Consumed[i] || token.Length < 4 || vocabulary.IsCommon(token) || ClassWords.Value.Contains(token))
            {
                continue;
            }
            var name = UnknownDrugName(vocabulary, token);
            if (name is not null && !unknown.Contains(name, StringComparer.Ordinal))
            {
                unknown.Add(name);
            }
        }
        return unknown;
    }

    private string? UnknownDrugName(ProductVocabulary vocabulary, string token)
    {
        if (_lexicon.IsKnownDrugName(token))
        {
            return token;
        }
        if (_lexicon.HasDrugSuffix(token))
        {
            return token;
        }
        // A misspelt common drug ("baclofin") is reported under its real name.
        var allowed = EditDistance.AllowedEdits(token.Length);
        if (allowed == 0 || token.Length < 6)
        {
            return null;
        }
        return _lexicon.Generics.Concat(_lexicon.Brands.Keys)
            .Where(name => name[0] == token[0])
            .Select(name => (name, distance: EditDistance.Compute(token, name, allowed)))
            .Where(x => x.distance <= allowed)
            .OrderBy(x => x.distance).ThenBy(x => x.name, StringComparer.Ordinal)
            .Select(x => x.name)
            .FirstOrDefault();
    }

    private async Task<ProductVocabulary> GetVocabularyAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && _store is not IRetrievalIndex)
        {
            return snapshot.Vocabulary;
        }
        if (snapshot is not null && _store is IRetrievalIndex index
            && await index.GetGenerationAsync(cancellationToken) == snapshot.Generation)
        {
            return snapshot.Vocabulary;
        }
        await ReloadAsync(cancellationToken);
        return _snapshot!.Vocabulary;
    }

    private async Task<Snapshot> BuildAsync(CancellationToken cancellationToken)
    {
        // Read the generation first: a write that lands in between makes the next call rebuild again, never miss it.
        var generation = _store is IRetrievalIndex index ? await index.GetGenerationAsync(cancellationToken) : 0;
        var labels = await _store.ListLabelsAsync(includeHistory: false, cancellationToken);
        return new Snapshot(generation, new ProductVocabulary(labels, _lexicon));
    }

    private Resolution Resolve(ProductVocabulary vocabulary, List<string> tokens)
    {
        var consumed = new bool[tokens.Count];
        var scores = new Dictionary<string, LabelScore>(StringComparer.Ordinal);

        MatchPhrases(vocabulary, tokens, consumed, scores);
        MatchSingleWords(vocabulary, tokens, consumed, scores);
        AddSiblings(vocabulary, scores);
        ApplyQualifiers(vocabulary, tokens, consumed, scores);

        var matches = scores.Values
            .Select(s => new ProductMatch(vocabulary.Labels[s.SetId], s.MatchedTerm, Math.Round(Math.Min(1.0, s.Confidence(vocabulary)), 3)))
            .OrderByDescending(m => m.Confidence)
            .ThenByDescending(m => m.Label.EffectiveDate)
            .ThenBy(m => m.Label.DisplayName, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new Resolution(matches, consumed);
    }

    /// <summary>
    /// Longest exact phrases first, so "naloxone hydrochloride" wins over "naloxone". An ingredient name that only
    /// describes a brand named in the same question ("Allergy Relief diphenhydramine") does not bring in every other
    /// label with that ingredient.
    /// </summary>
    private static void MatchPhrases(ProductVocabulary vocabulary, List<string> tokens, bool[] consumed, Dictionary<string, LabelScore> scores)
    {
        var found = new List<(string Key, IReadOnlyList<TermTarget> Targets)>();
        for (var length = Math.Min(vocabulary.MaxPhraseTokens, tokens.Count); length >= 1; length--)
        {
            for (var start = 0; start + length <= tokens.Count; start++)
            {
                if (consumed.AsSpan(start, length).Contains(true) || (length == 1 && vocabulary.IsCommon(tokens[start])))
                {
                    continue;
                }
                var key = string.Join(' ', tokens.GetRange(start, length));
                var targets = vocabulary.Lookup(key);
                if (targets.Count > 0)
                {
                    found.Add((key, targets));
                    consumed.AsSpan(start, length).Fill(true);
                }
            }
        }

        var brandLabels = found.SelectMany(f => f.Targets).Where(t => IsBrandKind(t.Kind)).Select(t => t.SetId).ToHashSet(StringComparer.Ordinal);
        var brandBases = brandLabels.SelectMany(vocabulary.BasesOf).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, targets) in found)
        {
            var describesNamedBrand = brandBases.Count > 0 && targets.All(t => t.Bases.Count > 0 && t.Bases.All(brandBases.Contains));
            foreach (var target in targets)
            {
                if (describesNamedBrand && !IsBrandKind(target.Kind) && !brandLabels.Contains(target.SetId))
                {
                    continue;
                }
                Score(scores, target.SetId, key, ProductVocabulary.Weights.Of(target.Kind), target.Bases,
                    brandLike: target.Kind is TermKind.Brand or TermKind.NameWord or TermKind.SubPhrase);
            }
        }
    }

    private static bool IsBrandKind(TermKind kind) =>
        kind is TermKind.Brand or TermKind.NameWord or TermKind.SubPhrase or TermKind.CommonWordsName;

    /// <summary>Words no phrase took: well-known brand synonyms, short forms (prefixes) and misspellings.</summary>
    private void MatchSingleWords(ProductVocabulary vocabulary, List<string> tokens, bool[] consumed, Dictionary<string, LabelScore> scores)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (consumed[i] || token.Length < 4 || vocabulary.IsCommon(token) || ProductText.IsAllDigits(token))
            {
                continue;
            }
            if (MatchSynonym(vocabulary, token, scores) || MatchPrefix(vocabulary, token, scores) || MatchMisspelling(vocabulary, token, scores))
            {
                consumed[i] = true;
            }
        }
    }

    /// <summary>
    /// A brand alias ("advil" → ibuprofen, "percocet" → oxycodone + acetaminophen) names the labels whose active
    /// ingredients are exactly the brand's; when none is ingested, the labels that contain every one of them. A label
    /// that shares only some ("suboxone" → buprenorphine + naloxone vs a naloxone spray) is a different product.
    /// </summary>
    private bool MatchSynonym(ProductVocabulary vocabulary, string token, Dictionary<string, LabelScore> scores)
    {
        // "percocets", "advils": people pluralise brands the way they count pills.
        if (!_lexicon.Brands.TryGetValue(token, out var generics) && !_lexicon.Brands.TryGetValue(ProductText.Singular(token), out generics))
        {
            return false;
        }
        var bases = new HashSet<string>(generics, StringComparer.Ordinal);
        var containing = vocabulary.LabelsWithBases(bases).ToList();
        var exact = containing.Where(setId => vocabulary.BasesOf(setId).SetEquals(bases)).ToList();
        foreach (var setId in exact.Count > 0 ? exact : containing)
        {
            Score(scores, setId, token, SynonymWeight, bases, brandLike: false);
        }
        return containing.Count > 0;
    }

    /// <summary>
    /// "cipro" → ciprofloxacin: a 4+ letter start of exactly one distinctive drug word; never a known other drug
    /// (a drug with no label loaded must not resolve to a loaded product whose name merely starts like it).
    /// </summary>
    private bool MatchPrefix(ProductVocabulary vocabulary, string token, Dictionary<string, LabelScore> scores)
    {
        if (_lexicon.Generics.Contains(token))
        {
            return false;
        }
        var candidates = vocabulary.SingleDrugWords
            .Where(w => w.Length > token.Length && w.StartsWith(token, StringComparison.Ordinal))
            .Take(2)
            .ToList();
        if (candidates.Count != 1)
        {
            return false;
        }
        return ScoreWord(vocabulary, candidates[0], token, PrefixFactor, scores);
    }

    /// <summary>"lipitr" → lipitor: same first letter, within the edits allowed for the word's length; never a known other drug.</summary>
    private bool MatchMisspelling(ProductVocabulary vocabulary, string token, Dictionary<string, LabelScore> scores)
    {
        var allowed = EditDistance.AllowedEdits(token.Length);
        if (allowed == 0 || _lexicon.IsKnownDrugName(token))
        {
            return false;
        }
        var best = vocabulary.SingleDrugWords
            .Where(w => w.Length >= 5 && w[0] == token[0])
            .Select(w => (word: w, distance: EditDistance.Compute(token, w, allowed)))
            .Where(x => x.distance <= allowed)
            .GroupBy(x => x.distance)
            .OrderBy(g => g.Key)
            .FirstOrDefault();
        if (best is null)
        {
            return false;
        }
        var factor = best.Key <= 1 ? 0.85 : 0.75;
        var matched = false;
        foreach (var (word, _) in best)
        {
            matched |= ScoreWord(vocabulary, word, token, factor, scores);
        }
        return matched;
    }

    private static bool ScoreWord(ProductVocabulary vocabulary, string word, string typed, double factor, Dictionary<string, LabelScore> scores)
    {
        var targets = vocabulary.Lookup(word);
        foreach (var target in targets)
        {
            Score(scores, target.SetId, typed, factor * ProductVocabulary.Weights.Of(target.Kind), target.Bases, target.Kind is TermKind.Brand or TermKind.NameWord);
        }
        return targets.Count > 0;
    }

    /// <summary>
    /// A brand names one label, but its generics answer the same questions: "lipitor" also brings the generic
    /// atorvastatin label, ranked below the brand.
    /// </summary>
    private static void AddSiblings(ProductVocabulary vocabulary, Dictionary<string, LabelScore> scores)
    {
        foreach (var named in scores.Values.Where(s => s.BrandLike).ToList())
        {
            var bases = vocabulary.BasesOf(named.SetId);
            foreach (var sibling in vocabulary.LabelsWithBases(bases))
            {
                if (!vocabulary.BasesOf(sibling).SetEquals(bases))
                {
                    continue;
                }
                Score(scores, sibling, named.MatchedTerm, named.BestWeight * SiblingFactor, bases, brandLike: false);
            }
        }
    }

    /// <summary>
    /// Dosage-form, route and labeler words ("nasal spray", "pfizer") raise labels already named; alone they name
    /// nothing. A product is named by brand, ingredient or alias, never by its manufacturer: "Johnson et al." in a
    /// promotional text must not select a Johnson &amp; Johnson label.
    /// </summary>
    private static void ApplyQualifiers(ProductVocabulary vocabulary, List<string> tokens, bool[] consumed, Dictionary<string, LabelScore> scores)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (consumed[i])
            {
                continue;
            }
            foreach (var setId in vocabulary.QualifiedLabels(tokens[i]))
            {
                if (scores.TryGetValue(setId, out var score))
                {
                    score.Bonus += QualifierBonus;
                }
            }
            foreach (var setId in vocabulary.LabelerLabels(tokens[i]))
            {
                if (scores.TryGetValue(setId, out var score))
                {
                    score.Bonus += QualifierBonus;
                }
            }
        }
    }

    private static void Score(Dictionary<string, LabelScore> scores, string setId, string term, double weight, IReadOnlySet<string> bases, bool brandLike)
    {
        if (!scores.TryGetValue(setId, out var score))
        {
            score = new LabelScore(setId);
            scores[setId] = score;
        }
        score.Add(term, weight, bases, brandLike);
    }

    private sealed record Snapshot(long Generation, ProductVocabulary Vocabulary);

    private sealed record Resolution(IReadOnlyList<ProductMatch> Matches, bool[] Consumed);

    /// <summary>Evidence collected for one label while reading a question.</summary>
    private sealed class LabelScore(string setId)
    {
        private readonly HashSet<string> _namedBases = new(StringComparer.Ordinal);

        public string SetId { get; } = setId;
        public string MatchedTerm { get; private set; } = string.Empty;
        public double BestWeight { get; private set; }
        public bool BrandLike { get; private set; }
        public double Bonus { get; set; }

        public void Add(string term, double weight, IReadOnlySet<string> bases, bool brandLike)
        {
            _namedBases.UnionWith(bases);
            if (weight > BestWeight)
            {
                BestWeight = weight;
                MatchedTerm = term;
                BrandLike = brandLike;
            }
        }

        /// <summary>
        /// Best term weight, lowered when the question names only some ingredients of a combination product
        /// ("acetaminophen" fits a plain acetaminophen label better than oxycodone and acetaminophen).
        /// </summary>
        public double Confidence(ProductVocabulary vocabulary)
        {
            var labelBases = vocabulary.BasesOf(SetId);
            var coverage = labelBases.Count == 0 ? 1.0 : (double)labelBases.Count(_namedBases.Contains) / labelBases.Count;
            return BestWeight * (0.85 + 0.15 * coverage) + Bonus;
        }
    }
}
