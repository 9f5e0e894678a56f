using LabelBot.Core.Answering;

namespace LabelBot.Cli.Commands;

/// <summary>`ask "QUESTION" [--db FILE] [--json] [--conversation ID]`: one turn of the bot.</summary>
public sealed class AskCommand : ICliCommand
{
    public string Name => "ask";
    public string Usage => "ask \"QUESTION\" [--db FILE] [--json] [--conversation ID]";
    public string Summary => "one turn of the bot; --json prints the answer object";

    public async Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var question = string.Join(' ', args.Positionals);
        if (string.IsNullOrWhiteSpace(question))
        {
            throw new CliUsageException("ask needs a question, e.g. ask \"what are the side effects of Lipitor?\"");
        }
        var viewer = ViewerLinkSetting.Resolve();
        await using var runtime = await RuntimeOpener.OpenPopulatedAsync(args, cancellationToken);
        var answer = await runtime.Engine.AnswerAsync(new AnswerRequest(question, args.Option("conversation")), cancellationToken);
        if (args.Has("json"))
        {
            Console.WriteLine(ViewerLinkSetting.AnswerJsonWithViewerLinks(answer, viewer));
        }
        else
        {
            AnswerPrinter.Print(answer, Console.Out, viewer);
        }
        return 0;
    }
}
