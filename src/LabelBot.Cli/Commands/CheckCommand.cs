namespace LabelBot.Cli.Commands;

public sealed class CheckCommand : ICliCommand
{
    public string Name => "check";
    public string Usage => "check";
    public string Summary => "not available yet";

    public Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken) =>
        throw new CliFailureException("'check' is not available in this build yet");
}
