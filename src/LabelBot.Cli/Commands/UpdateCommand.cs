namespace LabelBot.Cli.Commands;

public sealed class UpdateCommand : ICliCommand
{
    public string Name => "update";
    public string Usage => "update";
    public string Summary => "not available yet";

    public Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken) =>
        throw new CliFailureException("'update' is not available in this build yet");
}
