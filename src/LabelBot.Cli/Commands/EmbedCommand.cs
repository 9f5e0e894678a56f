using System.CommandLine;
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
    private readonly StoreOptions _store = new();

    public Command Build()
    {
        var command = new Command("embed", "fill the vectors of passages stored without them (after ingest --embed later)");
        _store.AddTo(command);
        command.SetAction((result, cancellationToken) => RunAsync(_store.Bind(result), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(StoreSettings store, CancellationToken cancellationToken)
    {
        await using var runtime = await RuntimeOpener.OpenPopulatedAsync(store, cancellationToken);
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
