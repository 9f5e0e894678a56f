using LabelBot.DailyMed;
using LabelBot.DailyMed.Diff;
using LabelBot.DailyMed.Updating;
using LabelBot.Runtime;

namespace LabelBot.Cli.Commands;

/// <summary>`update [--db FILE]`: fetch newer versions of every ingested label and show what changed.</summary>
public sealed class UpdateCommand : ICliCommand
{
    public string Name => "update";
    public string Usage => "update [--db FILE]";
    public string Summary => "fetch newer versions of every ingested label from DailyMed";

    public async Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        await using var runtime = await RuntimeOpener.OpenPopulatedAsync(args, cancellationToken);
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
