using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using LabelBot.Core.Labels;
using LabelBot.Labels.Spl;

namespace LabelBot.Labels;

/// <summary>
/// Parses an FDA Structured Product Label (HL7 v3 SPL XML) into a <see cref="LabelDocument"/>.
/// Untrusted input: DTDs are prohibited (no external entities, no entity expansion) and the document size is
/// bounded, so a hostile file is rejected with a reason instead of reading local files or exhausting memory.
/// </summary>
public static class SplParser
{
    /// <summary>Largest document accepted, in characters. Real labels are well under 5 MB.</summary>
    public const long DefaultMaxCharacters = 50_000_000;

    /// <summary>
    /// Deepest element nesting accepted. Real labels nest fewer than 20 levels; the section and text readers recurse
    /// once per level, so a hostile document nested thousands deep is refused before them instead of overflowing the stack.
    /// </summary>
    public const int MaxElementDepth = 256;

    public static LabelDocument ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LabelParseException(path, "cannot read file: " + OneLine(ex.Message), ex);
        }
        using (stream)
        {
            return Parse(stream, path);
        }
    }

    public static LabelDocument Parse(Stream xml, string sourceName) => Parse(xml, sourceName, DefaultMaxCharacters);

    public static LabelDocument Parse(Stream xml, string sourceName, long maxCharacters)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(sourceName);
        var root = LoadRoot(xml, sourceName, maxCharacters);
        return ReadDocument(root, sourceName);
    }

    private static XElement LoadRoot(Stream xml, string sourceName, long maxCharacters)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxCharacters,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = false,
            CloseInput = false,
        };
        var counting = new ContentSniffingStream(xml);
        try
        {
            using var reader = new DepthLimitedXmlReader(XmlReader.Create(counting, settings), MaxElementDepth);
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element)
            {
                throw new LabelParseException(sourceName, "not an XML document (no root element)");
            }
            if (reader.LocalName != "document" || reader.NamespaceURI != Hl7.V3.NamespaceName)
            {
                var ns = reader.NamespaceURI.Length == 0 ? "no namespace" : reader.NamespaceURI;
                throw new LabelParseException(sourceName,
                    $"not an SPL document: root element is <{reader.LocalName}> ({ns}), expected <document> in urn:hl7-org:v3");
            }
            return XElement.Load(reader, LoadOptions.None);
        }
        catch (NestingTooDeepException ex)
        {
            throw new LabelParseException(sourceName, ex.Message, ex);
        }
        catch (XmlException ex)
        {
            throw new LabelParseException(sourceName, DescribeXmlError(ex, counting), ex);
        }
    }

    private static string DescribeXmlError(XmlException ex, ContentSniffingStream input)
    {
        if (!input.SawContent)
        {
            return "empty file";
        }
        var message = ex.Message;
        if (message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            return "DTD/DOCTYPE declarations are not allowed (blocks external-entity and entity-expansion attacks)";
        }
        if (message.Contains("MaxCharacters", StringComparison.OrdinalIgnoreCase))
        {
            return "document exceeds the size limit";
        }
        return "malformed XML: " + OneLine(message);
    }

    private static LabelDocument ReadDocument(XElement root, string sourceName)
    {
        // SAFETY: set id and version decide which label a citation names; a document claiming two identities is refused.
        foreach (var identity in new[] { Hl7.SetId, Hl7.VersionNumber })
        {
            if (root.Elements(identity).Skip(1).Any())
            {
                throw new LabelParseException(sourceName, $"more than one {identity.LocalName}");
            }
        }
        var setId = root.Element(Hl7.SetId)?.Attribute("root")?.Value.Trim();
        if (string.IsNullOrEmpty(setId))
        {
            throw new LabelParseException(sourceName, "missing setId");
        }
        var versionText = root.Element(Hl7.VersionNumber)?.Attribute("value")?.Value.Trim();
        if (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new LabelParseException(sourceName, "missing or invalid versionNumber");
        }
        var effectiveText = root.Element(Hl7.EffectiveTime)?.Attribute("value")?.Value.Trim() ?? string.Empty;
        if (effectiveText.Length < 8 ||
            !DateOnly.TryParseExact(effectiveText[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var effectiveDate))
        {
            throw new LabelParseException(sourceName, "missing or invalid effectiveTime");
        }

        var documentCode = root.Element(Hl7.Code)?.Attribute("code")?.Value.Trim() ?? string.Empty;
        var format = DetectFormat(root, documentCode);
        var products = ProductReader.Read(root);

        var body = root.Element(Hl7.Component)?.Element(Hl7.StructuredBody);
        var sections = body is null ? [] : new SectionTreeReader(format).Read(body);
        if (sections.Count == 0)
        {
            throw new LabelParseException(sourceName, "no sections with text");
        }

        var title = root.Element(Hl7.Title) is { } t ? SectionTextRenderer.InlineText(t) : string.Empty;
        if (title.Length == 0)
        {
            title = products.Count > 0 ? products[0].Name : setId;
        }
        var labeler = root.Element(Hl7.Author)?.Element(Hl7.AssignedEntity)?.Element(Hl7.RepresentedOrganization)?.Element(Hl7.Name) is { } org
            ? SectionTextRenderer.InlineText(org)
            : null;

        return new LabelDocument(
            setId,
            root.Element(Hl7.Id)?.Attribute("root")?.Value.Trim() ?? string.Empty,
            version,
            effectiveDate,
            title,
            documentCode,
            format,
            string.IsNullOrEmpty(labeler) ? null : labeler,
            products,
            sections);
    }

    /// <summary>
    /// The rule of ../shared/labels/README.md: OTC document code first; then Highlights or a
    /// Warnings and Precautions section mark PLR; other prescription labels are the older format.
    /// </summary>
    private static LabelFormat DetectFormat(XElement root, string documentCode)
    {
        if (documentCode == SectionCodes.OtcDocument)
        {
            return LabelFormat.Otc;
        }
        var hasHighlights = root.Descendants(Hl7.Excerpt).Elements(Hl7.Highlight).Any();
        var hasWarningsAndPrecautions = root.Descendants(Hl7.Section)
            .Any(s => s.Element(Hl7.Code)?.Attribute("code")?.Value == SectionCodes.WarningsAndPrecautions);
        if (hasHighlights || hasWarningsAndPrecautions)
        {
            return LabelFormat.Plr;
        }
        return documentCode == SectionCodes.PrescriptionDocument ? LabelFormat.NonPlr : LabelFormat.Other;
    }

    private static string OneLine(string message) => TextNormalizer.SingleLine(message);
}
