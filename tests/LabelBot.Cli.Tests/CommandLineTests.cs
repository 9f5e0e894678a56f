using System.Text.Json;
using LabelBot.Testing;

namespace LabelBot.Cli.Tests;

/// <summary>The command line itself, through the real CLI process: unknown options refused, help per verb, plain output when piped.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("command-line");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("labels", "--bogus", new string[0])]
    [InlineData("ask", "--jsn", new[] { "What is Viagra used for?" })]
    [InlineData("ingest", "--embedd", new[] { "." })]
    [InlineData("eval", "--markdwn", new[] { "set.jsonl" })]
    [InlineData("fetch", "--durg", new[] { "--drug", "baclofen" })]
    [InlineData("load", "--conversation", new string[0])]
    public async Task An_unknown_option_is_refused_with_the_verbs_usage_before_anything_runs(string verb, string unknown, string[] rest)
    {
        var database = Path.Combine(_folder, "never-created.db");

        var run = await CliProcess.RunAsync([verb, .. rest, unknown, "--db", database]);

        Assert.True(run.ExitCode == 2, run.ToString());
        var lines = run.Stderr.Split('\n');
        Assert.Equal($"labelbot {verb}: unknown option '{unknown}'", lines[0].TrimEnd());
        Assert.Contains($"labelbot {verb} ", run.Stderr, StringComparison.Ordinal); // the verb's usage line
        Assert.Contains("--db <FILE>", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.False(File.Exists(database), "a refused command must not open the database");
    }

    [Theory]
    [InlineData("ingest", "--db", "--embed")]
    [InlineData("embed", "--db")]
    [InlineData("labels", "--db", "--json", "--history")]
    [InlineData("ask", "--db", "--json", "--conversation")]
    [InlineData("chat", "--db")]
    [InlineData("eval", "--db", "--json", "--markdown", "--thresholds")]
    [InlineData("load", "--url", "--pid", "--db", "--conversations", "--duration", "--think-ms", "--soak", "--json")]
    [InlineData("bench", "--db", "--json", "--rounds", "--scale", "--postgres", "--ingest", "--labels", "--openfda-partition")]
    [InlineData("check", "--db", "--json")]
    [InlineData("fetch", "--drug", "--setid", "--all", "--openfda", "--db")]
    [InlineData("update", "--db")]
    [InlineData("diff", "--from", "--to", "--json", "--db")]
    public async Task Each_verb_has_its_own_help_listing_its_documented_options(string verb, params string[] options)
    {
        var run = await CliProcess.RunAsync(verb, "--help");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"labelbot {verb}", run.Stdout, StringComparison.Ordinal);
        var optionNames = run.Stdout.Split('\n').Select(l => l.TrimStart()).Where(l => l.StartsWith("--", StringComparison.Ordinal))
            .Select(l => l.Split(' ', 2)[0]).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(options.ToHashSet(StringComparer.Ordinal), optionNames);
        // The child-process options of `bench --scale` stay out of the help.
        Assert.DoesNotContain("--scale-cell", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Labels_piped_prints_one_tab_separated_line_per_label_under_a_header()
    {
        using var database = await SeededLabelsDatabase.CopyAsync("labels-tsv");

        var table = await CliProcess.RunAsync("labels", "--db", database.Path);
        var json = await CliProcess.RunAsync("labels", "--json", "--db", database.Path);

        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("set id\tversion\teffective\ttitle\tformat\tsource\tsections\tpassages\tvectors", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split('\t')).ToList();
        Assert.All(rows, r => Assert.Equal(9, r.Length));
        using var listed = JsonDocument.Parse(json.Stdout);
        // Every label on one line, in the same order as --json, with its set id whole (a drawn table wraps it).
        Assert.Equal(listed.RootElement.EnumerateArray().Select(l => l.GetProperty("setId").GetString()), rows.Select(r => r[0]));
        Assert.Equal(listed.RootElement.EnumerateArray().Select(l => l.GetProperty("title").GetString()), rows.Select(r => r[3]));
        Assert.DoesNotContain('│', table.Stdout);
        Assert.Contains($"{rows.Count} label(s) in", table.Stderr, StringComparison.Ordinal);
    }
}
