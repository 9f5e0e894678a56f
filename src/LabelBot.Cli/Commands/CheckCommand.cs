using System.Globalization;
using LabelBot.Core.ClaimCheck;
using Spectre.Console;

namespace LabelBot.Cli.Commands;

/// <summary>`check FILE|- [--db FILE] [--json]`: split a text into claims and verify each against the labels.</summary>
public sealed class CheckCommand : ICliCommand
{
    public string Name => "check";
    public string Usage => "check FILE|- [--db FILE] [--json]";
    public string Summary => "claim check: each claim of a text verified against the labels, with citations";

    public async Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        if (args.Positionals.Count != 1)
        {
            throw new CliUsageException("check needs one file, or - to read standard input");
        }
        var source = args.Positionals[0];
        string text;
        try
        {
            text = source == "-" ? await Console.In.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(source, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliFailureException($"{source}: {e.Message}");
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new CliFailureException($"{source}: no text to check");
        }

        await using var runtime = await RuntimeOpener.OpenPopulatedAsync(args, cancellationToken);
        var report = await runtime.ClaimChecker.CheckAsync(text, cancellationToken: cancellationToken);
        if (args.Has("json"))
        {
            Console.WriteLine(ClaimCheckJson.Serialize(report));
            return 0;
        }

        var table = new Table().AddColumns("#", "verdict", "claim", "evidence");
        foreach (var claim in report.Claims)
        {
            var evidence = claim.Citations.Count == 0 ? claim.Rationale : $"{claim.Rationale} {string.Join(' ', claim.Citations.Select(c => $"[{c.N}]"))}";
            table.AddRow(
                claim.N.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(ClaimCheckRenderer.Verdict(claim.Verdict) + (claim.IsDosingAdvice ? " (dosing advice)" : "")),
                Markup.Escape(claim.Claim),
                Markup.Escape(evidence));
        }
        AnsiConsole.Write(table);
        Console.WriteLine(ClaimCheckRenderer.Summary(report.Counts));
        foreach (var citation in report.Claims.SelectMany(c => c.Citations).DistinctBy(c => c.N))
        {
            Console.WriteLine(ClaimCheckRenderer.Cite(citation));
        }
        return 0;
    }
}
