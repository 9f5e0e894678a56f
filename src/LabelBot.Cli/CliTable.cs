using Spectre.Console;

namespace LabelBot.Cli;

/// <summary>
/// A listing printed as a table on a terminal and as tab-separated lines (a header line, then one line per row) when
/// standard output is redirected: a drawn table wraps long cells over several lines, which `cut`, `grep` and scripts
/// cannot read.
/// </summary>
internal static class CliTable
{
    public static void Write(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? title = null) =>
        Write(headers, rows, title, Console.IsOutputRedirected, Console.Out);

    internal static void Write(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? title, bool plain, TextWriter output)
    {
        if (plain)
        {
            if (title is not null)
            {
                output.WriteLine(title);
            }
            output.WriteLine(string.Join('\t', headers.Select(Cell)));
            foreach (var row in rows)
            {
                output.WriteLine(string.Join('\t', row.Select(Cell)));
            }
            return;
        }
        var table = new Table();
        if (title is not null)
        {
            table.Title(Markup.Escape(title));
        }
        foreach (var header in headers)
        {
            table.AddColumn(Markup.Escape(header));
        }
        foreach (var row in rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }
        AnsiConsole.Write(table);
    }

    // A tab or line break inside a cell would split it into two fields or two rows.
    private static string Cell(string text) => text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}
