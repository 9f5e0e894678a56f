using System.Globalization;
using System.Text.Json;
using LabelBot.Core.Labels;
using Spectre.Console;

namespace LabelBot.Cli.Commands;

/// <summary>`labels [--db FILE] [--json] [--history]`: what the store holds.</summary>
public sealed class LabelsCommand : ICliCommand
{
    public string Name => "labels";
    public string Usage => "labels [--db FILE] [--json] [--history]";
    public string Summary => "list ingested labels: set id, version, effective date, title, source, complete or partial, passages, vectors";

    public async Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        await using var runtime = await RuntimeOpener.OpenPopulatedAsync(args, cancellationToken);
        var labels = await runtime.Store.ListLabelsAsync(args.Has("history"), cancellationToken);
        var rows = labels.OrderBy(l => l.DisplayName, StringComparer.OrdinalIgnoreCase).ThenByDescending(l => l.Version).ToList();
        // Passages with vectors per label version: until all have one, that label is searched by full text alone.
        var coverage = runtime.Vectors is { } vectors
            ? (await vectors.GetVectorCoverageAsync(cancellationToken)).ToDictionary(c => (c.SetId, c.Version))
            : [];
        int VectorCount(LabelBot.Core.Labels.LabelVersionInfo l) =>
            coverage.TryGetValue((l.SetId, l.Version), out var c) ? c.WithVectors : l.PassageCount;
        if (args.Has("json"))
        {
            var json = rows.Select(l => new
            {
                l.SetId,
                version = Version(l),
                effectiveDate = Date(l),
                title = l.DisplayName,
                fullTitle = l.Title,
                format = l.Format.ToString(),
                current = l.IsCurrent,
                passages = l.PassageCount,
                vectors = VectorCount(l),
                source = l.Source == LabelSource.OpenFda ? "openfda" : "spl",
                complete = !l.IsPartial,
                missingSections = l.MissingSections,
            });
            Console.WriteLine(JsonSerializer.Serialize(json, CliJson.Options));
            return 0;
        }
        var table = new Table().AddColumns("set id", "version", "effective", "title", "format", "source", "sections", "passages", "vectors");
        if (args.Has("history"))
        {
            table.AddColumn("current");
        }
        foreach (var l in rows)
        {
            var cells = new List<string>
            {
                l.SetId, Version(l), Date(l),
                Markup.Escape(l.DisplayName), l.Format.ToString(), l.Source == LabelSource.OpenFda ? "openFDA" : "SPL",
                l.IsPartial ? Markup.Escape("partial (no " + string.Join(", ", l.MissingSections) + ")") : "complete",
                l.PassageCount.ToString(CultureInfo.InvariantCulture),
                VectorText(VectorCount(l), l.PassageCount),
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

    /// <summary>"all", "120/130" while the background fill runs, "full-text only" before it starts.</summary>
    internal static string VectorText(int withVectors, int passages) =>
        withVectors >= passages ? "all" : withVectors == 0 ? "full-text only" : $"{withVectors}/{passages}";

    /// <summary>"not stated" rather than 0 / 0001-01-01 for a copy whose source gave none.</summary>
    private static string Version(LabelVersionInfo l) =>
        LabelVersions.IsStated(l.Version) ? l.Version.ToString(CultureInfo.InvariantCulture) : "not stated";

    private static string Date(LabelVersionInfo l) =>
        LabelVersions.IsStated(l.EffectiveDate) ? l.EffectiveDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "not stated";
}
