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

    [SplFact]
    public void ShippedOpenFdaRecordsAreUnchangedSharedCopiesListedInTheReadme()
    {
        var root = TestData.RepositoryRoot() ?? throw new InvalidOperationException("repository root (LabelBot.sln) not found");
        var folder = Path.Combine(root, "data", "labels");
        var readme = File.ReadAllText(Path.Combine(folder, "README.md"));
        var shared = LabelBot.TestSupport.TestLocations.FindOpenFdaFolder() ?? throw new InvalidOperationException("shared/labels/openfda not found");
        var files = Directory.GetFiles(folder, "*.json");

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            Assert.Equal(File.ReadAllBytes(Path.Combine(shared, name)), File.ReadAllBytes(file));
            Assert.Contains($"| {name} |", readme, StringComparison.Ordinal);
            using var stream = File.OpenRead(file);
            foreach (var label in OpenFda.OpenFdaParser.ParseAll(stream, name))
            {
                Assert.Contains(label.SetId, readme, StringComparison.Ordinal);
            }
        }
    }
}
