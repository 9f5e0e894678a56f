namespace LabelBot.Runtime;

/// <summary>
/// Where LabelBot keeps its files. The CLI and the bot host must agree on the default database,
/// so both resolve it here: env LABELBOT_DB, else data/labelbot.db in the repository, else ~/.labelbot/labelbot.db.
/// </summary>
public static class LabelBotPaths
{
    public const string DatabaseEnvironmentVariable = "LABELBOT_DB";
    public const string PostgresEnvironmentVariable = "LABELBOT_POSTGRES";

    /// <summary>The repository root (folder holding LabelBot.sln) above the current directory or the app's base directory.</summary>
    public static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LabelBot.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        return null;
    }

    public static string DefaultDatabasePath()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(DatabaseEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }
        var root = FindRepositoryRoot();
        return root is not null
            ? Path.Combine(root, "data", "labelbot.db")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".labelbot", "labelbot.db");
    }

    /// <summary>The shipped labels (data/labels) that seed an empty database.</summary>
    public static string? DefaultLabelsFolder()
    {
        var root = FindRepositoryRoot();
        var folder = root is null ? null : Path.Combine(root, "data", "labels");
        return folder is not null && Directory.Exists(folder) ? folder : null;
    }

    /// <summary>The shared corpus (../shared/labels/spl beside the repository) used by bench and tests.</summary>
    public static string? SharedCorpusFolder()
    {
        var root = FindRepositoryRoot();
        if (root is null)
        {
            return null;
        }
        var folder = Path.GetFullPath(Path.Combine(root, "..", "shared", "labels", "spl"));
        return Directory.Exists(folder) ? folder : null;
    }
}
