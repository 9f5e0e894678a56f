using System.Reflection;

namespace LabelBot.Search.Products;

/// <summary>
/// Embedded word lists: common US drug names (generic, and brand → generic), brand → ingredient aliases from RxNorm and
/// openFDA (data/aliases/brand-ingredients.txt) and common words that never name a product alone. See
/// Data/common-drugs.txt and Data/common-words.txt.
/// </summary>
public sealed class DrugLexicon
{
    private static readonly Lazy<DrugLexicon> DefaultInstance = new(Load);

    // Name endings of drug classes; a word this long with one of them is very likely a drug ("-pril": lisinopril).
    private static readonly string[] DrugSuffixes =
    [
        "pril", "sartan", "statin", "olol", "azole", "mab", "cillin", "mycin", "floxacin", "pam", "lam", "tidine",
        "prazole", "fen", "profen", "cycline", "vir", "tinib", "gliptin", "gliflozin", "triptan", "dipine", "oxetine",
        "azepam", "codone", "morphone", "xaban", "parin", "semide", "thiazide", "lukast", "afil", "caine", "dronate",
    ];

    private DrugLexicon(HashSet<string> generics, Dictionary<string, string[]> brands, HashSet<string> commonWords)
    {
        Generics = generics;
        Brands = brands;
        CommonWords = commonWords;
    }

    public static DrugLexicon Default => DefaultInstance.Value;

    /// <summary>Generic names, lowercase.</summary>
    public IReadOnlySet<string> Generics { get; }

    /// <summary>Brand name → generic names, lowercase.</summary>
    public IReadOnlyDictionary<string, string[]> Brands { get; }

    /// <summary>Words that never name a product on their own.</summary>
    public IReadOnlySet<string> CommonWords { get; }

    public bool IsKnownDrugName(string token) => Generics.Contains(token) || Brands.ContainsKey(token);

    /// <summary>True for a word of 6+ letters, not a common word, that ends like a drug class name.</summary>
    public bool HasDrugSuffix(string token) =>
        token.Length >= 6 && !CommonWords.Contains(token) && token.All(char.IsLetter)
        && DrugSuffixes.Any(s => token.EndsWith(s, StringComparison.Ordinal));

    private static DrugLexicon Load()
    {
        var generics = new HashSet<string>(StringComparer.Ordinal);
        var brands = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in ReadLines("common-drugs.txt"))
        {
            var parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2)
            {
                brands[parts[0]] = BaseNames(parts[1]);
            }
            else
            {
                generics.Add(parts[0]);
            }
        }
        // RxNorm / openFDA brands (data/aliases): the hand-written list above wins where both name a brand, since the
        // generated list lacks ingredients whose names start with "A" ("percocet" there is oxycodone alone).
        foreach (var line in ReadLines("brand-ingredients.txt"))
        {
            var parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && !brands.ContainsKey(parts[0]) && !generics.Contains(parts[0]))
            {
                brands[parts[0]] = BaseNames(parts[1]);
            }
        }
        var common = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in ReadLines("common-words.txt"))
        {
            foreach (var word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                common.UnionWith(ProductText.Tokens(word));
            }
        }
        return new DrugLexicon(generics, brands, common);
    }

    /// <summary>"oxycodone hydrochloride + acetaminophen" → base names without salt words, as labels' bases are keyed.</summary>
    private static string[] BaseNames(string ingredients) =>
        ingredients.Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(i => string.Join(' ', SaltForms.StripSalts(ProductText.Tokens(i))))
            .Where(b => b.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    private static IEnumerable<string> ReadLines(string fileName)
    {
        var assembly = typeof(DrugLexicon).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + fileName, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var content = line.Split('#', 2)[0].Trim().ToLowerInvariant();
            if (content.Length > 0)
            {
                yield return content;
            }
        }
    }
}
