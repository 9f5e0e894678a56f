using System.Security.Cryptography;
using System.Text;
using LabelBot.Core.Labels;
using LabelBot.Core.Storage;
using LabelBot.Labels;
using LabelBot.Search.Embedding;

namespace LabelBot.Storage.Postgres.Tests.TestSupport;

/// <summary>A label version ready to save: the parsed document, its chunked passages and one vector per passage.</summary>
public sealed record SavableLabel(LabelDocument Document, IReadOnlyList<Passage> Passages, IReadOnlyList<float[]> Embeddings)
{
    public string SetId => Document.SetId;
}

/// <summary>
/// Real labels from the shared SPL corpus, parsed and chunked by the real parser, for store tests. The store only keeps
/// vectors, so these carry cheap deterministic ones (the retrieval parity test uses real MiniLM vectors instead).
/// </summary>
public static class RealLabels
{
    /// <summary>A PLR prescription label with numbered sections (ciprofloxacin).</summary>
    public const string Ciprofloxacin = "ciprofloxacin-hydrochloride-cc768d3e.xml";

    /// <summary>An OTC Drug Facts label (ibuprofen).</summary>
    public const string Ibuprofen = "ibuprofen-1a02fa34.xml";

    /// <summary>A small homeopathic label.</summary>
    public const string Hepar = "hepar-liver-30x-4278c2a4.xml";

    private static readonly Dictionary<string, LabelDocument> Parsed = new(StringComparer.Ordinal);
    private static readonly Lock ParsedGate = new();

    public static string Folder => TestLocations.FindSplFolder() ?? throw new InvalidOperationException(RequiresSplCorpusAttribute.MissingMessage);

    /// <summary>
    /// The label in <paramref name="fileName"/> as version <paramref name="version"/> (default: as published), optionally
    /// under another set id. <paramref name="marker"/>, when given, is appended to the first passage's text, so a test
    /// can tell versions apart by a word only one of them contains.
    /// </summary>
    public static SavableLabel Load(string fileName, int? version = null, string? setId = null, string? marker = null)
    {
        var document = Parse(fileName);
        if (version is { } v)
        {
            document = document with { Version = v };
        }
        if (setId is not null)
        {
            document = document with { SetId = setId };
        }
        var passages = PassageChunker.Chunk(document).ToList();
        if (marker is not null && passages.Count > 0)
        {
            passages[0] = passages[0] with { Text = passages[0].Text + " " + marker };
        }
        return new SavableLabel(document, passages, passages.Select(p => DeterministicVector(p.Id)).ToList());
    }

    /// <summary>A unit vector derived from <paramref name="seed"/> alone: the same passage always gets the same vector.</summary>
    public static float[] DeterministicVector(string seed, int dimensions = MiniLmEmbedder.VectorDimensions)
    {
        var random = new Random(BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(seed)), 0));
        var vector = new float[dimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return VectorMath.Normalize(vector);
    }

    private static LabelDocument Parse(string fileName)
    {
        lock (ParsedGate)
        {
            if (!Parsed.TryGetValue(fileName, out var document))
            {
                document = SplParser.ParseFile(Path.Combine(Folder, fileName));
                Parsed[fileName] = document;
            }
            return document;
        }
    }
}
