using System.Globalization;
using LabelBot.Core.Labels;

namespace LabelBot.Labels.Tests;

/// <summary>
/// Finds the shared real SPL corpus (../shared/labels/spl beside the repository) and its MANIFEST.tsv.
/// Tests that need it use <see cref="SplFactAttribute"/> / <see cref="SplTheoryAttribute"/> and are skipped with
/// a clear message when the folder is absent.
/// </summary>
public static class TestData
{
    public const string MissingCorpusMessage =
        "Real SPL corpus not found: expected shared/labels/spl in a parent folder of the test binaries or ../shared/labels/spl beside the repository.";

    private static readonly Lazy<string?> SplFolderLazy = new(FindSplFolder);
    private static readonly Lazy<IReadOnlyList<ManifestRow>> ManifestLazy = new(ReadManifest);

    /// <summary>The folder holding the *.xml labels, or null.</summary>
    public static string? SplFolder => SplFolderLazy.Value;

    public static string RequiredSplFolder => SplFolder ?? throw new InvalidOperationException(MissingCorpusMessage);

    public static IReadOnlyList<ManifestRow> Manifest => ManifestLazy.Value;

    public static string SplFile(string fileName) => Path.Combine(RequiredSplFolder, fileName);

    public static LabelDocument Parse(string fileName) => SplParser.ParseFile(SplFile(fileName));

    /// <summary>File names of every label in the corpus, for theories.</summary>
    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        if (SplFolder is not null)
        {
            foreach (var file in Directory.GetFiles(SplFolder, "*.xml").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(file));
            }
        }
        return data;
    }

    /// <summary>The repository root (the folder holding LabelBot.sln), or null.</summary>
    public static string? RepositoryRoot() => LabelBot.Testing.TestLocations.FindRepositoryRoot();

    private static string? FindSplFolder() => LabelBot.Testing.TestLocations.FindSplFolder();

    private static IReadOnlyList<ManifestRow> ReadManifest()
    {
        var manifest = Path.Combine(RequiredSplFolder, "..", "MANIFEST.tsv");
        var lines = File.ReadAllLines(manifest);
        var header = lines[0].Split('\t');
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0
            ? i
            : throw new InvalidDataException($"MANIFEST.tsv has no column {name}");
        var file = Column("file");
        var title = Column("title");
        var setId = Column("set_id");
        var version = Column("version");
        var effective = Column("effective_time");
        var format = Column("format");
        return lines.Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Where(cells => cells[file].StartsWith("spl/", StringComparison.Ordinal))
            .Select(cells => new ManifestRow(
                Path.GetFileName(cells[file]),
                cells[title],
                cells[setId],
                int.Parse(cells[version], CultureInfo.InvariantCulture),
                DateOnly.ParseExact(cells[effective], "yyyyMMdd", CultureInfo.InvariantCulture),
                cells[format]))
            .ToList();
    }
}

public sealed record ManifestRow(string FileName, string Title, string SetId, int Version, DateOnly EffectiveDate, string Format)
{
    /// <summary>The manifest spells formats "plr", "non-plr", "otc", "other".</summary>
    public LabelFormat ExpectedFormat => Format switch
    {
        "plr" => LabelFormat.Plr,
        "non-plr" => LabelFormat.NonPlr,
        "otc" => LabelFormat.Otc,
        "other" => LabelFormat.Other,
        _ => throw new InvalidDataException($"unknown format {Format}"),
    };
}

/// <summary>A fact that needs the real SPL corpus; skipped with a message when it is absent.</summary>
public sealed class SplFactAttribute : FactAttribute
{
    public SplFactAttribute()
    {
        if (TestData.SplFolder is null)
        {
            Skip = TestData.MissingCorpusMessage;
        }
    }
}

/// <summary>A theory that needs the real SPL corpus; skipped with a message when it is absent.</summary>
public sealed class SplTheoryAttribute : TheoryAttribute
{
    public SplTheoryAttribute()
    {
        if (TestData.SplFolder is null)
        {
            Skip = TestData.MissingCorpusMessage;
        }
    }
}
