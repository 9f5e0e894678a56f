using LabelBot.Cli.Commands;
using Spectre.Console;

namespace LabelBot.Cli;

/// <summary>Dispatches the verbs of ../shared/CONTRACT.md. Exit codes: 0 ok, 1 the run failed, 2 usage error.</summary>
public static class CliApplication
{
    private static readonly IReadOnlyDictionary<string, ICliCommand> Commands = new ICliCommand[]
    {
        new IngestCommand(), new LabelsCommand(), new AskCommand(), new ChatCommand(), new EvalCommand(),
        new CheckCommand(), new BenchCommand(), new FetchCommand(), new UpdateCommand(), new DiffCommand(), new LoadCommand(),
        new EmbedCommand(),
    }.ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static async Task<int> RunAsync(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        CliArguments parsed;
        try
        {
            parsed = CliArguments.Parse(args);
        }
        catch (CliUsageException e)
        {
            return Usage(e.Message);
        }
        if (parsed.Verb is "" or "help" or "--help" or "-h" || !Commands.TryGetValue(parsed.Verb, out var command))
        {
            return Usage(parsed.Verb is "" or "help" or "--help" or "-h" ? null : $"unknown verb '{parsed.Verb}'");
        }

        try
        {
            return await command.RunAsync(parsed, cancellation.Token);
        }
        catch (CliUsageException e)
        {
            return Usage(e.Message);
        }
        catch (CliFailureException e)
        {
            Console.Error.WriteLine($"labelbot {command.Name}: {e.Message}");
            return 1;
        }
        catch (LabelBot.Llm.LlmConfigurationException e)
        {
            // Llm__* settings out of range or unreadable: one line naming the setting and its range, no stack trace.
            Console.Error.WriteLine($"labelbot {command.Name}: {e.Message}");
            return 1;
        }
        catch (Exception e) when (StorageFailure.Describe(e, parsed) is { } problem)
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

    private static int Usage(string? problem)
    {
        if (problem is not null)
        {
            Console.Error.WriteLine($"labelbot: {problem}");
        }
        var table = new Table().AddColumns("verb", "what it does");
        foreach (var command in Commands.Values)
        {
            table.AddRow(Markup.Escape(command.Usage), Markup.Escape(command.Summary));
        }
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine("Common options: --db FILE (default: env LABELBOT_DB, else data/labelbot.db in the repository).");
        return problem is null ? 0 : 2;
    }
}

/// <summary>One verb of the CLI.</summary>
public interface ICliCommand
{
    string Name { get; }
    string Usage { get; }
    string Summary { get; }
    Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken);
}

/// <summary>The run could not do its job for a reason the user can act on; printed as one line, exit 1.</summary>
public sealed class CliFailureException(string message) : Exception(message);
