using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace LabelBot.Testing;

/// <summary>
/// Derives a newer version of a real SPL the way a labeler would publish one: version number + 1, a later effective
/// time, a new document id, and one section's text edited. Everything else stays byte-for-byte the same content.
/// </summary>
public static class SplEditor
{
    private static readonly XNamespace V3 = "urn:hl7-org:v3";

    /// <summary>The "When using this product" edit the update tests make (section 50567-7 of the Allergy Relief label).</summary>
    public const string EditedSectionCode = "50567-7";
    public const string OriginalItem = "marked drowsiness may occur";
    public const string RewordedItem = "marked drowsiness may occur and may last into the next day";
    public const string AddedItem = "do not use with any other product containing diphenhydramine, even one used on skin";

    public static byte[] BumpVersion(byte[] spl, DateOnly effectiveDate, Action<XElement>? editSection = null, string sectionCode = EditedSectionCode)
    {
        var document = Load(spl);
        var root = document.Root!;
        var version = int.Parse(root.Element(V3 + "versionNumber")!.Attribute("value")!.Value, CultureInfo.InvariantCulture);
        root.Element(V3 + "versionNumber")!.SetAttributeValue("value", (version + 1).ToString(CultureInfo.InvariantCulture));
        root.Element(V3 + "effectiveTime")!.SetAttributeValue("value", effectiveDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        root.Element(V3 + "id")!.SetAttributeValue("root", Guid.NewGuid().ToString());
        if (editSection is not null)
        {
            var section = root.Descendants(V3 + "section")
                .First(s => s.Element(V3 + "code")?.Attribute("code")?.Value == sectionCode);
            editSection(section);
        }
        return Save(document);
    }

    /// <summary>The standard edit: reword one list item and add another.</summary>
    public static void RewordWhenUsing(XElement section)
    {
        var item = section.Descendants(V3 + "item").First(i => i.Value.Trim() == OriginalItem);
        item.Value = RewordedItem;
        item.AddAfterSelf(new XElement(V3 + "item", AddedItem));
    }

    /// <summary>Appends a paragraph to the section's text.</summary>
    public static Action<XElement> AppendParagraph(string text) =>
        section => section.Element(V3 + "text")!.Add(new XElement(V3 + "paragraph", text));

    private static XDocument Load(byte[] spl)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(new MemoryStream(spl), settings);
        return XDocument.Load(reader, LoadOptions.PreserveWhitespace);
    }

    private static byte[] Save(XDocument document)
    {
        using var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            document.Save(writer);
        }
        return output.ToArray();
    }
}
