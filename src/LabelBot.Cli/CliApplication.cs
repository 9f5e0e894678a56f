using System.CommandLine;
using System.CommandLine.Invocation;
using LabelBot.Cli.Commands;

namespace LabelBot.Cli;

/// <summary>
/// The verbs of ../shared/CONTRACT.md on System.CommandLine. Exit codes: 0 ok, 1 the run failed, 2 usage error (unknown
/// verb or option, missing or malformed value: one line, then the verb's usage, on stderr), 130 cancelled.
/// </summary>
public static class CliApplication
{
    private static readonly ParserConfiguration Parsing = new()
    {
        // "@file" is a question or a path, not a response file; "-abc" is not three flags.
        ResponseFileTokenReplacer = null,
        EnablePosixBundling = false,
    };

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("LabelBot answers only from official FDA drug labels, quoting and citing them.");
        ICliCommand[] verbs =
        [
            new IngestCommand(), new EmbedCommand(), new LabelsCommand(), new AskCommand(), new ChatCommand(), new EvalCommand(),
            new LoadCommand(), new BenchCommand(), new CheckCommand(), new FetchCommand(), new UpdateCommand(), new DiffCommand(),
        ];
        foreach (var verb in verbs)
        {
            root.Subcommands.Add(verb.Build());
        }
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        var root = BuildRoot();
        // `labelbot` and `labelbot help [VERB]` show the usage, as --help does.
        var parse = root.Parse(args is [] or ["help"] ? ["--help"] : args is ["help", var verb] ? [verb, "--help"] : args, Parsing);
        var command = parse.CommandResult.Command;
        if (parse.Action is ParseErrorAction)
        {
            var problem = command is RootCommand && args is [var first, ..] && !first.StartsWith('-') ? $"unknown verb '{first}'"
                : parse.UnmatchedTokens.FirstOrDefault(t => t.StartsWith('-')) is { } unknown ? $"unknown option '{unknown}'"
                : parse.Errors[0].Message;
            return Usage(root, command, problem);
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, cancellation.Token);
        }
        catch (CliUsageException e)
        {
            return Usage(root, command, e.Message);
        }
        catch (Exception e) when (e is CliFailureException or LabelBot.Llm.LlmConfigurationException)
        {
            // Llm__* settings out of range or unreadable: one line naming the setting and its range, no stack trace.
            Console.Error.WriteLine($"labelbot {command.Name}: {e.Message}");
            return 1;
        }
        catch (Exception e) when (StorageFailure.Describe(e, RuntimeOpener.DatabasePath(DatabaseOption(parse))) is { } problem)
        {
            // A read-only, locked, full or unreadable database is the user's to fix: one line, no stack trace.
            Console.Error.WriteLine($"labelbot {command.Name}: {problem}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
    }

    /// <summary>One line naming the mistake, then the verb's usage, on stderr; exit code 2.</summary>
    private static int Usage(RootCommand root, Command command, string problem)
    {
        Console.Error.WriteLine(command is RootCommand ? $"labelbot: {problem}" : $"labelbot {command.Name}: {problem}");
        Console.Error.WriteLine();
        // The verb's own --help text, written to stderr: stdout stays for results.
        root.Parse(command is RootCommand ? ["--help"] : [command.Name, "--help"], Parsing)
            .Invoke(new InvocationConfiguration { Output = Console.Error, ProcessTerminationTimeout = null });
        return 2;
    }

    private static string? DatabaseOption(ParseResult parse) =>
        parse.CommandResult.Command.Options.OfType<Option<string?>>().FirstOrDefault(o => o.Name == "--db") is { } db ? parse.GetValue(db) : null;
}

/// <summary>One verb of the CLI: a System.CommandLine command whose action binds the verb's own settings record and runs it.</summary>
public interface ICliCommand
{
    Command Build();
}

/// <summary>A mistake in how the command was called, found while running: one line and the verb's usage, exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);

/// <summary>The run could not do its job for a reason the user can act on; printed as one line, exit 1.</summary>
public sealed class CliFailureException(string message) : Exception(message);
