using LabelBot.Core.Answering.Conversation;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;

namespace LabelBot.Core.Answering.Products;

/// <summary>
/// One product: every matched label with the same active ingredients (brand, generics, repackagers, versions).
/// <see cref="Primary"/> is the label answers come from.
/// </summary>
/// <param name="Terms">The question words that matched it ("lipitor", "tylenol").</param>
/// <param name="NamedExactly">The question names all its active ingredients (or its brand) itself.</param>
public sealed record ProductGroup(
    string Key,
    LabelVersionInfo Primary,
    IReadOnlyList<LabelVersionInfo> Labels,
    IReadOnlyList<string> Terms,
    double Confidence,
    bool NamedExactly);

/// <summary>The products a turn is about.</summary>
/// <param name="Groups">Best first. Several groups are either a comparison (the user named several) or ambiguous.</param>
/// <param name="UnknownNames">Drug names in the question that have no ingested label.</param>
/// <param name="FromFocus">True when the question named nothing and the conversation's product was used.</param>
/// <param name="IsComparison">The user named several different products on purpose ("naproxen vs ibuprofen").</param>
public sealed record ProductSelection(
    IReadOnlyList<ProductGroup> Groups,
    IReadOnlyList<string> UnknownNames,
    bool FromFocus,
    bool IsComparison)
{
    public bool IsEmpty => Groups.Count == 0;

    /// <summary>One name matched several different products ("benadryl" → two diphenhydramine products).</summary>
    public bool IsAmbiguous => !IsComparison && Groups.Count > 1;

    public IEnumerable<LabelVersionInfo> AllLabels => Groups.SelectMany(g => g.Labels).DistinctBy(l => l.SetId, StringComparer.Ordinal);

    /// <summary>Words that name the selected products; they never count as question content.</summary>
    public IEnumerable<string> ProductWords =>
        Groups.SelectMany(g => g.Terms.Concat(g.Labels.SelectMany(ProductSelector.NamesOf)));

    /// <summary>
    /// Loaded products named beside the subject: what it is taken with ("can I take clarithromycin with Lipitor").
    /// Not answered about, but a label sentence naming their ingredient ("atorvastatin") is about the question.
    /// </summary>
    public IReadOnlyList<ProductGroup> Companions { get; init; } = [];

    /// <summary>Each companion's question term with its ingredient names ("lipitor" → "atorvastatin").</summary>
    public IEnumerable<(string Term, IReadOnlyList<string> Ingredients)> CompanionNames =>
        Companions.SelectMany(g => g.Terms.Select(t => (t, (IReadOnlyList<string>)g.Key.Split('+', StringSplitOptions.RemoveEmptyEntries))));
}

/// <summary>
/// Turns resolver matches (and the conversation focus) into the products to answer about.
/// Rule (documented for reviewers): labels with the same active ingredients are one product and are answered from the
/// primary label (best match, then newest). Different products matched by one name are ambiguous; the engine asks
/// which one only when their labels differ on the point. A product named by all its ingredients wins over products
/// that merely contain one of them ("acetaminophen" is the acetaminophen label, not oxycodone and acetaminophen).
/// </summary>
public static partial class ProductSelector
{
    // A match under 60 % as confident as the best is a relative of the named product, not a candidate for it
    // ("percocet" names oxycodone and acetaminophen, not every acetaminophen label).
    private const double RelativeConfidenceFloor = 0.6;
    private const int MaxComparedProducts = 3;

    // Salt and hydrate words: "atorvastatin calcium trihydrate" and "atorvastatin calcium" are the same medicine.
    private static readonly HashSet<string> SaltWords = new(StringComparer.Ordinal)
    {
        "hydrochloride", "hcl", "calcium", "sodium", "potassium", "citrate", "sulfate", "mesylate", "maleate", "tartrate",
        "succinate", "besylate", "acetate", "phosphate", "bromide", "trihydrate", "monohydrate", "dihydrate", "hemihydrate",
        "anhydrous", "hyclate", "fumarate", "hemifumarate", "lactate", "disodium", "bitartrate", "dipropionate", "usp", "and",
        "magnesium", "chloride", "nitrate", "hydrobromide", "dihydrochloride", "monosodium", "tromethamine", "pamoate", "acetonide",
        "dimeglumine",
    };

