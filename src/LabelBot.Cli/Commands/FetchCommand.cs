using System.CommandLine;
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
    public sealed record Settings(string? Drug, string? SetId, bool All, bool OpenFda, StoreSettings Store);

    private readonly Option<string?> _drug = CliOptions.Text("--drug", "NAME", "labels whose drug name matches (lists them; add --all to fetch every one)");
    private readonly Option<string?> _setId = CliOptions.Text("--setid", "ID", "the label with this set id");
    private readonly Option<bool> _all = CliOptions.Flag("--all", "with --drug: fetch every matching label");
    private readonly Option<bool> _openFda = CliOptions.Flag("--openfda", "from openFDA's label API instead of DailyMed");
    private readonly StoreOptions _store = new();

    public Command Build()
    {
        var command = new Command("fetch",
            "download labels from DailyMed (LABELBOT_DAILYMED_URL), or openFDA with --openfda (LABELBOT_OPENFDA_URL), and ingest them")
            { _drug, _setId, _all, _openFda };
        _store.AddTo(command);
        CliOptions.Require(command, r => (r.GetValue(_drug) is null) == (r.GetValue(_setId) is null), "fetch needs exactly one of --drug NAME or --setid ID");
        command.SetAction((result, cancellationToken) => RunAsync(
            new Settings(result.GetValue(_drug), result.GetValue(_setId), result.GetValue(_all), result.GetValue(_openFda), _store.Bind(result)),
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var (drug, setId) = (settings.Drug, settings.SetId);
        await using var runtime = await LabelBotRuntime.OpenAsync(RuntimeOpener.Options(settings.Store), cancellationToken: cancellationToken);
        var openFda = settings.OpenFda;
        FetchResult result;
        if (openFda)
        {
            using var client = OpenFdaClient.Create(DailyMedPaths.ForDatabase(runtime.Options.DatabasePath).OpenFdaOptions());
            var fetcher = new OpenFdaFetcher(client, runtime.CreateIngestor(), runtime.ReloadProductsAsync);
            result = await DailyMedCommandSupport.WithProgressAsync("fetching from openFDA",
                progress => drug is not null
                    ? fetcher.FetchByNameAsync(drug, settings.All, progress, cancellationToken)
                    : fetcher.FetchBySetIdAsync(setId!, progress, cancellationToken));
        }
        else
        {
            using var client = DailyMedCommandSupport.CreateClient(runtime);
            var fetcher = new LabelFetcher(client, runtime.CreateIngestor(), runtime.ReloadProductsAsync);
            result = await DailyMedCommandSupport.WithProgressAsync("fetching",
                progress => drug is not null
                    ? fetcher.FetchByNameAsync(drug, settings.All, progress, cancellationToken)
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
