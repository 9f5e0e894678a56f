using System.CommandLine;
using LabelBot.DailyMed.Diff;

namespace LabelBot.Cli.Commands;

/// <summary>`diff SETID [--from V] [--to V] [--json]`: section-level changes between two stored versions of a label.</summary>
public sealed class DiffCommand : ICliCommand
{
    public sealed record Settings(string SetId, StoreSettings Store, int? From, int? To, bool Json);

    private readonly Argument<string?> _setId = CliOptions.Value("SETID", "the label's set id");
    private readonly StoreOptions _store = new();
    private readonly Option<int?> _from = CliOptions.WholeNumber("--from", "V", "older version (default: the one before --to)");
    private readonly Option<int?> _to = CliOptions.WholeNumber("--to", "V", "newer version (default: the current one)");
    private readonly Option<bool> _json = CliOptions.Flag("--json", "print the changes as JSON");

    public Command Build()
    {
        var command = new Command("diff", "section-level changes between two versions of a label") { _setId, _from, _to, _json };
        _store.AddTo(command);
        CliOptions.Require(command, r => string.IsNullOrWhiteSpace(r.GetValue(_setId)), "diff needs one set id");
        command.SetAction((result, cancellationToken) => RunAsync(
            new Settings(result.GetValue(_setId)!, _store.Bind(result), result.GetValue(_from), result.GetValue(_to), result.GetValue(_json)),
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        await using var runtime = await RuntimeOpener.OpenPopulatedAsync(settings.Store, cancellationToken);
        LabelDiff diff;
        try
        {
            diff = await new LabelDiffService(runtime.History).DiffAsync(settings.SetId, settings.From, settings.To, cancellationToken);
        }
        catch (LabelDiffException e)
        {
            throw new CliFailureException(e.Message);
        }
        Console.WriteLine(settings.Json ? LabelDiffJson.Serialize(diff) : LabelDiffText.Render(diff));
        return 0;
    }
}
