using System.CommandLine;
using System.Globalization;
using LabelBot.Core.Retrieval;
using LabelBot.Labels.Ingestion;
using LabelBot.Runtime;
using Spectre.Console;

namespace LabelBot.Cli.Commands;

/// <summary>
/// `ingest PATH… [--db FILE] [--embed now|later]`: SPL XML files, folders or DailyMed zips into the versioned store.
/// `--embed later` stores passages and full text only (searchable by BM25 at once); `labelbot embed` or the bot host
/// fills the vectors afterwards.
/// </summary>
public sealed class IngestCommand : ICliCommand
{
    public sealed record Settings(IReadOnlyList<string> Paths, StoreSettings Store, bool EmbedLater);

    private readonly Argument<string[]> _paths = CliOptions.Values("PATH", "SPL XML or openFDA JSON files, folders of them, DailyMed or openFDA zips");
    private readonly StoreOptions _store = new();
    private readonly Option<string?> _embed = CliOptions.Text("--embed", "now|later",
        "later: store passages and full text only (answers by BM25 at once); `embed` or the bot host adds the vectors");

    public Command Build()
    {
        _embed.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } mode and not ("now" or "later"))
            {
                result.AddError($"--embed takes now or later, not '{mode}'");
            }
        });
        var command = new Command("ingest", "ingest SPL XML files, openFDA JSON, folders of them, or DailyMed zip files") { _paths, _embed };
        _store.AddTo(command);
        CliOptions.Require(command, r => r.GetValue(_paths) is not { Length: > 0 }, "ingest needs at least one file, folder or zip");
        command.SetAction((result, cancellationToken) => RunAsync(
            new Settings(result.GetValue(_paths)!, _store.Bind(result), result.GetValue(_embed) == "later"), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        foreach (var missing in settings.Paths.Where(p => !File.Exists(p) && !Directory.Exists(p)))
        {
            throw new CliFailureException($"{missing}: no such file or folder");
        }

        var embedLater = settings.EmbedLater;
        var options = RuntimeOpener.Options(settings.Store);
        await using var runtime = await LabelBotRuntime.OpenAsync(options, cancellationToken: cancellationToken);
        // Beside the database: an interrupted openFDA partition resumes after its last checkpointed record.
        var checkpoints = FileIngestCheckpointStore.ForDatabase(options.DatabasePath);
        IngestReport? report = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("ingesting", maxValue: 1);
                var progress = new Progress<IngestProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    task.Description = Markup.Escape(Describe(p));
                });
                report = await runtime.IngestAsync(settings.Paths, progress, cancellationToken, embedLater, checkpoints);
                task.Value = task.MaxValue;
                task.Description = "done";
            });

        Print(report!, runtime.StoreDescription);
        if (report!.RecordsSkipped > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"resumed: {report.RecordsSkipped} openFDA record(s) finished by an interrupted run were skipped (checkpoint {checkpoints.Path})"));
        }
        if (embedLater)
        {
            Console.WriteLine("vectors: not computed yet; answers use full-text search until `labelbot embed` (or the bot host) fills them");
        }
        if (report!.StopReason is { } stop)
        {
            // The store itself failed (read-only, locked, full): the run crashed, whatever was taken in before it.
            var notAttempted = report.NotAttempted > 0 ? $"; {report.NotAttempted} file(s) not attempted" : string.Empty;
            Console.Error.WriteLine($"labelbot ingest: stopped: {stop}{notAttempted}. Labels stored before this are complete; run ingest again once fixed.");
            return 1;
        }
        // Contract: exit 0 when at least one file was taken in (added, superseded or already current).
        return report.Added + report.Superseded + report.Unchanged > 0 ? 0 : 1;
    }

    private static void Print(IngestReport report, string databasePath)
    {
        foreach (var rejected in report.Files.Where(f => f.Status == IngestStatus.Rejected))
        {
            Console.WriteLine($"rejected {rejected.Path}: {rejected.Reason}");
        }
        CliTable.Write(["added", "superseded", "unchanged", "rejected", "passages", "seconds", "labels/s", "passages/s"],
        [
            [
                report.Added.ToString(CultureInfo.InvariantCulture),
                report.Superseded.ToString(CultureInfo.InvariantCulture),
                report.Unchanged.ToString(CultureInfo.InvariantCulture),
                report.Rejected.ToString(CultureInfo.InvariantCulture),
                report.Passages.ToString(CultureInfo.InvariantCulture),
                report.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
                report.LabelsPerSecond.ToString("0.00", CultureInfo.InvariantCulture),
                report.PassagesPerSecond.ToString("0.0", CultureInfo.InvariantCulture),
            ],
        ]);
        // A plain summary line too, for scripts that grep the output.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"summary: {report.Added} added, {report.Superseded} superseded, {report.Unchanged} unchanged, {report.Rejected} rejected; {report.Passages} passages in {report.Elapsed.TotalSeconds:0.0} s ({report.LabelsPerSecond:0.00} labels/s, {report.PassagesPerSecond:0.0} passages/s) -> {databasePath}"));
    }

    /// <summary>The file being read; for openFDA JSON the records done, so a one-file partition does not sit at 0/1.</summary>
    private static string Describe(IngestProgress progress)
    {
        // A record's path ends in " (record N)": the count replaces it.
        var name = Path.GetFileName(progress.CurrentFile);
        var cut = name.IndexOf(" (record ", StringComparison.Ordinal);
        name = Shorten(cut >= 0 ? name[..cut] : name);
        if (progress.Records == 0 && progress.RecordsSkipped == 0)
        {
            return name;
        }
        var skipped = progress.RecordsSkipped > 0 ? string.Create(CultureInfo.InvariantCulture, $", {progress.RecordsSkipped} resumed past") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{name} records {progress.Records}{skipped}");
    }

    private static string Shorten(string name) => name.Length <= 40 ? name : name[..37] + "...";
}
