using LabelBot.DailyMed;
using LabelBot.DailyMed.Client;
using LabelBot.Labels.Ingestion;
using LabelBot.Runtime;
using Spectre.Console;

namespace LabelBot.Cli.Commands;

/// <summary>What fetch and update share: the DailyMed client beside the database, and a progress bar.</summary>
internal static class DailyMedCommandSupport
{
    public static DailyMedClient CreateClient(LabelBotRuntime runtime) =>
        DailyMedClient.Create(DailyMedPaths.ForDatabase(runtime.Options.DatabasePath).Options());

    /// <summary>Runs <paramref name="work"/> under a progress bar; DailyMed errors become one line and exit code 1.</summary>
    public static async Task<T> WithProgressAsync<T>(string label, Func<IProgress<IngestProgress>, Task<T>> work)
    {
        try
        {
            T result = default!;
            await AnsiConsole.Progress().AutoClear(true).StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(label), maxValue: 1);
                var progress = new Progress<IngestProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                });
                result = await work(progress);
                task.Value = task.MaxValue;
            });
            return result;
        }
        catch (DailyMedException e)
        {
            throw new CliFailureException(e.Message);
        }
    }
}
