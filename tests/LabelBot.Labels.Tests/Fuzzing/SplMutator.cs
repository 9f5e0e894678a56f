using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace LabelBot.Labels.Tests.Fuzzing;

/// <summary>
/// Seeded, reproducible damage to real SPL files from the shared corpus. Mutant <c>i</c> depends only on the seed and
/// <c>i</c>, so one failing case can be replayed alone; the kinds take turns so every kind is covered.
/// </summary>
public static partial class SplMutator
{
    /// <summary>The fixed seed of the suite; LABELBOT_FUZZ_SEED replaces it to explore further.</summary>
    public const int DefaultSeed = 20_240_607;

    public const int HugeBytes = 10 * 1024 * 1024;

    private const string Hl7Namespace = "xmlns=\"urn:hl7-org:v3\"";

    private static readonly MutationKind[] Kinds = Enum.GetValues<MutationKind>();
    private static readonly Lazy<IReadOnlyList<(string Name, byte[] Bytes)>> Sources = new(LoadSources);

    public static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("LABELBOT_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : DefaultSeed;

    public static SplMutant Create(int seed, int index)
    {
        var random = new Random(unchecked((seed * 7919) + index));
        var kind = Kinds[index % Kinds.Length];
        var (name, bytes) = Sources.Value[random.Next(Sources.Value.Count)];
        var text = Encoding.UTF8.GetString(bytes);
        var mutant = kind switch
        {
            MutationKind.Truncate => Truncate(bytes, random),
            MutationKind.FlipBytes => FlipBytes(bytes, random),
            MutationKind.DeleteSlice => DeleteSlice(bytes, random),
            MutationKind.WrongNamespace => WrongNamespace(text, random),
            MutationKind.MissingNamespace => Rejected(Encode(ReplaceOnce(text, Hl7Namespace, string.Empty)), "root has no namespace", "not an SPL document"),
            MutationKind.DeepSections => DeepSections(text, random),
            MutationKind.DeepInline => DeepInline(text, random),
            MutationKind.BillionLaughs => BillionLaughs(text),
            MutationKind.ExternalEntity => ExternalEntity(text, random),
            MutationKind.HugeAttribute => HugeAttribute(text, random),
            MutationKind.HugeText => HugeText(text, random),
            MutationKind.DuplicateSetId => Rejected(
                Encode(InsertAfter(text, SetIdElement(), $"<setId root=\"{RandomGuid(random)}\"/>")), "second setId", "setId"),
            MutationKind.MissingSetId => Rejected(Encode(SetIdElement().Replace(text, string.Empty, 1)), "setId removed", "setId"),
            MutationKind.DuplicateVersion => Rejected(
                Encode(InsertAfter(text, VersionElement(), $"<versionNumber value=\"{random.Next(1, 99)}\"/>")), "second versionNumber", "versionNumber"),
            MutationKind.MissingVersion => Rejected(Encode(VersionElement().Replace(text, string.Empty, 1)), "versionNumber removed", "versionNumber"),
            MutationKind.InvalidUtf8 => InvalidUtf8(bytes, text, random),
            MutationKind.WrongEncoding => WrongEncoding(text, random),
            MutationKind.ZipJunk => ZipJunk(name, bytes, random),
            _ => throw new InvalidOperationException($"no mutation for {kind}"),
        };
        return new SplMutant(seed, index, kind, name, mutant.Detail, mutant.Bytes, mutant.MustBeRejected, mutant.ReasonFragment);
    }

    private sealed record Mutation(byte[] Bytes, string Detail, bool MustBeRejected = false, string? ReasonFragment = null);

    private static Mutation Either(byte[] bytes, string detail) => new(bytes, detail);

    private static Mutation Rejected(byte[] bytes, string detail, string? reasonFragment = null) => new(bytes, detail, true, reasonFragment);

    // ---- byte-level damage ------------------------------------------------------------------------------------

    private static Mutation Truncate(byte[] bytes, Random random)
    {
        var cut = random.Next(0, bytes.Length);
        // Cut anywhere before the root closes and the document cannot be complete.
        var rootEnd = LastIndexOf(bytes, "</document>"u8) + "</document>".Length;
        return new(bytes[..cut], $"cut at {cut} of {bytes.Length}", cut < rootEnd);
    }

    private static Mutation FlipBytes(byte[] bytes, Random random)
    {
        var copy = (byte[])bytes.Clone();
        var flips = random.Next(1, 17);
        for (var i = 0; i < flips; i++)
        {
            copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
        }
        return Either(copy, $"{flips} bytes flipped");
    }

    private static Mutation DeleteSlice(byte[] bytes, Random random)
    {
        var start = random.Next(bytes.Length);
        var length = Math.Min(random.Next(1, 2000), bytes.Length - start);
        return Either([.. bytes[..start], .. bytes[(start + length)..]], $"{length} bytes deleted at {start}");
    }

    private static Mutation InvalidUtf8(byte[] bytes, string text, Random random)
    {
        // Lone continuation byte, truncated sequence, overlong '/', encoded surrogate, bytes that never occur in UTF-8.
        byte[][] invalid = [[0x80], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF], [0xFE, 0xFE], [0xF8, 0x88, 0x80, 0x80, 0x80]];
        // After the root start tag, inside the label, so the XML declaration itself is intact.
        var bodyStart = Encoding.UTF8.GetByteCount(text[..text.IndexOf("<setId", StringComparison.Ordinal)]);
        var result = bytes.ToList();
        var count = random.Next(1, 4);
        var positions = Enumerable.Range(0, count).Select(_ => random.Next(bodyStart, bytes.Length)).OrderDescending().ToList();
        foreach (var position in positions)
        {
            result.InsertRange(position, invalid[random.Next(invalid.Length)]);
        }
        // The document declares UTF-8, so bytes that are not UTF-8 make it unreadable, never silently replaced.
        return Rejected([.. result], $"{count} invalid UTF-8 sequences at {string.Join(',', positions)}", "encoding");
    }

