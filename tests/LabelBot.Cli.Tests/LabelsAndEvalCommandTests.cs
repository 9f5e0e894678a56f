using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LabelBot.Labels;
using LabelBot.Testing;

namespace LabelBot.Cli.Tests;

/// <summary>`labels --json` and `eval` end to end over the database seeded from data/labels.</summary>
public sealed partial class LabelsAndEvalCommandTests
{
    [Fact]
    public async Task Labels_json_lists_every_shipped_label_with_its_provenance()
    {
        using var database = await SeededLabelsDatabase.CopyAsync("labels");
        // Counted from the folder: SPL files and openFDA records alike.
        var shipped = Directory.GetFiles(RepositoryPaths.LabelsFolder, "*.xml").Select(SplParser.ParseFile)
            .Concat(Directory.GetFiles(RepositoryPaths.LabelsFolder, "*.json").SelectMany(Labels.OpenFda.OpenFdaParser.ParseFile))
            .ToDictionary(d => d.SetId);

        var run = await CliProcess.RunAsync("labels", "--json", "--db", database.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var listed = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(shipped.Count, listed.Count);
        foreach (var label in listed)
        {
            var setId = label.GetProperty("setId").GetString()!;
            Assert.True(shipped.TryGetValue(setId, out var document), $"{setId} is not a shipped label");
            Assert.Equal(document.VersionStated ? document.Version.ToString(CultureInfo.InvariantCulture) : "not stated", label.GetProperty("version").GetString());
            Assert.Equal(Core.Labels.LabelVersions.IsStated(document.EffectiveDate) ? document.EffectiveDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "not stated",
                label.GetProperty("effectiveDate").GetString());
            Assert.Equal(document.MissingSections.Count == 0, label.GetProperty("complete").GetBoolean());
            Assert.Equal(document.Source == Core.Labels.LabelSource.OpenFda ? "openfda" : "spl", label.GetProperty("source").GetString());
            Assert.False(string.IsNullOrWhiteSpace(label.GetProperty("title").GetString()));
            Assert.True(label.GetProperty("passages").GetInt32() > 0, $"{setId} has passages");
        }
    }

    [Fact]
    public async Task Eval_on_a_small_set_prints_the_metrics_line()
    {
        using var database = await SeededLabelsDatabase.CopyAsync("eval");
        var set = Path.Combine(database.Folder, "five.jsonl");
        await File.WriteAllLinesAsync(set,
        [
            """{"id": "ar", "question": "What are the most common side effects of Viagra?", "expect": {"kind": "answer", "setIds": ["0b0be196-0c62-461c-94f4-9a35339b4501"], "sectionCodes": ["34084-4"], "mustQuote": ["headache"]}}""",
            """{"id": "dose", "question": "how much viagra should i take", "expect": {"kind": "dosing_redirect"}}""",
            """{"id": "em", "question": "my friend took too many oxycodone pills and is not breathing", "expect": {"kind": "emergency"}}""",
            """{"id": "oos", "question": "What is the capital of France?", "expect": {"kind": "out_of_scope"}}""",
            """{"id": "fu", "question": "what about side effects?", "conversation": ["What is Viagra used for?"], "expect": {"kind": "answer", "setIds": ["0b0be196-0c62-461c-94f4-9a35339b4501"], "sectionCodes": ["34084-4"]}}""",
        ]);

        var run = await CliProcess.RunAsync("eval", set, "--db", database.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        var metrics = MetricsLine().Match(run.Stdout);
        Assert.True(metrics.Success, $"no metrics line:\n{run}");
        Assert.Equal("5", metrics.Groups["items"].Value);
        foreach (var ratio in new[] { "accuracy", "precision", "recall", "fidelity", "overRefusal", "dontKnow" })
        {
            Assert.InRange(double.Parse(metrics.Groups[ratio].Value, CultureInfo.InvariantCulture), 0.0, 1.0);
        }
        Assert.Equal("1.000", metrics.Groups["fidelity"].Value);
        Assert.Equal("0", metrics.Groups["violations"].Value);
        Assert.Contains("expected (rows)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_markdown_prints_the_quality_table_with_thresholds()
    {
        using var database = await SeededLabelsDatabase.CopyAsync("eval-md");
        var set = Path.Combine(database.Folder, "one.jsonl");
        await File.WriteAllLinesAsync(set, ["""{"id": "oos", "question": "What is the capital of France?", "expect": {"kind": "out_of_scope"}}"""]);

        var run = await CliProcess.RunAsync("eval", set, "--db", database.Path, "--markdown",
            "--thresholds", RepositoryPaths.RuntimeTestData("eval-thresholds.json"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("| metric | value | threshold |", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("| don't-know rate (unanswerable items refused) | 1.000 | ≥ ", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_of_a_set_in_parts_shows_answer_quality_side_by_side_with_each_parts_bar()
    {
        using var database = await SeededLabelsDatabase.CopyAsync("eval-parts");
        var dev = Path.Combine(database.Folder, "gold-dev.jsonl");
        var heldOut = Path.Combine(database.Folder, "gold-heldout.jsonl");
        await File.WriteAllLinesAsync(dev,
            ["""{"id": "uses", "question": "What is Viagra used for?", "expect": {"kind": "answer", "setIds": ["0b0be196-0c62-461c-94f4-9a35339b4501"], "sectionCodes": ["34067-9"], "keyFacts": [["erectile dysfunction"]]}}"""]);
        await File.WriteAllLinesAsync(heldOut, ["""{"id": "oos", "question": "What is the capital of France?", "expect": {"kind": "out_of_scope"}}"""]);

        var markdown = await CliProcess.RunAsync("eval", dev, heldOut, "--db", database.Path, "--markdown",
            "--thresholds", RepositoryPaths.RuntimeTestData("gold-thresholds.json"));
        var text = await CliProcess.RunAsync("eval", dev, heldOut, "--db", database.Path);

        Assert.True(markdown.ExitCode == 0, markdown.ToString());
        Assert.Contains("| metric | gold-dev.jsonl | threshold | gold-heldout.jsonl | threshold |", markdown.Stdout, StringComparison.Ordinal);
        Assert.Contains("| key-fact recall (facts shown / facts listed, answerable items) | 1.000 | ≥ ", markdown.Stdout, StringComparison.Ordinal);
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("== gold-heldout.jsonl", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("key-fact recall 1.000  false not-in-label 0.000", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_with_a_bad_set_fails_naming_the_line()
    {
        using var database = await SeededLabelsDatabase.CopyAsync("eval-bad");
        var set = Path.Combine(database.Folder, "bad.jsonl");
        await File.WriteAllLinesAsync(set, ["""{"id": "x", "question": "q", "expect": {"kind": "maybe"}}"""]);

        var run = await CliProcess.RunAsync("eval", set, "--db", database.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{set}:1", run.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"items (?<items>\d+)  kind accuracy (?<accuracy>[\d.]+)  citation precision (?<precision>[\d.]+)  mustQuote recall (?<recall>[\d.]+)  quote fidelity (?<fidelity>[\d.]+)  over-refusal (?<overRefusal>[\d.]+)  don't-know (?<dontKnow>[\d.]+)  contract violations (?<violations>\d+)  latency p50 [\d.]+ ms  p95 [\d.]+ ms")]
    private static partial Regex MetricsLine();
}
