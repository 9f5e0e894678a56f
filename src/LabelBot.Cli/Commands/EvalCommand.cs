using System.Globalization;
using System.Text.Json;
using LabelBot.Core.Answering;
using LabelBot.Runtime;
using LabelBot.Runtime.Evaluation;
using Spectre.Console;

namespace LabelBot.Cli.Commands;

/// <summary>`eval FILE.jsonl [--db FILE] [--json]`: runs an evaluation set through the bot's engine and prints metrics.</summary>
public sealed class EvalCommand : ICliCommand
{
    public string Name => "eval";
    public string Usage => "eval FILE.jsonl [--db FILE] [--json]";
    public string Summary => "run an evaluation set; prints confusion matrix, accuracy, citation precision, quote fidelity, latency";

    public async Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        if (args.Positionals.Count != 1)
        {
            throw new CliUsageException("eval needs one JSONL file");
        }
        IReadOnlyList<EvaluationItem> items;
        try
        {
            items = EvaluationSet.Load(args.Positionals[0]);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CliFailureException(e.Message);
        }

        await using var runtime = await RuntimeOpener.OpenPopulatedAsync(args, cancellationToken);
        // Items marked "professional" run through a second engine over the same store.
        await using var professional = await OpenProfessionalIfNeededAsync(args, items, cancellationToken);
        var runner = new EvaluationRunner(runtime.Engine, runtime.Store);
        var report = await runner.RunAsync(items,
            item => string.Equals(item.Audience, "professional", StringComparison.OrdinalIgnoreCase) && professional is not null ? professional.Engine : runtime.Engine,
            cancellationToken: cancellationToken);

        if (args.Has("json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(report, CliJson.Options));
        }
        else
        {
            Print(report);
        }
        return 0;
    }

    private static async Task<LabelBotRuntime?> OpenProfessionalIfNeededAsync(CliArguments args, IReadOnlyList<EvaluationItem> items, CancellationToken cancellationToken)
    {
        if (!items.Any(i => string.Equals(i.Audience, "professional", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }
        var options = RuntimeOpener.Options(args);
        return await LabelBotRuntime.OpenAsync(options with { Answering = new AnsweringOptions { Audience = AnswerAudience.Professional } }, cancellationToken: cancellationToken);
    }

    private static void Print(EvaluationReport report)
    {
        var kinds = report.Confusion.Keys.Union(report.Confusion.Values.SelectMany(v => v.Keys)).Order(StringComparer.Ordinal).ToList();
        var matrix = new Table().Title("expected (rows) × actual (columns)").AddColumn("expected");
        foreach (var kind in kinds)
        {
            matrix.AddColumn(kind);
        }
        matrix.AddColumn("recall");
        foreach (var (expected, actual) in report.Confusion)
        {
            var cells = new List<string> { expected };
            cells.AddRange(kinds.Select(k => actual.TryGetValue(k, out var n) ? n.ToString(CultureInfo.InvariantCulture) : "."));
            cells.Add(report.RecallByKind[expected].ToString("0.000", CultureInfo.InvariantCulture));
            matrix.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(matrix);
        foreach (var miss in report.Outcomes.Where(o => !o.KindCorrect))
        {
            Console.WriteLine($"miss {miss.Id}: expected {miss.ExpectedKind}, got {miss.ActualKind}");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"items {report.Items}  kind accuracy {report.KindAccuracy:0.000}  citation precision {report.CitationPrecision:0.000}  mustQuote recall {report.MustQuoteRecall:0.000}  quote fidelity {report.QuoteFidelity:0.000}  latency p50 {report.LatencyP50Ms:0.0} ms  p95 {report.LatencyP95Ms:0.0} ms"));
    }
}
