namespace LabelBot.Labels.Tests;

/// <summary>The labels shipped in data/labels are exact copies of corpus files, parse, and are documented.</summary>
public sealed class DataLabelsTests
{
    [SplFact]
    public void ShippedLabelsAreUnchangedCorpusCopiesListedInTheReadme()
    {
        var root = TestData.RepositoryRoot() ?? throw new InvalidOperationException("repository root (LabelBot.sln) not found");
        var folder = Path.Combine(root, "data", "labels");
        var readme = File.ReadAllText(Path.Combine(folder, "README.md"));
        var files = Directory.GetFiles(folder, "*.xml");

        Assert.Equal(16, files.Length);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            Assert.Equal(File.ReadAllBytes(TestData.SplFile(name)), File.ReadAllBytes(file));
            var row = TestData.Manifest.Single(r => r.FileName == name);
            Assert.Contains($"| {name} |", readme, StringComparison.Ordinal);
            Assert.Contains(row.SetId, readme, StringComparison.Ordinal);
            var label = SplParser.ParseFile(file);
            Assert.Equal(row.Version, label.Version);
        }
        Assert.Equal(4, files.Select(SplParser.ParseFile).Count(l => l.Format == Core.Labels.LabelFormat.Otc));
    }
}
