using LabelBot.Core.Answering;

namespace LabelBot.Cli.Commands;

/// <summary>`chat [--db FILE]`: an interactive terminal conversation (one conversation id for the session).</summary>
public sealed class ChatCommand : ICliCommand
{
    public string Name => "chat";
    public string Usage => "chat [--db FILE]";
    public string Summary => "interactive terminal chat";

    public async Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var viewer = ViewerLinkSetting.Resolve();
        await using var runtime = await RuntimeOpener.OpenPopulatedAsync(args, cancellationToken);
        var conversationId = args.Option("conversation") ?? $"cli-{Guid.NewGuid():N}";
        Console.WriteLine("LabelBot answers from official FDA drug labels only. It does not give personal medical or dosing advice.");
        Console.WriteLine("Type a question, or 'quit' to leave.");
        while (!cancellationToken.IsCancellationRequested)
        {
            Console.Write("> ");
            var line = Console.ReadLine();
            if (line is null || line.Trim() is "quit" or "exit")
            {
                break;
            }
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var answer = await runtime.Engine.AnswerAsync(new AnswerRequest(line, conversationId), cancellationToken);
            AnswerPrinter.Print(answer, Console.Out, viewer);
            Console.WriteLine();
        }
        return 0;
    }
}
