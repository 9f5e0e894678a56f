namespace LabelBot.Cli.Commands;

public sealed class DiffCommand : ICliCommand
{
    public string Name => "diff";
    public string Usage => "diff";
    public string Summary => "not available yet";

    public Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken) =>
        throw new CliFailureException("'diff' is not available in this build yet");
}
