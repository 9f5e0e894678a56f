using LabelBot.Bot.Settings;
using LabelBot.Labels.Ingestion;
using LabelBot.Runtime;

namespace LabelBot.Bot.Backend;

/// <summary>The real pipeline: LabelBot.Runtime over the SQLite file or PostgreSQL, seeded from data/labels when empty.</summary>
internal sealed class RuntimeBackendOpener(ILoggerFactory loggerFactory, IConfiguration configuration) : IBackendOpener
{
    public async Task<OpenedBackend> OpenAsync(LabelBotHostOptions options, IProgress<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var runtime = await LabelBotRuntime.OpenAsync(RuntimeOptions.FromConfiguration(options.DatabasePath, configuration), loggerFactory, cancellationToken);
        try
        {
            var ingestProgress = new Progress<IngestProgress>(p => progress.Report($"{p.Done}/{p.Total} label files ingested (at {Path.GetFileName(p.CurrentFile)})"));
            var count = options.LabelsFolder is null
                ? (await runtime.Store.ListLabelsAsync(cancellationToken: cancellationToken)).Count
                : await runtime.EnsureSeededAsync(options.LabelsFolder, ingestProgress, cancellationToken);
            if (count == 0)
            {
                throw new InvalidOperationException(
                    $"The database {runtime.StoreDescription} has no labels and no labels folder was found to seed it; " +
                    "run `dotnet run --project src/LabelBot.Cli -- ingest data/labels` or set LabelBot:LabelsFolder.");
            }
            return new OpenedBackend(runtime.Engine, count, runtime, runtime.Store) { FillVectors = runtime.FillVectorsAsync };
        }
        catch
        {
            await runtime.DisposeAsync();
            throw;
        }
    }
}
