using LabelBot.DailyMed.Diff;

namespace LabelBot.Cli.Commands;

/// <summary>`diff SETID [--from V] [--to V] [--json]`: section-level changes between two stored versions of a label.</summary>
public sealed class DiffCommand : ICliCommand
{
    public string Name => "diff";
    public string Usage => "diff SETID [--from V] [--to V] [--json]";
    public string Summary => "section-level changes between two versions of a label";

    public async Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        if (args.Positionals.Count != 1)
        {
            throw new CliUsageException("diff needs one set id");
        }
        await using var runtime = await RuntimeOpener.OpenPopulatedAsync(args, cancellationToken);
        LabelDiff diff;
        try
        {
            diff = await new LabelDiffService(runtime.History).DiffAsync(args.Positionals[0], args.IntOption("from"), args.IntOption("to"), cancellationToken);
        }
        catch (LabelDiffException e)
        {
            throw new CliFailureException(e.Message);
        }
        Console.WriteLine(args.Has("json") ? LabelDiffJson.Serialize(diff) : LabelDiffText.Render(diff));
        return 0;
    }
}