    private static Mutation ZipJunk(string name, byte[] bytes, Random random)
    {
        switch (random.Next(3))
        {
            case 0:
                var junk = new byte[random.Next(4, 4096)];
                random.NextBytes(junk);
                "PK\u0003\u0004"u8.CopyTo(junk);
                return Rejected(junk, "zip signature then random bytes");
            case 1:
                var zip = Zip(name, bytes);
                var cut = random.Next(4, zip.Length - 1);
                return Rejected(zip[..cut], $"real zip cut at {cut} of {zip.Length}");
            default:
                var flipped = Zip(name, bytes);
                for (var i = 0; i < 8; i++)
                {
                    // Inside the compressed data: past the 30-byte local header and the entry name.
                    flipped[random.Next(30 + name.Length, flipped.Length / 2)] ^= (byte)random.Next(1, 256);
                }
                return Rejected(flipped, "real zip with 8 bytes flipped in the compressed data");
        }
    }

    // ---- structural damage ------------------------------------------------------------------------------------

    private static Mutation WrongNamespace(string text, Random random)
    {
        string[] namespaces = ["urn:hl7-org:v2", "urn:hl7-org:v3 ", "http://www.w3.org/1999/xhtml", "URN:HL7-ORG:V3", "x"];
        var ns = namespaces[random.Next(namespaces.Length)];
        return Rejected(Encode(ReplaceOnce(text, Hl7Namespace, $"xmlns=\"{ns}\"")), $"default namespace {ns}", "not an SPL document");
    }

