using System.CommandLine;
using LabelBot.Core.Answering;

namespace LabelBot.Cli.Commands;

/// <summary>`ask "QUESTION" [--db FILE] [--json] [--conversation ID]`: one turn of the bot.</summary>
public sealed class AskCommand : ICliCommand
{
    public sealed record Settings(string Question, StoreSettings Store, bool Json, string? Conversation);

    private readonly Argument<string[]> _question = CliOptions.Values("QUESTION", "the question (several words are joined)");
    private readonly StoreOptions _store = new(audience: true);
    private readonly Option<bool> _json = CliOptions.Flag("--json", "print the answer object of ../shared/CONTRACT.md");
    private readonly Option<string?> _conversation = CliOptions.Text("--conversation", "ID", "keep context across calls with the same id");

    public Command Build()
    {
        var command = new Command("ask", "one turn of the bot; --json prints the answer object") { _question, _json, _conversation };
        _store.AddTo(command);
        CliOptions.Require(command, r => r.GetValue(_question) is not { Length: > 0 } words || string.IsNullOrWhiteSpace(string.Join(' ', words)),
            "ask needs a question, e.g. ask \"what are the side effects of Lipitor?\"");
        command.SetAction((result, cancellationToken) => RunAsync(
            new Settings(string.Join(' ', result.GetValue(_question)!), _store.Bind(result), result.GetValue(_json), result.GetValue(_conversation)),
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var viewer = ViewerLinkSetting.Resolve();
        await using var runtime = await RuntimeOpener.OpenPopulatedAsync(settings.Store, cancellationToken);
        var answer = await runtime.Engine.AnswerAsync(new AnswerRequest(settings.Question, settings.Conversation), cancellationToken);
        if (settings.Json)
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
