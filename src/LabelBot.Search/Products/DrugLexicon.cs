using System.Reflection;

namespace LabelBot.Search.Products;

/// <summary>
/// Embedded word lists: common US drug names (generic, and brand → generic) and common words that never name a
/// product alone. See Data/common-drugs.txt and Data/common-words.txt.
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
                brands[parts[0]] = parts[1].Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            }
            else
            {
                generics.Add(parts[0]);
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
