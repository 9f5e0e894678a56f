using LabelBot.Core.Labels;

namespace LabelBot.Search.Products;

/// <summary>How a vocabulary term names a label; decides how much a match on it counts.</summary>
internal enum TermKind
{
    Brand,
    Generic,
    Ingredient,
    BaseName,
    NameWord,
    SubPhrase,
    CommonWordsName,
}

/// <summary>One label a term points at, with the base ingredient names the term itself names.</summary>
internal sealed record TermTarget(string SetId, TermKind Kind, IReadOnlySet<string> Bases);

/// <summary>
/// Every way the current labels can be named, built once per store generation: brand and generic names, active
/// ingredients with and without their salt, distinctive single words of those names, dosage forms, routes and labelers.
/// Keys are space-joined lowercase tokens.
/// </summary>
internal sealed class ProductVocabulary
{
    private readonly Dictionary<string, List<TermTarget>> _terms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _qualifiers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _labelerWords = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _bases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LabelVersionInfo> _labels = new(StringComparer.Ordinal);
    private readonly HashSet<string> _singleDrugWords = new(StringComparer.Ordinal);

    public ProductVocabulary(IEnumerable<LabelVersionInfo> labels, DrugLexicon lexicon)
    {
        Lexicon = lexicon;
        foreach (var label in labels)
        {
            _labels[label.SetId] = label;
            AddLabel(label);
        }
        MaxPhraseTokens = _terms.Keys.Select(k => k.Count(c => c == ' ') + 1).DefaultIfEmpty(1).Max();
    }

    public DrugLexicon Lexicon { get; }

    public int MaxPhraseTokens { get; }

    public IReadOnlyDictionary<string, LabelVersionInfo> Labels => _labels;

    /// <summary>Distinctive single words that name a drug (brand words, base names): candidates for prefix and fuzzy matches.</summary>
    public IReadOnlySet<string> SingleDrugWords => _singleDrugWords;

    /// <summary>Base ingredient names (salt stripped, space-joined) of each label.</summary>
    public IReadOnlySet<string> BasesOf(string setId) => _bases.TryGetValue(setId, out var b) ? b : new HashSet<string>();

    public IReadOnlyList<TermTarget> Lookup(string key) => _terms.TryGetValue(key, out var t) ? t : [];

    /// <summary>Labels whose dosage form or route contains this word ("nasal", "spray", "tablet").</summary>
    public IReadOnlySet<string> QualifiedLabels(string token) =>
        _qualifiers.TryGetValue(ProductText.Singular(token), out var s) ? s : new HashSet<string>();

    /// <summary>Labels whose labeler name contains this distinctive word ("pfizer").</summary>
    public IReadOnlySet<string> LabelerLabels(string token) =>
        _labelerWords.TryGetValue(token, out var s) ? s : new HashSet<string>();

    /// <summary>Labels that contain every one of these base ingredient names.</summary>
    public IEnumerable<string> LabelsWithBases(IReadOnlySet<string> bases) =>
        _bases.Where(kv => bases.Count > 0 && bases.All(kv.Value.Contains)).Select(kv => kv.Key);

    public bool IsCommon(string token) => Lexicon.CommonWords.Contains(token);

    private void AddLabel(LabelVersionInfo label)
    {
        var bases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var product in label.Products)
        {
            var ingredientNames = product.ActiveIngredients.Count > 0
                ? product.ActiveIngredients
                : SplitCombination(product.GenericName);
            foreach (var ingredient in ingredientNames)
            {
                var tokens = ProductText.Tokens(ingredient);
                if (tokens.Count == 0)
                {
                    continue;
                }
                var baseTokens = SaltForms.StripSalts(tokens);
                bases.Add(string.Join(' ', baseTokens));
            }
        }
        _bases[label.SetId] = bases;

