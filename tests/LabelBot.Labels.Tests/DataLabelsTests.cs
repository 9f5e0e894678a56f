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

        // The README's provenance tables list exactly the shipped files (no count is written down twice).
        var listed = readme.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains(".xml |", StringComparison.Ordinal))
            .Select(l => l.Split('|')[1].Trim()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(listed, files.Select(Path.GetFileName).Order(StringComparer.Ordinal));
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
        var otcListed = readme[readme.IndexOf("## OTC Drug Facts labels", StringComparison.Ordinal)..].Split('\n').Count(l => l.Contains(".xml |", StringComparison.Ordinal));
        Assert.Equal(otcListed, files.Select(SplParser.ParseFile).Count(l => l.Format == Core.Labels.LabelFormat.Otc));
    }

    [SplFact]
    public void ShippedOpenFdaRecordsAreUnchangedSharedCopiesListedInTheReadme()
    {
        var root = TestData.RepositoryRoot() ?? throw new InvalidOperationException("repository root (LabelBot.sln) not found");
        var folder = Path.Combine(root, "data", "labels");
        var readme = File.ReadAllText(Path.Combine(folder, "README.md"));
        var shared = LabelBot.Testing.TestLocations.FindOpenFdaFolder() ?? throw new InvalidOperationException("shared/labels/openfda not found");
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
