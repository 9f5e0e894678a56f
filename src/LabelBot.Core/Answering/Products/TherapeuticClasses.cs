using LabelBot.Core.Labels;

namespace LabelBot.Core.Answering.Products;

/// <summary>
/// What kind of medicine a drug is ("muscle relaxant", "triptan"), from the embedded therapeutic-classes.tsv. A question
/// that names only a class is asked which product it means; a drug with no label loaded is answered with the loaded
/// labels of its own class. A class never selects a label by itself: "muscle relaxant" must not become cyclobenzaprine
/// when the user means baclofen.
/// </summary>
public static class TherapeuticClasses
{
    private static readonly Lazy<IReadOnlyList<TherapeuticClass>> All = new(Load);

    /// <summary>One class: its display name, the words users call it by, and its members' generic and brand names.</summary>
    public sealed record TherapeuticClass(string Name, IReadOnlyList<string> Words, IReadOnlySet<string> Members)
    {
        /// <summary>
        /// True when the label's title or name names a member of this class, or one of its active ingredients is a member.
        /// A kit of many parts (a bupivacaine kit with a steroid vial and antiseptic swabs) counts only by its title: its
        /// label text is about the drug the title names.
        /// </summary>
        public bool Contains(LabelVersionInfo label)
        {
            ArgumentNullException.ThrowIfNull(label);
            const int MaxIngredientsOfOneMedicine = 3;
            IEnumerable<string> names = [label.Title, label.DisplayName];
            if (ProductSelector.IngredientKey(label).Split('+').Length <= MaxIngredientsOfOneMedicine)
            {
                names = names.Concat(ProductSelector.NamesOf(label));
            }
            var tokenized = names.Select(Tokens).ToList();
            return Members.Any(member => tokenized.Any(name => ContainsPhrase(name, Tokens(member))));
        }
    }

    public static IReadOnlyList<TherapeuticClass> Classes => All.Value;

    /// <summary>The classes a text calls by name ("any muscle relaxers that don't make you sleepy?"), longest wording first.</summary>
    public static IReadOnlyList<TherapeuticClass> NamedIn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Tokens(text);
        return Classes.Where(c => c.Words.Any(w => ContainsPhrase(tokens, Tokens(w)))).ToList();
    }

    /// <summary>The classes a drug name belongs to ("baclofen" → muscle relaxant).</summary>
    public static IReadOnlyList<TherapeuticClass> Of(string drugName)
    {
        ArgumentNullException.ThrowIfNull(drugName);
        var name = string.Join(' ', Tokens(drugName));
        return Classes.Where(c => c.Members.Contains(name)).ToList();
    }

    private static bool ContainsPhrase(IReadOnlyList<string> tokens, IReadOnlyList<string> phrase)
    {
        if (phrase.Count == 0)
        {
            return false;
        }
        for (var start = 0; start + phrase.Count <= tokens.Count; start++)
        {
            var all = true;
            for (var i = 0; i < phrase.Count && all; i++)
            {
                all = string.Equals(tokens[start + i], phrase[i], StringComparison.Ordinal);
            }
            if (all)
            {
                return true;
            }
        }
        return false;
    }

    private static List<string> Tokens(string text) =>
        text.ToLowerInvariant().Split([' ', ',', '(', ')', '/', '-', '®', '™', '.', '?', '!', ';', ':', '"', '\'', '\t', '\n'],
            StringSplitOptions.RemoveEmptyEntries).ToList();

    private static List<TherapeuticClass> Load()
    {
        using var stream = typeof(TherapeuticClasses).Assembly.GetManifestResourceStream("therapeutic-classes.tsv")
            ?? throw new InvalidOperationException("therapeutic-classes.tsv is not embedded in LabelBot.Core.");
        using var reader = new StreamReader(stream);
        var classes = new List<TherapeuticClass>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var columns = line.Split('\t');
            if (columns.Length != 3)
            {
                throw new InvalidOperationException("therapeutic-classes.tsv: every line needs three tab-separated columns.");
            }
            // Members are compared as space-joined tokens, the way Of() normalises a drug name.
            var members = columns[2].Split('|').Select(m => string.Join(' ', Tokens(m))).Where(m => m.Length > 0).ToHashSet(StringComparer.Ordinal);
            classes.Add(new TherapeuticClass(columns[0], columns[1].Split('|'), members));
        }
        return classes;
    }
}
