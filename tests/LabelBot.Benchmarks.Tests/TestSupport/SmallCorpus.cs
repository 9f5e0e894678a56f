
namespace LabelBot.Benchmarks.Tests.TestSupport;

/// <summary>
/// Three short real labels of the shared corpus (OTC: Rogaine, an Allergy Relief diphenhydramine, a Pain Relief
/// acetaminophen) in a folder of their own, with the developer questions about them: enough to scale 2x in seconds.
/// </summary>
internal sealed class SmallCorpus : IDisposable
{
    public static readonly string[] Files =
    [
        "minoxidil-1b5e2860.xml",
        "diphenhydramine-hydrochloride-5015a380.xml",
        "acetaminophen-42f0c87c.xml",
    ];

    private readonly TempDirectory _temp = new();

    public SmallCorpus()
    {
        LabelFolder = Directory.CreateDirectory(System.IO.Path.Combine(_temp.Path, "labels")).FullName;
        foreach (var file in Files)
        {
            File.Copy(SharedCorpus.File(file), System.IO.Path.Combine(LabelFolder, file));
        }
        Corpus = ScaledCorpus.Load(LabelFolder);
        var setIds = Corpus.Originals.Select(o => o.SetId).ToList();
        DevSet = System.IO.Path.Combine(_temp.Path, "dev.jsonl");
        var devLines = File.ReadLines(System.IO.Path.Combine(AppContext.BaseDirectory, "Data", "retrieval-dev.jsonl"))
            .Where(line => setIds.Any(id => line.Contains(id, StringComparison.Ordinal)))
            .ToList();
        File.WriteAllLines(DevSet, devLines);
        QuestionCount = devLines.Count;
    }

    public string Root => _temp.Path;

    public string LabelFolder { get; }

    public ScaledCorpus Corpus { get; }

    /// <summary>The developer-set questions that name one of the three labels.</summary>
    public string DevSet { get; }

    public int QuestionCount { get; }

    public string NewFolder(string name) => Directory.CreateDirectory(System.IO.Path.Combine(_temp.Path, name + "-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    public void Dispose() => _temp.Dispose();
}
