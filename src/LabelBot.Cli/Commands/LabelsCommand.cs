using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace LabelBot.Cli.Commands;

/// <summary>`labels [--db FILE] [--json] [--history]`: what the store holds.</summary>
public sealed class LabelsCommand : ICliCommand
{
    public string Name => "labels";
    public string Usage => "labels [--db FILE] [--json] [--history]";
    public string Summary => "list ingested labels: set id, version, effective date, title, passages";

    public async Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        await using var runtime = await RuntimeOpener.OpenPopulatedAsync(args, cancellationToken);
        var labels = await runtime.Store.ListLabelsAsync(args.Has("history"), cancellationToken);
        var rows = labels.OrderBy(l => l.DisplayName, StringComparer.OrdinalIgnoreCase).ThenByDescending(l => l.Version).ToList();
        if (args.Has("json"))
        {
            var json = rows.Select(l => new
            {
                l.SetId,
                version = l.Version.ToString(CultureInfo.InvariantCulture),
                effectiveDate = l.EffectiveDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                title = l.DisplayName,
                fullTitle = l.Title,
                format = l.Format.ToString(),
                current = l.IsCurrent,
                passages = l.PassageCount,
            });
            Console.WriteLine(JsonSerializer.Serialize(json, CliJson.Options));
            return 0;
        }
        var table = new Table().AddColumns("set id", "version", "effective", "title", "format", "passages");
        if (args.Has("history"))
        {
            table.AddColumn("current");
        }
        foreach (var l in rows)
        {
            var cells = new List<string>
            {
                l.SetId, l.Version.ToString(CultureInfo.InvariantCulture), l.EffectiveDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Markup.Escape(l.DisplayName), l.Format.ToString(), l.PassageCount.ToString(CultureInfo.InvariantCulture),
            };
            if (args.Has("history"))
            {
                cells.Add(l.IsCurrent ? "yes" : "superseded");
            }
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);
        Console.WriteLine($"{rows.Count} label(s) in {runtime.StoreDescription}");
        return 0;
    }
}
