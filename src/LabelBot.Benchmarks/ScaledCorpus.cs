using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LabelBot.Core.Labels;
using LabelBot.Labels;

namespace LabelBot.Benchmarks;

/// <summary>One label of a scaled corpus: the original (copy 0) or a synthetic copy, with its passages.</summary>
public sealed record ScaledLabel(int Copy, LabelDocument Document, IReadOnlyList<Passage> Passages);

/// <summary>
/// A corpus multiplied without new label text: copy 0 is each real label as parsed; copy k ≥ 1 is the same label
/// under a new deterministic set id with made-up product, ingredient and labeler names (<see cref="SyntheticNames"/>),
/// rechunked so its passage ids are its own. Passage texts and section titles are unchanged, so every copy reuses the
/// original's vectors and a question naming a real product still resolves to the real label only.
/// </summary>
public sealed class ScaledCorpus
{
    /// <summary>Every copy's title starts with this, so a citation of a copy is recognisable.</summary>
    public const string CopyTitlePrefix = "Synthetic scale copy";

    private ScaledCorpus(IReadOnlyList<LabelDocument> originals, IReadOnlyList<string> rejected)
    {
        Originals = originals;
        Rejected = rejected;
        OriginalPassages = originals.Select(PassageChunker.Chunk).ToList();
    }

    /// <summary>The real labels (newest version per set id), in set id order.</summary>
    public IReadOnlyList<LabelDocument> Originals { get; }

    /// <summary>Passages of each original, same order as <see cref="Originals"/>.</summary>
    public IReadOnlyList<IReadOnlyList<Passage>> OriginalPassages { get; }

    /// <summary>Files that could not be parsed, with the reason ("file: reason").</summary>
    public IReadOnlyList<string> Rejected { get; }

    public int PassagesPerCopy => OriginalPassages.Sum(p => p.Count);

    /// <summary>Parses every *.xml file of <paramref name="folder"/> once.</summary>
    public static ScaledCorpus Load(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"No label folder at {folder}.");
        }
        return FromFiles(Directory.GetFiles(folder, "*.xml"));
    }

    public static ScaledCorpus FromFiles(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var documents = new List<LabelDocument>();
        var rejected = new List<string>();
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            try
            {
                documents.Add(SplParser.ParseFile(file));
            }
            catch (LabelParseException ex)
            {
                rejected.Add($"{Path.GetFileName(file)}: {ex.Reason}");
            }
        }
        // The store keeps one current version per set id; so does the corpus.
        var originals = documents
            .GroupBy(d => d.SetId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(d => d.Version)!)
            .OrderBy(d => d.SetId, StringComparer.Ordinal)
            .ToList();
        if (originals.Count == 0)
        {
            throw new InvalidDataException("No parseable SPL label to scale" + (rejected.Count > 0 ? ": " + string.Join("; ", rejected) : "."));
        }
        return new ScaledCorpus(originals, rejected);
    }

    /// <summary>Labels of a corpus <paramref name="multiple"/> times the original: copies 0 … multiple−1 of every label.</summary>
    public IEnumerable<ScaledLabel> Labels(int multiple)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(multiple, 1);
        for (var copy = 0; copy < multiple; copy++)
        {
            for (var i = 0; i < Originals.Count; i++)
            {
                yield return copy == 0
                    ? new ScaledLabel(0, Originals[i], OriginalPassages[i])
                    : Copy(Originals[i], copy);
            }
        }
    }

    /// <summary>The (set id, version) of every label in a corpus of <paramref name="multiple"/> times the original.</summary>
    public IReadOnlySet<(string SetId, int Version)> ExpectedLabels(int multiple)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(multiple, 1);
        var expected = new HashSet<(string, int)>();
        for (var copy = 0; copy < multiple; copy++)
        {
            foreach (var original in Originals)
            {
                expected.Add((copy == 0 ? original.SetId : CopySetId(original.SetId, copy), original.Version));
            }
        }
        return expected;
    }

    /// <summary>Copy <paramref name="copy"/> (≥ 1) of a label, rechunked.</summary>
    public static ScaledLabel Copy(LabelDocument original, int copy)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentOutOfRangeException.ThrowIfLessThan(copy, 1);
        var document = original with
        {
            SetId = CopySetId(original.SetId, copy),
            DocumentId = DeterministicGuid("document", original.DocumentId, copy),
            Title = string.Create(CultureInfo.InvariantCulture, $"{CopyTitlePrefix} {copy} of label {original.SetId}"),
            Labeler = original.Labeler is null ? null : SyntheticNames.Rename(original.Labeler, copy),
            Products = original.Products.Select(p => RenameProduct(p, copy)).ToList(),
        };
        return new ScaledLabel(copy, document, PassageChunker.Chunk(document));
    }

    /// <summary>The set id of copy <paramref name="copy"/> of a label: a GUID derived from the original set id and the copy number.</summary>
    public static string CopySetId(string originalSetId, int copy)
    {
        ArgumentNullException.ThrowIfNull(originalSetId);
        return DeterministicGuid("set", originalSetId, copy);
    }

    /// <summary>Brand, generic and ingredient names are what product resolution reads; dosage forms and routes only qualify.</summary>
    private static LabelProduct RenameProduct(LabelProduct product, int copy) => product with
    {
        Name = SyntheticNames.Rename(product.Name, copy),
        GenericName = product.GenericName is null ? null : SyntheticNames.Rename(product.GenericName, copy),
        ActiveIngredients = product.ActiveIngredients.Select(a => SyntheticNames.Rename(a, copy)).ToList(),
    };

    private static string DeterministicGuid(string kind, string original, int copy)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"labelbot-scale-copy\n{kind}\n{original}\n{copy}")));
        return new Guid(hash.AsSpan(0, 16)).ToString("D");
    }
}