    private static Mutation DeepSections(string text, Random random)
    {
        // Mostly far past any limit (10,000 levels and more); sometimes a legal depth that must still parse.
        var depth = random.Next(4) == 0 ? random.Next(2, 60) : 10_000 + random.Next(0, 10_000);
        var nested = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            nested.Append("<component><section><code code=\"42229-5\"/><title>Level</title>");
        }
        nested.Append("<text><paragraph>The deepest paragraph.</paragraph></text>");
        for (var i = 0; i < depth; i++)
        {
            nested.Append("</section></component>");
        }
        var mutated = InsertAfter(text, StructuredBody(), nested.ToString());
        return TooDeep(depth * 2) ? Rejected(Encode(mutated), $"{depth} nested sections", "nested") : Either(Encode(mutated), $"{depth} nested sections");
    }

    private static Mutation DeepInline(string text, Random random)
    {
        var depth = random.Next(4) == 0 ? random.Next(2, 60) : 10_000 + random.Next(0, 50_000);
        var nested = string.Concat(Enumerable.Repeat("<content styleCode=\"bold\">", depth)) + "deep" + string.Concat(Enumerable.Repeat("</content>", depth));
        var mutated = InsertAfter(text, Paragraph(), nested);
        return TooDeep(depth) ? Rejected(Encode(mutated), $"{depth} nested content elements", "nested") : Either(Encode(mutated), $"{depth} nested content elements");
    }

    private static bool TooDeep(int addedLevels) => addedLevels > SplParser.MaxElementDepth;

    private static Mutation BillionLaughs(string text)
    {
        var entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            entities.Append(CultureInfo.InvariantCulture, $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        }
        var withDoctype = InsertDoctype(text, $"<!DOCTYPE document [{entities}]>");
        return Rejected(Encode(InsertAfter(withDoctype, Paragraph(), "&lol9;")), "billion laughs DOCTYPE", "DTD");
    }

    private static Mutation ExternalEntity(string text, Random random)
    {
        (string Doctype, string Use, string Detail)[] attacks =
        [
            ("<!DOCTYPE document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>", "&xxe;", "file entity"),
            ("<!DOCTYPE document [<!ENTITY xxe SYSTEM \"http://127.0.0.1:9/secret\">]>", "&xxe;", "http entity"),
            ("<!DOCTYPE document [<!ENTITY % p SYSTEM \"file:///etc/hostname\"> %p;]>", string.Empty, "parameter entity"),
            ("<!DOCTYPE document SYSTEM \"http://127.0.0.1:9/evil.dtd\">", string.Empty, "external DTD"),
        ];
        var (doctype, use, detail) = attacks[random.Next(attacks.Length)];
        return Rejected(Encode(InsertAfter(InsertDoctype(text, doctype), Paragraph(), use)), detail, "DTD");
    }

    private static Mutation HugeAttribute(string text, Random random)
    {
        var size = random.Next(2) == 0 ? HugeBytes : random.Next(1024 * 1024, HugeBytes);
        string[] targets = ["<document", "<section", "<paragraph", "<title", "<code"];
        var target = targets[random.Next(targets.Length)];
        var value = new string((char)('a' + random.Next(26)), size);
        return Either(Encode(ReplaceOnce(text, target, $"{target} fuzz=\"{value}\"")), $"{size:N0}-char attribute on {target}>");
    }

    private static Mutation HugeText(string text, Random random)
    {
        var size = random.Next(2) == 0 ? HugeBytes : random.Next(1024 * 1024, HugeBytes);
        var oneWord = random.Next(3) == 0;
        var body = new StringBuilder(size + 16);
        string[] words = ["Take", "tablets", "daily", "with", "water.", "Do", "not", "exceed", "dose", "stomach", "bleeding", "warning;"];
        while (body.Length < size)
        {
            if (oneWord)
            {
                body.Append('x', Math.Min(4096, size - body.Length));
            }
            else
            {
                body.Append(words[random.Next(words.Length)]).Append(' ');
            }
        }
        return Either(Encode(InsertAfter(text, Paragraph(), body.ToString())), $"{size:N0}-char text node{(oneWord ? " without spaces" : string.Empty)}");
    }

    private static Mutation WrongEncoding(string text, Random random)
    {
        string[] names = ["UTF-16", "utf-32", "klingon", "ISO-8859-1", "ebcdic-cp-us", "", "UTF-7"];
        var name = names[random.Next(names.Length)];
        var declaration = XmlDeclarationEncoding().Match(text);
        var mutated = declaration.Success
            ? string.Concat(text.AsSpan(0, declaration.Groups[1].Index), name, text.AsSpan(declaration.Groups[1].Index + declaration.Groups[1].Length))
            : $"<?xml version=\"1.0\" encoding=\"{name}\"?>" + text;
        return Either(Encode(mutated), $"declared encoding '{name}'");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static string InsertDoctype(string text, string doctype)
    {
        var root = text.IndexOf("<document", StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, root), doctype, "\n", text.AsSpan(root));
    }

    private static string InsertAfter(string text, Regex pattern, string insertion)
    {
        var match = pattern.Match(text);
        if (!match.Success)
        {
            throw new InvalidOperationException($"the source label has no match for {pattern}");
        }
        var at = match.Index + match.Length;
        return string.Concat(text.AsSpan(0, at), insertion, text.AsSpan(at));
    }

    private static string ReplaceOnce(string text, string oldValue, string newValue)
    {
        var at = text.IndexOf(oldValue, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException($"the source label has no '{oldValue}'");
        }
        return string.Concat(text.AsSpan(0, at), newValue, text.AsSpan(at + oldValue.Length));
    }

    private static Guid RandomGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static int LastIndexOf(byte[] bytes, ReadOnlySpan<byte> value) => bytes.AsSpan().LastIndexOf(value);

    private static byte[] Encode(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Zip(string entryName, byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry(entryName).Open();
            entry.Write(content);
        }
        return buffer.ToArray();
    }

    private static List<(string Name, byte[] Bytes)> LoadSources() =>
        Directory.GetFiles(TestData.RequiredSplFolder, "*.xml")
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), File.ReadAllBytes(path)))
            .ToList();

    [GeneratedRegex("<setId[^>]*/>")]
    private static partial Regex SetIdElement();

    [GeneratedRegex("<versionNumber[^>]*/>")]
    private static partial Regex VersionElement();

    [GeneratedRegex("<structuredBody[^>]*>")]
    private static partial Regex StructuredBody();

    [GeneratedRegex("<paragraph[^>]*?(?<!/)>")]
    private static partial Regex Paragraph();

    [GeneratedRegex("^<\\?xml[^>]*encoding=\"([^\"]*)\"")]
    private static partial Regex XmlDeclarationEncoding();
}
