using System.Text.RegularExpressions;

namespace LabelBot.Bot.Viewer;

public enum LayoutKind { Text, Table }

/// <summary>A run of a passage's text: lines of prose or list items (kept as written), or table rows split into cells.</summary>
public sealed record LayoutBlock(LayoutKind Kind, IReadOnlyList<string> Lines, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// How a stored passage is laid out again. Ingest keeps blocks apart with a blank line and writes a table row as its
/// cells joined by " | " (one row a line), list items one a line with their marker; the block kinds themselves are not
/// stored, so a run of such row lines is a table and everything else is text with its line breaks.
/// </summary>
public static partial class PassageLayout
{

    public static IReadOnlyList<LayoutBlock> Blocks(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var blocks = new List<LayoutBlock>();
        foreach (var block in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n"))
        {
            var lines = new List<string>();
            var rows = new List<IReadOnlyList<string>>();
            foreach (var line in block.Split('\n'))
            {
                if (line.Trim().Length == 0)
                {
                    continue;
                }
                if (IsRow(line))
                {
                    Flush(lines, blocks, LayoutKind.Text);
                    rows.Add(Separator().Split(line.Trim()).Select(cell => cell.Trim()).ToList());
                }
                else
                {
                    FlushRows(rows, blocks);
                    lines.Add(line.TrimEnd());
                }
            }
            Flush(lines, blocks, LayoutKind.Text);
            FlushRows(rows, blocks);
        }
        return blocks;
    }

    private static bool IsRow(string line) => Separator().IsMatch(line);

    // A pipe between spaces (or at a line end): ingest joins cells with " | " and collapses the spaces of empty cells ("a | | b").
    [GeneratedRegex(@"(?<=^|\s)\|(?=\s|$)")]
    private static partial Regex Separator();

    private static void Flush(List<string> lines, List<LayoutBlock> blocks, LayoutKind kind)
    {
        if (lines.Count > 0)
        {
            blocks.Add(new LayoutBlock(kind, [.. lines], []));
            lines.Clear();
        }
    }

    private static void FlushRows(List<IReadOnlyList<string>> rows, List<LayoutBlock> blocks)
    {
        if (rows.Count > 0)
        {
            blocks.Add(new LayoutBlock(LayoutKind.Table, [], [.. rows]));
            rows.Clear();
        }
    }
}
