namespace LabelBot.Bot.Tests.Infrastructure;

/// <summary>Folders of the repository the tests run in (found by walking up to LabelBot.sln).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string LabelsFolder => Path.Combine(Root, "data", "labels");

    public static string ArtifactsFolder => Path.Combine(Root, "artifacts");

    public static string NewTempDatabasePath(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "labelbot-bot-tests", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".db");
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