        foreach (var product in label.Products)
        {
            AddName(label.SetId, product.Name, TermKind.Brand, bases);
            AddName(label.SetId, product.GenericName, TermKind.Generic, bases);
            foreach (var part in SplitCombination(product.GenericName))
            {
                AddIngredient(label.SetId, part);
            }
            foreach (var ingredient in product.ActiveIngredients)
            {
                AddIngredient(label.SetId, ingredient);
            }
            foreach (var word in ProductText.Tokens(product.DosageForm).Concat(product.Routes.SelectMany(ProductText.Tokens)))
            {
                Add(_qualifiers, ProductText.Singular(word), label.SetId);
            }
            AddNameWithForm(label.SetId, product, bases);
        }
        foreach (var word in ProductText.Tokens(label.Labeler))
        {
            if (IsDistinctive(word))
            {
                Add(_labelerWords, word, label.SetId);
            }
        }
    }

    private void AddIngredient(string setId, string ingredient)
    {
        var tokens = ProductText.Tokens(ingredient);
        if (tokens.Count == 0)
        {
            return;
        }
        var baseTokens = SaltForms.StripSalts(tokens);
        var baseName = new HashSet<string>(StringComparer.Ordinal) { string.Join(' ', baseTokens) };
        AddTerm(string.Join(' ', tokens), new TermTarget(setId, TermKind.Ingredient, baseName));
        AddTerm(string.Join(' ', baseTokens), new TermTarget(setId, TermKind.BaseName, baseName));
        if (baseTokens.Count > 1)
        {
            foreach (var word in baseTokens.Where(IsDistinctive))
            {
                AddTerm(word, new TermTarget(setId, TermKind.NameWord, baseName));
                _singleDrugWords.Add(word);
            }
        }
        else if (IsDistinctive(baseTokens[0]))
        {
            _singleDrugWords.Add(baseTokens[0]);
        }
    }

    private void AddName(string setId, string? name, TermKind kind, IReadOnlySet<string> bases)
    {
        var tokens = ProductText.Tokens(name);
        if (tokens.Count == 0)
        {
            return;
        }
        var meaningful = tokens.Where(t => !SaltForms.IsSaltWord(t)).ToList();
        var allCommon = tokens.All(t => IsCommon(t) || SaltForms.IsSaltWord(t) || ProductText.IsAllDigits(t));
        // A name made only of everyday words ("Allergy Relief") still names the label, but weakly.
        AddTerm(string.Join(' ', tokens), new TermTarget(setId, allCommon ? TermKind.CommonWordsName : kind, bases));
        if (meaningful.Count != tokens.Count && meaningful.Count > 0)
        {
            AddTerm(string.Join(' ', meaningful), new TermTarget(setId, allCommon ? TermKind.CommonWordsName : kind, bases));
        }
        if (tokens.Count == 1)
        {
            if (IsDistinctive(tokens[0]))
            {
                _singleDrugWords.Add(tokens[0]);
            }
            return;
        }
        foreach (var word in tokens.Where(IsDistinctive))
        {
            AddTerm(word, new TermTarget(setId, TermKind.NameWord, bases));
            _singleDrugWords.Add(word);
        }
        // "Grass Pollen" inside "Standardized Grass Pollen, Timothy": contiguous runs of 2+ words, unless all are everyday words.
        for (var length = 2; length < tokens.Count; length++)
        {
            for (var start = 0; start + length <= tokens.Count; start++)
            {
                var run = tokens.GetRange(start, length);
                if (run.Any(t => !IsCommon(t) && !ProductText.IsAllDigits(t)))
                {
                    AddTerm(string.Join(' ', run), new TermTarget(setId, TermKind.SubPhrase, bases));
                }
            }
        }
    }

    /// <summary>
    /// "the dandruff shampoo": a word of the product's name followed by its dosage form names it (weakly, like a name of
    /// everyday words), even when neither word alone is distinctive.
    /// </summary>
    private void AddNameWithForm(string setId, LabelProduct product, IReadOnlySet<string> bases)
    {
        var forms = ProductText.Tokens(product.DosageForm).Select(ProductText.Singular).Where(f => f.Length >= 4).ToList();
        foreach (var word in ProductText.Tokens(product.Name).Where(w => w.Length >= 4 && !SaltForms.IsSaltWord(w) && !ProductText.IsAllDigits(w)))
        {
            foreach (var form in forms.Where(f => f != ProductText.Singular(word)))
            {
                AddTerm($"{word} {form}", new TermTarget(setId, TermKind.CommonWordsName, bases));
                AddTerm($"{word} {form}s", new TermTarget(setId, TermKind.CommonWordsName, bases));
            }
        }
    }

    private bool IsDistinctive(string token) =>
        token.Length >= 4 && !IsCommon(token) && !SaltForms.IsSaltWord(token) && !ProductText.IsAllDigits(token);

    private void AddTerm(string key, TermTarget target)
    {
        if (!_terms.TryGetValue(key, out var list))
        {
            list = [];
            _terms[key] = list;
        }
        // Keep the strongest kind per label and term.
        var existing = list.FindIndex(t => t.SetId == target.SetId);
        if (existing < 0)
        {
            list.Add(target);
        }
        else if (Weights.Of(target.Kind) > Weights.Of(list[existing].Kind))
        {
            list[existing] = target;
        }
    }

    private static void Add(Dictionary<string, HashSet<string>> map, string key, string setId)
    {
        if (!map.TryGetValue(key, out var set))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            map[key] = set;
        }
        set.Add(setId);
    }

    /// <summary>"Oxycodone and Acetaminophen", "Acidophilus/Pectin", "aluminum hydroxide, magnesium hydroxide" → parts.</summary>
    private static IReadOnlyList<string> SplitCombination(string? generic)
    {
        if (string.IsNullOrWhiteSpace(generic))
        {
            return [];
        }
        return generic
            .Replace(" and ", ",", StringComparison.OrdinalIgnoreCase)
            .Split([',', '/', '+', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>How much a match of each kind counts towards a label's confidence.</summary>
    internal static class Weights
    {
        public static double Of(TermKind kind) => kind switch
        {
            TermKind.Brand => 1.0,
            TermKind.Generic => 0.95,
            TermKind.Ingredient => 0.95,
            TermKind.BaseName => 0.92,
            TermKind.NameWord => 0.88,
            TermKind.SubPhrase => 0.75,
            TermKind.CommonWordsName => 0.6,
            _ => 0.5,
        };
    }
}
