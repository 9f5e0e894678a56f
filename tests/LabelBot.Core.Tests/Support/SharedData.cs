namespace LabelBot.Core.Tests.Support;

/// <summary>
/// Finds the shared real SPL labels: walks up from the test binaries to a folder containing
/// <c>shared/labels/spl</c> (the dev layout) or whose parent does (the CI clone has ../shared beside the repo).
/// </summary>
public static class SharedData
{
    public const string MissingMessage =
        "Skipped: the shared SPL labels (shared/labels/spl) were not found above the test folder or beside the repository.";

    private static readonly Lazy<string?> Spl = new(FindSplFolder);

    /// <summary>The folder holding the real SPL XML files, or null when absent.</summary>
    public static string? SplFolder => Spl.Value;

    /// <summary>The routing data sets shipped with these tests.</summary>
    public static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    private static string? FindSplFolder() => LabelBot.Testing.TestLocations.FindSplFolder();
}

/// <summary>A fact that is skipped, with a clear message, when the shared SPL labels are absent.</summary>
public sealed class SplFactAttribute : FactAttribute
{
    public SplFactAttribute()
    {
        if (SharedData.SplFolder is null)
        {
            Skip = SharedData.MissingMessage;
        }
    }
}

/// <summary>A theory that is skipped, with a clear message, when the shared SPL labels are absent.</summary>
public sealed class SplTheoryAttribute : TheoryAttribute
{
    public SplTheoryAttribute()
    {
        if (SharedData.SplFolder is null)
        {
            Skip = SharedData.MissingMessage;
        }
    }
}
