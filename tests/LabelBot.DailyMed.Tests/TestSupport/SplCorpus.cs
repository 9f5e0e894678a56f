namespace LabelBot.DailyMed.Tests.TestSupport;

/// <summary>
/// The shared real SPL corpus: shared/labels/spl in a parent folder of the test binaries, or ../shared/labels/spl
/// beside the repository (the CI clone has ../shared next to it).
/// </summary>
public static class SplCorpus
{
    public const string MissingMessage =
        "Real SPL corpus not found: expected shared/labels/spl in a parent folder of the test binaries or ../shared/labels/spl beside the repository.";

    /// <summary>A small OTC label (Allergy Relief, diphenhydramine HCl, version 8): the one the update tests bump.</summary>
    public const string AllergyRelief = "diphenhydramine-hydrochloride-5015a380.xml";
    public const string AllergyReliefSetId = "5015a380-a229-4eff-8e31-528065c6ed64";

    /// <summary>A second small OTC diphenhydramine label, so a name search matches two labels.</summary>
    public const string CoughCold = "diphenhydramine-hcl-phenylephrine-hcl-00f66f25.xml";
    public const string CoughColdSetId = "00f66f25-3469-4c16-9baf-fba21e9628bd";

    private static readonly Lazy<string?> FolderLazy = new(Find);

    public static string? Folder => FolderLazy.Value;

    public static string File(string name) => Path.Combine(Folder ?? throw new InvalidOperationException(MissingMessage), name);

    public static byte[] Bytes(string name) => System.IO.File.ReadAllBytes(File(name));

    private static string? Find() => LabelBot.Testing.TestLocations.FindSplFolder();
}

/// <summary>A fact that needs the real SPL corpus; skipped with a clear message when it is absent.</summary>
public sealed class SplFactAttribute : FactAttribute
{
    public SplFactAttribute()
    {
        if (SplCorpus.Folder is null)
        {
            Skip = SplCorpus.MissingMessage;
        }
    }
}

/// <summary>A theory that needs the real SPL corpus; skipped with a clear message when it is absent.</summary>
public sealed class SplTheoryAttribute : TheoryAttribute
{
    public SplTheoryAttribute()
    {
        if (SplCorpus.Folder is null)
        {
            Skip = SplCorpus.MissingMessage;
        }
    }
}
