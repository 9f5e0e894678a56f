using System.Xml.Linq;
using LabelBot.Core.Labels;

namespace LabelBot.Labels.Spl;

/// <summary>
/// Turns the narrative <c>&lt;text&gt;</c> of an SPL section into blocks: each paragraph, each whole list
/// ("• item" lines, nested items indented) and each whole table (caption, then one line per row with cells
/// joined by " | "). Inline markup (content, sub, sup, linkHtml) keeps only its text; images are skipped.
/// </summary>
internal sealed class SectionTextRenderer
{
    private const string CellSeparator = " | ";

    private readonly List<SectionBlock> _blocks = [];
    private readonly TextBuffer _paragraph = new();
    private readonly FootnoteCollector _footnotes = new();

    private SectionTextRenderer()
    {
    }

    public static IReadOnlyList<SectionBlock> Render(IEnumerable<XElement> textElements)
    {
        var renderer = new SectionTextRenderer();
        foreach (var text in textElements)
        {
            renderer.WalkFlow(text);
            renderer.FlushParagraph();
        }
        return renderer._blocks;
    }

    /// <summary>Plain single-line text of an element (titles, names, captions).</summary>
    public static string InlineText(XElement element)
    {
        var renderer = new SectionTextRenderer();
        var buffer = new TextBuffer();
        renderer.Inline(element, buffer, keepLineBreaks: false);
        return TextNormalizer.SingleLine(buffer.ToString());
    }

    // ---- flow level: paragraphs, lists and tables become blocks -------------------------------------------

    private void WalkFlow(XElement container)
    {
        foreach (var node in container.Nodes())
        {
            switch (node)
            {
                case XText text:
                    _paragraph.Append(text.Value);
                    break;
                case XElement element:
                    FlowElement(element);
                    break;
            }
        }
    }

    private void FlowElement(XElement element)
    {
        switch (element.Name.LocalName)
        {
            case "paragraph":
            case "caption":
                FlushParagraph();
                WalkFlow(element);
                FlushParagraph();
                break;
            case "list":
                FlushParagraph();
                AddBlock(BlockKind.List, RenderList(element));
                break;
            case "table":
                FlushParagraph();
                AddBlock(BlockKind.Table, RenderTable(element));
                break;
            case "br":
                _paragraph.AppendLineBreak();
                break;
            case "footnote":
                _paragraph.Append(DefineFootnote(element));
                break;
            case "footnoteRef":
                _paragraph.Append(_footnotes.Reference(element.Attribute("IDREF")?.Value));
                break;
            case "renderMultiMedia":
            case "observationMedia":
                break;
            default:
                // content, linkHtml, sub, sup, span … : inline, but may (rarely) wrap a list or paragraph.
                WalkFlow(element);
                break;
        }
    }

    private void FlushParagraph()
    {
        var text = _paragraph.ToString();
        _paragraph.Clear();
        AddBlock(BlockKind.Paragraph, text);
    }

    private void AddBlock(BlockKind kind, string text)
    {
        if (!_footnotes.IsEmpty)
        {
            var notes = _footnotes.TakeLines();
            if (notes.Count > 0)
            {
                text = text.Length == 0 ? string.Join('\n', notes) : text + "\n" + string.Join('\n', notes);
            }
        }
        if (text.Length > 0)
        {
            _blocks.Add(new SectionBlock(kind, text));
        }
    }

    // ---- inline level: everything flattened into one buffer ----------------------------------------------

