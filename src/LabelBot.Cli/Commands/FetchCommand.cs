using LabelBot.DailyMed.Fetching;
using LabelBot.Runtime;

namespace LabelBot.Cli.Commands;

/// <summary>`fetch --drug NAME [--all] | --setid ID [--db FILE]`: download labels from DailyMed and ingest them.</summary>
public sealed class FetchCommand : ICliCommand
{
    public string Name => "fetch";
    public string Usage => "fetch --drug NAME [--all] | --setid ID [--db FILE]";
    public string Summary => "download labels from DailyMed (LABELBOT_DAILYMED_URL) and ingest them";

    public async Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var drug = args.Option("drug");
        var setId = args.Option("setid");
        if ((drug is null) == (setId is null))
        {
            throw new CliUsageException("fetch needs exactly one of --drug NAME or --setid ID");
        }
        await using var runtime = await LabelBotRuntime.OpenAsync(RuntimeOpener.Options(args), cancellationToken: cancellationToken);
        using var client = DailyMedCommandSupport.CreateClient(runtime);
        var fetcher = new LabelFetcher(client, runtime.CreateIngestor(), runtime.ReloadProductsAsync);
        var result = await DailyMedCommandSupport.WithProgressAsync("fetching",
            progress => drug is not null
                ? fetcher.FetchByNameAsync(drug, args.Has("all"), progress, cancellationToken)
                : fetcher.FetchBySetIdAsync(setId!, progress, cancellationToken));

        if (result.NoMatch)
        {
            Console.WriteLine($"DailyMed has no label matching '{result.Query}'.");
            return 1;
        }
        if (result.NeedsChoice)
        {
            Console.WriteLine($"'{result.Query}' matches {result.Candidates.Count}{(result.CandidatesTruncated ? "+" : "")} labels. Fetch one with --setid, or all with --all:");
            foreach (var candidate in result.Candidates)
            {
                Console.WriteLine($"  {candidate.SetId}  v{candidate.Version}  {candidate.Title}");
            }
            return 0;
        }
        foreach (var label in result.Downloaded)
        {
            Console.WriteLine($"downloaded {label.Title} (set id {label.SetId}, version {label.Version}, {label.EffectiveDate:yyyy-MM-dd}) -> {label.FilePath}");
        }
        foreach (var failure in result.Failures)
        {
            Console.WriteLine($"failed {failure.SetId}: {failure.Message}");
        }
        if (result.Ingest is { } ingest)
        {
            Console.WriteLine($"summary: {ingest.Added} added, {ingest.Superseded} superseded, {ingest.Unchanged} unchanged, {ingest.Rejected} rejected");
        }
        return result.Succeeded ? 0 : 1;
    }
}
