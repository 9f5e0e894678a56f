using System.CommandLine;
using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Prompts;

namespace LabelBot.Cli.Commands;

/// <summary>`chat [--db FILE]`: an interactive terminal conversation (one conversation id for the session).</summary>
public sealed class ChatCommand : ICliCommand
{
    public sealed record Settings(StoreSettings Store, string? Conversation);

    private readonly StoreOptions _store = new(audience: true);
    private readonly Option<string?> _conversation = CliOptions.Text("--conversation", "ID", "continue a conversation (default: a new one)");

    public Command Build()
    {
        var command = new Command("chat", "interactive terminal chat") { _conversation };
        _store.AddTo(command);
        command.SetAction((result, cancellationToken) => RunAsync(new Settings(_store.Bind(result), result.GetValue(_conversation)), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var viewer = ViewerLinkSetting.Resolve();
        await using var runtime = await RuntimeOpener.OpenPopulatedAsync(settings.Store, cancellationToken);
        var conversationId = settings.Conversation ?? $"cli-{Guid.NewGuid():N}";
        Console.WriteLine(PromptCatalog.Default.Render("cli-chat-intro"));
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