    private void Inline(XElement element, TextBuffer buffer, bool keepLineBreaks)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText text:
                    buffer.Append(text.Value);
                    break;
                case XElement child:
                    InlineElement(child, buffer, keepLineBreaks);
                    break;
            }
        }
    }

    private void InlineElement(XElement element, TextBuffer buffer, bool keepLineBreaks)
    {
        switch (element.Name.LocalName)
        {
            case "br":
            case "paragraph":
            case "list":
            case "item":
            case "table":
            case "tr":
                Separate(buffer, keepLineBreaks);
                if (element.Name.LocalName != "br")
                {
                    Inline(element, buffer, keepLineBreaks);
                    Separate(buffer, keepLineBreaks);
                }
                break;
            case "td":
            case "th":
            case "caption":
                Inline(element, buffer, keepLineBreaks);
                buffer.AppendSpace();
                break;
            case "footnote":
                buffer.Append(DefineFootnote(element));
                break;
            case "footnoteRef":
                buffer.Append(_footnotes.Reference(element.Attribute("IDREF")?.Value));
                break;
            case "renderMultiMedia":
            case "observationMedia":
                break;
            default:
                Inline(element, buffer, keepLineBreaks);
                break;
        }
    }

    private static void Separate(TextBuffer buffer, bool keepLineBreaks)
    {
        if (keepLineBreaks)
        {
            buffer.AppendLineBreak();
        }
        else
        {
            buffer.AppendSpace();
        }
    }

    private string DefineFootnote(XElement footnote)
    {
        var buffer = new TextBuffer();
        Inline(footnote, buffer, keepLineBreaks: false);
        return _footnotes.Define(footnote.Attribute("ID")?.Value, TextNormalizer.SingleLine(buffer.ToString()));
    }

    private string SingleLineOf(XElement element)
    {
        var buffer = new TextBuffer();
        Inline(element, buffer, keepLineBreaks: false);
        return TextNormalizer.SingleLine(buffer.ToString());
    }

    // ---- lists ---------------------------------------------------------------------------------------------

    private string RenderList(XElement list)
    {
        var lines = new List<string>();
        AppendList(list, depth: 0, lines);
        return string.Join('\n', lines);
    }

    private void AppendList(XElement list, int depth, List<string> lines)
    {
        var numbering = ListNumbering.For(list);
        var indent = new string(' ', depth * 2);
        var position = 0;
        foreach (var item in list.Elements(Hl7.Item))
        {
            position++;
            var own = new TextBuffer();
            var nested = new List<XElement>();
            foreach (var node in item.Nodes())
            {
                switch (node)
                {
                    case XText ownText:
                        own.Append(ownText.Value);
                        break;
                    case XElement child when child.Name == Hl7.Caption:
                        break;
                    case XElement child when child.Name.LocalName is "list" or "table":
                        nested.Add(child);
                        break;
                    case XElement child:
                        InlineElement(child, own, keepLineBreaks: false);
                        break;
                }
            }

            var text = TextNormalizer.SingleLine(own.ToString());
            if (text.Length > 0)
            {
                // An authored caption is the item's own marker ("•", "o", "[1]", "a."); otherwise draw one.
                var caption = item.Element(Hl7.Caption) is { } c ? SingleLineOf(c) : string.Empty;
                var marker = caption.Length > 0 ? caption : numbering.Marker(position);
                lines.Add($"{indent}{marker} {text}");
            }
            foreach (var child in nested)
            {
                if (child.Name.LocalName == "list")
                {
                    AppendList(child, depth + 1, lines);
                }
                else
                {
                    foreach (var row in TableLines(child))
                    {
                        lines.Add($"{indent}  {row}");
                    }
                }
            }
        }
    }

    // ---- tables --------------------------------------------------------------------------------------------

    private string RenderTable(XElement table) => string.Join('\n', TableLines(table));

    private List<string> TableLines(XElement table)
    {
        var lines = new List<string>();
        if (table.Element(Hl7.Caption) is { } caption)
        {
            var text = SingleLineOf(caption);
            if (text.Length > 0)
            {
                lines.Add(text);
            }
        }
        foreach (var child in table.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "thead":
                case "tbody":
                case "tfoot":
                    foreach (var row in child.Elements(Hl7.TableRow))
                    {
                        AddRow(row, lines);
                    }
                    break;
                case "tr":
                    AddRow(child, lines);
                    break;
            }
        }
        return lines;
    }

    private void AddRow(XElement row, List<string> lines)
    {
        var cells = row.Elements()
            .Where(cell => cell.Name.LocalName is "td" or "th")
            .Select(SingleLineOf)
            .ToList();
        if (cells.TrueForAll(cell => cell.Length == 0))
        {
            return;
        }
        lines.Add(TextNormalizer.SingleLine(string.Join(CellSeparator, cells)));
    }
}
