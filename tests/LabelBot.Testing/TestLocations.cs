namespace LabelBot.Testing;

/// <summary>
/// Where the tests find the repository and the shared real SPL corpus, written once for every test project:
/// shared/labels/spl in a parent folder of the test binaries, or ../shared/labels/spl beside the repository
/// (the CI clone has ../shared next to it).
/// </summary>
public static class TestLocations
{
    /// <summary>The folder holding the corpus's *.xml labels, or null when it is absent.</summary>
    public static string? FindSplFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[]
                     {
                         Path.Combine(dir.FullName, "shared", "labels", "spl"),
                         Path.Combine(dir.FullName, "..", "shared", "labels", "spl"),
                     })
            {
                if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.xml").Any())
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }
        return null;
    }

    /// <summary>The folder of openFDA JSON records beside the SPL corpus (shared/labels/openfda), or null when it is absent.</summary>
    public static string? FindOpenFdaFolder()
    {
        var spl = FindSplFolder();
        var folder = spl is null ? null : Path.GetFullPath(Path.Combine(spl, "..", "openfda"));
        return folder is not null && Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.json").Any() ? folder : null;
    }

    /// <summary>The repository root (the folder holding LabelBot.sln), or null.</summary>
    public static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LabelBot.sln")))
            {
                return dir.FullName;
            }
        }
        return null;
    }
}