    // Words of a product name that say nothing about brand ("Atorvastatin Calcium Tablets" is still the generic).
    private static readonly HashSet<string> FormWords = new(StringComparer.Ordinal)
    {
        "tablet", "tablets", "capsule", "capsules", "oral", "suspension", "solution", "injection", "usp", "film", "coated",
        "extended", "release", "delayed", "chewable", "cream", "ointment", "gel", "spray", "nasal", "for", "and", "the",
    };

    public static ProductSelection Select(
        string question,
        IReadOnlyList<ProductMatch> matches,
        IReadOnlyList<string> unknownNames,
        ConversationFocus? focus)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentNullException.ThrowIfNull(unknownNames);
        var questionWords = new HashSet<string>(Words(question), StringComparer.Ordinal);
        if (matches.Count > 0)
        {
            return FromMatches(question, questionWords, matches, unknownNames);
        }
        // A follow-up that names no drug keeps the conversation's product; one that names an unknown drug does not.
        if (focus is not null && unknownNames.Count == 0 && focus.Candidates.Count > 0)
        {
            return new ProductSelection([FromFocus(questionWords, focus)], unknownNames, FromFocus: true, IsComparison: false);
        }
        return new ProductSelection([], unknownNames, FromFocus: false, IsComparison: false);
    }

    /// <summary>Same-medicine key: the label's active ingredients without salt words, sorted.</summary>
    public static string IngredientKey(LabelVersionInfo label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var ingredients = label.Products.SelectMany(p => p.ActiveIngredients).ToList();
        if (ingredients.Count == 0)
        {
            ingredients = label.Products.Select(p => p.GenericName).OfType<string>().Where(g => g.Length > 0).ToList();
        }
        if (ingredients.Count == 0)
        {
            return label.DisplayName.ToLowerInvariant();
        }
        var bases = ingredients.Select(BaseName).Where(b => b.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return string.Join("+", bases);
    }

    /// <summary>True for a generic label: its product name is just its generic name (plus dosage-form words).</summary>
    public static bool IsGenericLabel(LabelVersionInfo label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var product = label.Products.FirstOrDefault();
        if (product is null || string.IsNullOrWhiteSpace(product.GenericName))
        {
            return false;
        }
        var generic = new HashSet<string>(Words(product.GenericName), StringComparer.Ordinal);
        return Words(product.Name).Where(w => !FormWords.Contains(w)).All(generic.Contains);
    }

    /// <summary>Brand, generic and ingredient names of a label, as words.</summary>
    public static IEnumerable<string> NamesOf(LabelVersionInfo label)
    {
        ArgumentNullException.ThrowIfNull(label);
        foreach (var product in label.Products)
        {
            yield return product.Name;
            if (product.GenericName is { } generic)
            {
                yield return generic;
            }
            foreach (var ingredient in product.ActiveIngredients)
            {
                yield return ingredient;
            }
            // "nasal spray", "film coated tablet": the product's form says nothing about the question either.
            if (product.DosageForm is { } form)
            {
                yield return form;
            }
            foreach (var route in product.Routes)
            {
                yield return route;
            }
        }
        yield return label.DisplayName;
    }

    private static ProductSelection FromMatches(string question, HashSet<string> questionWords, IReadOnlyList<ProductMatch> matches, IReadOnlyList<string> unknownNames)
    {
        var top = matches.Max(m => m.Confidence);
        var kept = matches.Where(m => m.Confidence >= top * RelativeConfidenceFloor).ToList();
        var groups = kept
            .GroupBy(m => IngredientKey(m.Label), StringComparer.Ordinal)
            .Select(g => ToGroup(g.Key, g.ToList(), questionWords))
            .OrderByDescending(g => g.Confidence)
            .ToList();

        // A product named by all its ingredients beats one that only contains them; drop exact groups whose
        // ingredients are a strict subset of another exact group ("oxycodone and acetaminophen" is the combination).
        var exact = groups.Where(g => g.NamedExactly).ToList();
        exact.RemoveAll(small => exact.Any(big => !ReferenceEquals(big, small) && IsStrictSubset(small.Key, big.Key)));
        if (exact.Count > 0)
        {
            var exactTerms = new HashSet<string>(exact.SelectMany(g => g.Terms), StringComparer.Ordinal);
            groups = groups.Where(g => exact.Contains(g) || (!g.NamedExactly && g.Terms.Any(t => !exactTerms.Contains(t)))).ToList();
        }

        // Several names in the question (each matching its own product): a comparison only when the question asks to
        // compare ("naproxen vs ibuprofen", "which is safer"); otherwise the first-named product is the subject and
        // the others are what it is taken with ("can I take cipro with Tylenol" is about cipro).
        var byTerm = groups.GroupBy(g => g.Terms[0], StringComparer.Ordinal).ToList();
        if (byTerm.Count > 1)
        {
            if (AsksToCompare(question))
            {
                var compared = byTerm.Select(t => t.First()).Take(MaxComparedProducts).ToList();
                return new ProductSelection(compared, unknownNames, FromFocus: false, IsComparison: true);
            }
            var words = Words(question).ToList();
            var ordered = byTerm.OrderBy(t => Position(words, t.Key)).ToList();
            return new ProductSelection([.. ordered[0]], unknownNames, FromFocus: false, IsComparison: false)
            {
                Companions = ordered.Skip(1).Select(t => t.First()).ToList(),
            };
        }
        return new ProductSelection(groups, unknownNames, FromFocus: false, IsComparison: false);
    }

    private static bool AsksToCompare(string question) => CompareWords().IsMatch(question);

    /// <summary>Index of the first question word a matched term starts with; terms never found sort last.</summary>
    private static int Position(List<string> words, string term)
    {
        var first = Words(term).FirstOrDefault();
        var index = first is null ? -1 : words.IndexOf(first);
        return index < 0 ? int.MaxValue : index;
    }

    [System.Text.RegularExpressions.GeneratedRegex(
        @"\b(?:vs\.?|versus|compar\w*|differen\w*|differ|better|worse|stronger|weaker|safer|safest|same as|similar|both|which)\b",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex CompareWords();

    private static ProductGroup ToGroup(string key, List<ProductMatch> matches, HashSet<string> questionWords)
    {
        var ordered = matches
            .OrderByDescending(m => m.Confidence)
            .ThenByDescending(m => m.Label.EffectiveDate)
            .ToList();
        var labels = ordered.Select(m => m.Label).DistinctBy(l => l.SetId, StringComparer.Ordinal).ToList();
        var terms = ordered.Select(m => m.MatchedTerm.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        var keyWords = key.Split('+', ' ').Where(w => w.Length > 0).ToList();
        var namedExactly = keyWords.All(questionWords.Contains)
            || labels.Any(l => !IsGenericLabel(l) && l.Products.Count > 0
                && Words(l.Products[0].Name).Where(w => !FormWords.Contains(w)).All(questionWords.Contains));
        return new ProductGroup(key, labels[0], labels, terms, ordered[0].Confidence, namedExactly);
    }

    private static ProductGroup FromFocus(HashSet<string> questionWords, ConversationFocus focus)
    {
        var primary = focus.Candidates.FirstOrDefault(l => l.SetId == focus.PrimarySetId) ?? focus.Candidates[0];
        var key = IngredientKey(primary);
        var sameProduct = focus.Candidates.Where(l => IngredientKey(l) == key).ToList();
        // "and the generic one?" / "what about the brand?" switch label within the same product.
        if (questionWords.Contains("generic") && sameProduct.FirstOrDefault(IsGenericLabel) is { } generic)
        {
            primary = generic;
        }
        else if (questionWords.Contains("brand") && sameProduct.FirstOrDefault(l => !IsGenericLabel(l)) is { } brand)
        {
            primary = brand;
        }
        var labels = new List<LabelVersionInfo> { primary };
        labels.AddRange(sameProduct.Where(l => l.SetId != primary.SetId));
        return new ProductGroup(key, primary, labels, [], 1.0, NamedExactly: false);
    }

    private static bool IsStrictSubset(string smallKey, string bigKey)
    {
        var small = smallKey.Split('+');
        var big = bigKey.Split('+');
        return small.Length < big.Length && small.All(big.Contains);
    }

    private static string BaseName(string ingredient)
    {
        var words = Words(ingredient).ToList();
        var kept = words.Where(w => !SaltWords.Contains(w)).ToList();
        return string.Join(' ', kept.Count > 0 ? kept : words);
    }

    private static IEnumerable<string> Words(string text) =>
        text.ToLowerInvariant().Split([' ', ',', '(', ')', '/', '-', '®', '™', '.', '?', '!', ';', ':', '"', '\''], StringSplitOptions.RemoveEmptyEntries);
}
