using System.CommandLine;
using System.Globalization;
using LabelBot.ClaimCheck;

namespace LabelBot.Cli.Commands;

/// <summary>`check FILE|- [--db FILE] [--json]`: split a text into claims and verify each against the labels.</summary>
public sealed class CheckCommand : ICliCommand
{
    public sealed record Settings(string Source, StoreSettings Store, bool Json);

    private readonly Argument<string?> _source = CliOptions.Value("FILE", "the text to check, or - for standard input");
    private readonly StoreOptions _store = new(audience: true);
    private readonly Option<bool> _json = CliOptions.Flag("--json", "print the claim check report as JSON");

    public Command Build()
    {
        var command = new Command("check", "claim check: each claim of a text verified against the labels, with citations") { _source, _json };
        _store.AddTo(command);
        CliOptions.Require(command, r => string.IsNullOrEmpty(r.GetValue(_source)), "check needs one file, or - to read standard input");
        command.SetAction((result, cancellationToken) => RunAsync(
            new Settings(result.GetValue(_source)!, _store.Bind(result), result.GetValue(_json)), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var source = settings.Source;
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

        await using var runtime = await RuntimeOpener.OpenPopulatedAsync(settings.Store, cancellationToken);
        var report = await runtime.ClaimChecker.CheckAsync(text, cancellationToken: cancellationToken);
        if (settings.Json)
        {
            Console.WriteLine(ClaimCheckJson.Serialize(report));
            return 0;
        }

        CliTable.Write(["#", "verdict", "claim", "evidence"], report.Claims.Select(claim => (IReadOnlyList<string>)
        [
            claim.N.ToString(CultureInfo.InvariantCulture),
            ClaimCheckRenderer.Verdict(claim.Verdict) + (claim.IsDosingAdvice ? " (dosing advice)" : ""),
            claim.Claim,
            claim.Citations.Count == 0 ? claim.Rationale : $"{claim.Rationale} {string.Join(' ', claim.Citations.Select(c => $"[{c.N}]"))}",
        ]));
        Console.WriteLine(ClaimCheckRenderer.Summary(report.Counts));
        foreach (var citation in report.Claims.SelectMany(c => c.Citations).DistinctBy(c => c.N))
        {
            Console.WriteLine(ClaimCheckRenderer.Cite(citation));
        }
        return 0;
    }
}
