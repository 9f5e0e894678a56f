using System.CommandLine;
using LabelBot.DailyMed;
using LabelBot.DailyMed.Diff;
using LabelBot.DailyMed.Updating;
using LabelBot.Runtime;

namespace LabelBot.Cli.Commands;

/// <summary>`update [--db FILE]`: fetch newer versions of every ingested label and show what changed.</summary>
public sealed class UpdateCommand : ICliCommand
{
    private readonly StoreOptions _store = new();

    public Command Build()
    {
        var command = new Command("update", "fetch newer versions of every ingested label from DailyMed (LABELBOT_DAILYMED_URL)");
        _store.AddTo(command);
        command.SetAction((result, cancellationToken) => RunAsync(_store.Bind(result), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(StoreSettings store, CancellationToken cancellationToken)
    {
        await using var runtime = await RuntimeOpener.OpenPopulatedAsync(store, cancellationToken);
        using var client = DailyMedCommandSupport.CreateClient(runtime);
        var changeLog = new LabelChangeLog(DailyMedPaths.ForDatabase(runtime.Options.DatabasePath).ChangeLog);
        var updater = new LabelUpdater(runtime.Store, client, runtime.CreateIngestor(), changeLog, runtime.ReloadProductsAsync);
        var report = await DailyMedCommandSupport.WithProgressAsync("checking DailyMed",
            _ => updater.UpdateAllAsync(cancellationToken: cancellationToken));
        foreach (var label in report.Labels)
        {
            Console.WriteLine($"{label.Status,-14} {label.Title} (set id {label.SetId}): stored v{label.StoredVersion}, DailyMed v{label.LatestVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}{(label.Message is null ? "" : " - " + label.Message)}");
            if (label.Changes is { } changes)
            {
                Console.WriteLine(LabelDiffText.Render(changes));
            }
        }
        Console.WriteLine($"summary: {report.Updated} updated, {report.UpToDate} up to date, {report.NotOnDailyMed} not on DailyMed, {report.Failed} failed");
        return report.Failed == 0 ? 0 : 1;
    }
}
