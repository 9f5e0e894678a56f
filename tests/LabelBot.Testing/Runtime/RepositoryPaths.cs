namespace LabelBot.Testing;

/// <summary>Folders of the checkout the tests run in (found by walking up from the test binaries to LabelBot.sln).</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    /// <summary>The shipped labels the bot serves (data/labels).</summary>
    public static string LabelsFolder => Path.Combine(Root, "data", "labels");

    public static string ArtifactsFolder => Path.Combine(Root, "artifacts");

    public static string RuntimeTestData(string fileName) => Path.Combine(Root, "tests", "LabelBot.Runtime.Tests", "Data", fileName);

    /// <summary>A new empty folder under the system temp folder, unique to one test.</summary>
    public static string NewTempFolder(string purpose)
    {
        var folder = Path.Combine(Path.GetTempPath(), "labelbot-tests", $"{purpose}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LabelBot.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("LabelBot.sln not found above " + AppContext.BaseDirectory);
    }
}
