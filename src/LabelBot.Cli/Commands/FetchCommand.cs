namespace LabelBot.Cli.Commands;

public sealed class FetchCommand : ICliCommand
{
    public string Name => "fetch";
    public string Usage => "fetch";
    public string Summary => "not available yet";

    public Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken) =>
        throw new CliFailureException("'fetch' is not available in this build yet");
}
