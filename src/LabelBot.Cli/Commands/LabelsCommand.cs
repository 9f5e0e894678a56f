using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LabelBot.Core.Labels;

namespace LabelBot.Cli.Commands;

/// <summary>`labels [--db FILE] [--json] [--history]`: what the store holds.</summary>
public sealed class LabelsCommand : ICliCommand
{
    public sealed record Settings(StoreSettings Store, bool Json, bool History);

    private readonly StoreOptions _store = new();
    private readonly Option<bool> _json = CliOptions.Flag("--json", "print the list as JSON");
    private readonly Option<bool> _history = CliOptions.Flag("--history", "include superseded versions");

    public Command Build()
    {
        var command = new Command("labels",
            "list ingested labels: set id, version, effective date, title, source, complete or partial, passages, vectors (tab-separated when piped)")
            { _json, _history };
        _store.AddTo(command);
        command.SetAction((result, cancellationToken) => RunAsync(
            new Settings(_store.Bind(result), result.GetValue(_json), result.GetValue(_history)), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        await using var runtime = await RuntimeOpener.OpenPopulatedAsync(settings.Store, cancellationToken);
        var labels = await runtime.Store.ListLabelsAsync(settings.History, cancellationToken);
        var rows = labels.OrderBy(l => l.DisplayName, StringComparer.OrdinalIgnoreCase).ThenByDescending(l => l.Version).ToList();
        // Passages with vectors per label version: until all have one, that label is searched by full text alone.
        var coverage = runtime.Vectors is { } vectors
            ? (await vectors.GetVectorCoverageAsync(cancellationToken)).ToDictionary(c => (c.SetId, c.Version))
            : [];
        int VectorCount(LabelBot.Core.Labels.LabelVersionInfo l) =>
            coverage.TryGetValue((l.SetId, l.Version), out var c) ? c.WithVectors : l.PassageCount;
        if (settings.Json)
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
        string[] headers = ["set id", "version", "effective", "title", "format", "source", "sections", "passages", "vectors"];
        CliTable.Write(settings.History ? [.. headers, "current"] : headers, rows.Select(l =>
        {
            var cells = new List<string>
            {
                l.SetId, Version(l), Date(l),
                l.DisplayName, l.Format.ToString(), l.Source == LabelSource.OpenFda ? "openFDA" : "SPL",
                l.IsPartial ? "partial (no " + string.Join(", ", l.MissingSections) + ")" : "complete",
                l.PassageCount.ToString(CultureInfo.InvariantCulture),
                VectorText(VectorCount(l), l.PassageCount),
            };
            if (settings.History)
            {
                cells.Add(l.IsCurrent ? "yes" : "superseded");
            }
            return (IReadOnlyList<string>)cells;
        }));
        // Piped, stdout holds only the rows (`labelbot labels | cut -f1`); the count goes beside it on stderr.
        (Console.IsOutputRedirected ? Console.Error : Console.Out).WriteLine($"{rows.Count} label(s) in {runtime.StoreDescription}");
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
