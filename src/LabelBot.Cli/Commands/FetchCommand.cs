using System.Globalization;
using LabelBot.Core.Labels;
using LabelBot.DailyMed;
using LabelBot.DailyMed.Fetching;
using LabelBot.DailyMed.OpenFda;
using LabelBot.Runtime;

namespace LabelBot.Cli.Commands;

/// <summary>
/// `fetch [--openfda] --drug NAME [--all] | --setid ID [--db FILE]`: download labels from DailyMed (or openFDA's label
/// API with --openfda) and ingest them.
/// </summary>
public sealed class FetchCommand : ICliCommand
{
    public string Name => "fetch";
    public string Usage => "fetch [--openfda] --drug NAME [--all] | --setid ID [--db FILE]";
    public string Summary => "download labels from DailyMed (LABELBOT_DAILYMED_URL), or openFDA with --openfda (LABELBOT_OPENFDA_URL), and ingest them";

    public async Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var drug = args.Option("drug");
        var setId = args.Option("setid");
        if ((drug is null) == (setId is null))
        {
            throw new CliUsageException("fetch needs exactly one of --drug NAME or --setid ID");
        }
        await using var runtime = await LabelBotRuntime.OpenAsync(RuntimeOpener.Options(args), cancellationToken: cancellationToken);
        var openFda = args.Has("openfda");
        FetchResult result;
        if (openFda)
        {
            using var client = OpenFdaClient.Create(DailyMedPaths.ForDatabase(runtime.Options.DatabasePath).OpenFdaOptions());
            var fetcher = new OpenFdaFetcher(client, runtime.CreateIngestor(), runtime.ReloadProductsAsync);
            result = await DailyMedCommandSupport.WithProgressAsync("fetching from openFDA",
                progress => drug is not null
                    ? fetcher.FetchByNameAsync(drug, args.Has("all"), progress, cancellationToken)
                    : fetcher.FetchBySetIdAsync(setId!, progress, cancellationToken));
        }
        else
        {
            using var client = DailyMedCommandSupport.CreateClient(runtime);
            var fetcher = new LabelFetcher(client, runtime.CreateIngestor(), runtime.ReloadProductsAsync);
            result = await DailyMedCommandSupport.WithProgressAsync("fetching",
                progress => drug is not null
                    ? fetcher.FetchByNameAsync(drug, args.Has("all"), progress, cancellationToken)
                    : fetcher.FetchBySetIdAsync(setId!, progress, cancellationToken));
        }

        var service = openFda ? "openFDA" : "DailyMed";
        if (result.NoMatch)
        {
            Console.WriteLine($"{service} has no label matching '{result.Query}'.");
            return 1;
        }
        if (result.NeedsChoice)
        {
            Console.WriteLine($"'{result.Query}' matches {result.Candidates.Count}{(result.CandidatesTruncated ? "+" : "")} labels. Fetch one with --setid, or all with --all:");
            foreach (var candidate in result.Candidates)
            {
                Console.WriteLine($"  {candidate.SetId}  {VersionText(candidate.Version)}  {candidate.Title}");
            }
            return 0;
        }
        foreach (var label in result.Downloaded)
        {
            var date = LabelVersions.IsStated(label.EffectiveDate) ? label.EffectiveDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "date not stated";
            Console.WriteLine($"downloaded {label.Title} (set id {label.SetId}, {VersionText(label.Version)}, {date}) -> {label.FilePath}");
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

    private static string VersionText(int version) =>
        LabelVersions.IsStated(version) ? "version " + version.ToString(CultureInfo.InvariantCulture) : "version not stated";
}
