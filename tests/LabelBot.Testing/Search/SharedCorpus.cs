namespace LabelBot.Testing;

/// <summary>
/// Finds the shared real SPL corpus: shared/labels/spl in a parent folder of the test binaries, or
/// ../shared/labels/spl beside the repository (the CI clone has ../shared next to it).
/// </summary>
public static class SharedCorpus
{
    public const string MissingMessage =
        "Real SPL corpus not found: expected shared/labels/spl in a parent folder of the test binaries or ../shared/labels/spl beside the repository.";

    private static readonly Lazy<string?> FolderLazy = new(Find);

    /// <summary>The folder holding the *.xml labels, or null when absent.</summary>
    public static string? Folder => FolderLazy.Value;

    public static string RequiredFolder => Folder ?? throw new InvalidOperationException(MissingMessage);

    public static string File(string name) => Path.Combine(RequiredFolder, name);

    /// <summary>The repository root (the folder holding LabelBot.sln), or null.</summary>
    public static string? RepositoryRoot() => LabelBot.Testing.TestLocations.FindRepositoryRoot();

    private static string? Find() => LabelBot.Testing.TestLocations.FindSplFolder();
}

/// <summary>A fact that needs the real SPL corpus; skipped with a clear message when it is absent.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (SharedCorpus.Folder is null)
        {
            Skip = SharedCorpus.MissingMessage;
        }
    }
}

/// <summary>A theory that needs the real SPL corpus; skipped with a clear message when it is absent.</summary>
public sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute()
    {
        if (SharedCorpus.Folder is null)
        {
            Skip = SharedCorpus.MissingMessage;
        }
    }
}
