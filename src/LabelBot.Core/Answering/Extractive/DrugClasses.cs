namespace LabelBot.Core.Answering.Extractive;

/// <summary>
/// Other medicines a question names beside its subject ("Xanax", "birth control", "antacids") and the words labels use
/// for their class ("benzodiazepines", "oral contraceptives", "multivalent cations"), from the embedded
/// drug-classes.tsv. Only used to find the label's own sentences about that combination; never shown as an answer.
/// </summary>
public static class DrugClasses
{
    private static readonly Lazy<IReadOnlyList<DrugClass>> All = new(Load);

    /// <summary>One class: the names people use for its members, and the label's words for it.</summary>
    public sealed record DrugClass(IReadOnlyList<string> Names, IReadOnlyList<string> LabelWords);

    public static IReadOnlyList<DrugClass> Classes => All.Value;

    private static List<DrugClass> Load()
    {
        using var stream = typeof(DrugClasses).Assembly.GetManifestResourceStream("drug-classes.tsv")
            ?? throw new InvalidOperationException("drug-classes.tsv is not embedded in LabelBot.Core.");
        using var reader = new StreamReader(stream);
        var classes = new List<DrugClass>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var columns = line.Split('\t');
            if (columns.Length != 2)
            {
                throw new InvalidOperationException("drug-classes.tsv: every line needs two tab-separated columns.");
            }
            classes.Add(new DrugClass(columns[0].Split('|'), columns[1].Split('|')));
        }
        return classes;
    }
}
