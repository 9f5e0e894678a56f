using System.Globalization;
using LabelBot.Labels.Ingestion;
using Spectre.Console;

namespace LabelBot.Cli.Commands;

/// <summary>
/// `embed [--db FILE]`: computes the vectors of every stored passage that has none (after `ingest --embed later`),
/// with a progress bar; each batch is committed, so an interrupted run resumes where it stopped.
/// </summary>
public sealed class EmbedCommand : ICliCommand
{
    public string Name => "embed";
    public string Usage => "embed [--db FILE]";
    public string Summary => "fill the vectors of passages stored without them (ingest --embed later)";

    public async Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        await using var runtime = await RuntimeOpener.OpenPopulatedAsync(args, cancellationToken);
        VectorFillReport? report = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("embedding", maxValue: 1);
                var progress = new Progress<VectorFillProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Pending);
                    task.Value = p.Done;
                });
                report = await runtime.FillVectorsAsync(progress, cancellationToken);
                task.Value = task.MaxValue;
                task.Description = "done";
            });
        if (report is null)
        {
            throw new CliFailureException($"{runtime.StoreDescription} cannot store vectors after its passages");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"summary: {report.Passages} passages given vectors ({report.Embedded} texts embedded, {report.Reused} reused) in {report.Elapsed.TotalSeconds:0.0} s ({report.PassagesPerSecond:0.0} passages/s) -> {runtime.StoreDescription}"));
        return 0;
    }
}
