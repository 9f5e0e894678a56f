using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LabelBot.Runtime.Evaluation;

namespace LabelBot.Cli.Commands;

/// <summary>
/// `eval FILE.jsonl [--db FILE] [--json] [--markdown] [--thresholds FILE]`: runs an evaluation set through the bot's
/// engine and prints metrics. With --thresholds each metric is shown against its committed bar; the exit code stays 0
/// unless the run itself failed (../shared/CONTRACT.md), the test project is what fails on a regression.
/// Several files (a set kept in parts, e.g. the gold set's dev and held-out parts) are run one after the other and shown
/// side by side; their --thresholds file then holds one entry per file name (PartThresholds).
/// </summary>
public sealed class EvalCommand : ICliCommand
{
    public sealed record Settings(IReadOnlyList<string> Files, StoreSettings Store, bool Json, bool Markdown, string? Thresholds);

    private readonly Argument<string[]> _files = CliOptions.Values("FILE.jsonl", "evaluation set(s); several files are run one after the other, side by side");
    private readonly StoreOptions _store = new(audience: true);
    private readonly Option<bool> _json = CliOptions.Flag("--json", "print the report as JSON");
    private readonly Option<bool> _markdown = CliOptions.Flag("--markdown", "print the quality table as Markdown");
    private readonly Option<string?> _thresholds = CliOptions.Text("--thresholds", "FILE", "show each metric against its committed bar");

    public Command Build()
    {
        var command = new Command("eval", "run an evaluation set; prints confusion matrix, accuracy, citation precision, quote fidelity, refusals, latency")
            { _files, _json, _markdown, _thresholds };
        _store.AddTo(command);
        CliOptions.Require(command, r => r.GetValue(_files) is not { Length: > 0 }, "eval needs a JSONL file");
        command.SetAction((result, cancellationToken) => RunAsync(
            new Settings(result.GetValue(_files)!, _store.Bind(result), result.GetValue(_json), result.GetValue(_markdown), result.GetValue(_thresholds)),
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Files.Count > 1)
        {
            return await RunPartsAsync(settings, cancellationToken);
        }
        var setPath = settings.Files[0];
        var items = Read(() => EvaluationSet.Load(setPath));
        var thresholds = settings.Thresholds is { } thresholdsPath ? Read(() => EvaluationThresholds.Load(thresholdsPath)) : null;

        await using var runtime = await RuntimeOpener.OpenPopulatedAsync(settings.Store, cancellationToken);
        var report = await RuntimeEvaluation.RunAsync(runtime, items, cancellationToken: cancellationToken);

        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(report, CliJson.Options));
        }
        else if (settings.Markdown)
        {
            Console.Write(QualityTable.ToMarkdown(report, thresholds, Path.GetFileName(setPath)));
        }
        else
        {
            Print(report, thresholds);
        }
        return 0;
    }

    private static async Task<int> RunPartsAsync(Settings settings, CancellationToken cancellationToken)
    {
        var sets = settings.Files.Select(path => (Name: Path.GetFileName(path), Items: Read(() => EvaluationSet.Load(path)))).ToList();
        if (sets.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != sets.Count)
        {
            throw new CliUsageException("eval: the files of a multi-part run need distinct file names");
        }
        var thresholds = settings.Thresholds is { } thresholdsPath ? Read(() => PartThresholds.Load(thresholdsPath)) : null;

        await using var runtime = await RuntimeOpener.OpenPopulatedAsync(settings.Store, cancellationToken);
        var parts = new List<QualityTablePart>();
        foreach (var (name, items) in sets)
        {
            var report = await RuntimeEvaluation.RunAsync(runtime, items, cancellationToken: cancellationToken);
            parts.Add(new QualityTablePart(name, report, thresholds?.GetValueOrDefault(name)));
        }

        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(parts.ToDictionary(p => p.Name, p => p.Report), CliJson.Options));
        }
        else if (settings.Markdown)
        {
            Console.Write(QualityTable.ToMarkdown(parts));
        }
        else
        {
            foreach (var part in parts)
            {
                Console.WriteLine($"== {part.Name}");
                Print(part.Report, part.Thresholds);
            }
        }
        return 0;
    }

    private static T Read<T>(Func<T> load)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CliFailureException(e.Message);
        }
    }

    private static void Print(EvaluationReport report, EvaluationThresholds? thresholds)
    {
        var kinds = report.Confusion.Keys.Union(report.Confusion.Values.SelectMany(v => v.Keys)).Order(StringComparer.Ordinal).ToList();
        CliTable.Write(["expected", .. kinds, "recall"], report.Confusion.Select(row => (IReadOnlyList<string>)
            [
                row.Key,
                .. kinds.Select(k => row.Value.TryGetValue(k, out var n) ? n.ToString(CultureInfo.InvariantCulture) : "."),
                report.RecallByKind[row.Key].ToString("0.000", CultureInfo.InvariantCulture),
            ]),
            title: "expected (rows) × actual (columns)");
        foreach (var outcome in report.Outcomes)
        {
            if (!outcome.KindCorrect)
            {
                Console.WriteLine($"miss {outcome.Id}: expected {outcome.ExpectedKind}, got {outcome.ActualKind}");
            }
            else if (outcome.MissingQuotes.Count > 0)
            {
                Console.WriteLine($"quote {outcome.Id}: no cited quote contains \"{string.Join("\", \"", outcome.MissingQuotes)}\"");
            }
            if (outcome.MissingKeyFacts.Count > 0)
            {
                Console.WriteLine($"facts {outcome.Id}: not shown \"{string.Join("\", \"", outcome.MissingKeyFacts)}\"");
            }
            foreach (var junk in outcome.Junk)
            {
                Console.WriteLine($"junk {outcome.Id}: {junk.Kind} \"{junk.Evidence}\"");
            }
            foreach (var problem in outcome.ContractProblems)
            {
                Console.WriteLine($"contract {outcome.Id}: {problem}");
            }
        }
        foreach (var check in thresholds?.Check(report) ?? [])
        {
            Console.WriteLine($"threshold: {check}");
        }
        // The answer-quality line (issue 14), then the metrics line: plain lines scripts can grep.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"key-fact recall {report.KeyFactRecall:0.000}  false not-in-label {report.FalseNotInLabelRate:0.000}  section fit {report.SectionFit:0.000}  product fit {report.ProductFit:0.000}  median answer words {report.MedianAnswerWords:0}  answers with junk {report.AnswersWithJunk}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"items {report.Items}  kind accuracy {report.KindAccuracy:0.000}  citation precision {report.CitationPrecision:0.000}  mustQuote recall {report.MustQuoteRecall:0.000}  quote fidelity {report.QuoteFidelity:0.000}  over-refusal {report.OverRefusalRate:0.000}  don't-know {report.DontKnowRate:0.000}  contract violations {report.ContractViolations}  latency p50 {report.LatencyP50Ms:0.0} ms  p95 {report.LatencyP95Ms:0.0} ms"));
    }
}
