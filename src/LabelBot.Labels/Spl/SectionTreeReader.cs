using System.Text.RegularExpressions;
using System.Xml.Linq;
using LabelBot.Core.Labels;

namespace LabelBot.Labels.Spl;

/// <summary>
/// Builds the section tree of a label. The Highlights excerpts (<c>excerpt/highlight</c>) are lifted out of
/// their sections into one synthetic first section, so Highlights text is captured once and never mixed into
/// the full prescribing information it summarises.
/// </summary>
internal sealed partial class SectionTreeReader(LabelFormat format)
{
    private readonly List<LabelSection> _highlights = [];

    public IReadOnlyList<LabelSection> Read(XElement structuredBody)
    {
        var sections = new List<LabelSection>();
        foreach (var element in ChildSections(structuredBody))
        {
            if (ReadSection(element, inheritedCode: null) is { } section)
            {
                sections.Add(section);
            }
        }
        if (_highlights.Count > 0)
        {
            sections.Insert(0, new LabelSection(SectionCodes.Highlights, string.Empty, SectionTitles.HighlightsTitle, [], _highlights));
        }
        return sections;
    }

    private static IEnumerable<XElement> ChildSections(XElement parent) =>
        parent.Elements(Hl7.Component).Elements(Hl7.Section);

    private LabelSection? ReadSection(XElement element, string? inheritedCode)
    {
        var codeElement = element.Element(Hl7.Code);
        var code = codeElement?.Attribute("code")?.Value.Trim() ?? string.Empty;

        // The product data elements section shares LOINC 48780-1 with our synthetic Highlights section and holds
        // no narrative text (products are read separately), so it is left out of the tree.
        if (code == SectionCodes.Highlights)
        {
            return null;
        }

        // Some labels draw a "Boxed Warning" box around a dosing table inside Dosage and Administration: that box is part
        // of the dosing section, not the label's boxed warning, and must not answer "what is the boxed warning?".
        if (code == SectionCodes.BoxedWarning && inheritedCode == SectionCodes.DosageAndAdministration)
        {
            code = inheritedCode;
        }
        var meaningfulCode = IsMeaningful(code) ? code : inheritedCode ?? code;
        var (number, title) = SplitTitle(element.Element(Hl7.Title));
        if (title.Length == 0)
        {
            title = SectionTitles.ForCode(code, format, codeElement?.Attribute("displayName")?.Value);
        }

        CollectHighlights(element, meaningfulCode, title);

        var blocks = SectionTextRenderer.Render(element.Elements(Hl7.Text));
        var children = new List<LabelSection>();
        foreach (var childElement in ChildSections(element))
        {
            if (ReadSection(childElement, meaningfulCode) is { } child)
            {
                children.Add(child);
            }
        }

        return blocks.Count == 0 && children.Count == 0
            ? null
            : new LabelSection(code, number, title, blocks, children);
    }

    private void CollectHighlights(XElement element, string meaningfulCode, string title)
    {
        var texts = element.Elements(Hl7.Excerpt).Elements(Hl7.Highlight).Elements(Hl7.Text);
        var blocks = SectionTextRenderer.Render(texts);
        if (blocks.Count == 0)
        {
            return;
        }
        var highlightTitle = title.Length > 0 ? title : SectionTitles.ForCode(meaningfulCode, format, null);
        _highlights.Add(new LabelSection(meaningfulCode, string.Empty, highlightTitle, blocks, []));
    }

    private (string Number, string Title) SplitTitle(XElement? titleElement)
    {
        if (titleElement is null)
        {
            return (string.Empty, string.Empty);
        }
        var title = SectionTextRenderer.InlineText(titleElement);
        // Only PLR labels number their sections; elsewhere "5 mg tablets" is a title, not section 5.
        if (format == LabelFormat.Plr && NumberedTitle().Match(title) is { Success: true } match)
        {
            return (match.Groups["number"].Value, match.Groups["title"].Value);
        }
        return (string.Empty, title);
    }

    internal static bool IsMeaningful(string code) => code.Length > 0 && code != SectionCodes.Unclassified;

    // "5.1 Abrupt Discontinuation", "1 INDICATIONS & USAGE", "12.3. Pharmacokinetics"
    [GeneratedRegex(@"^(?<number>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?<title>\p{L}.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberedTitle();
}
