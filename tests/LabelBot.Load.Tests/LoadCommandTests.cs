using System.Text.Json;
using LabelBot.Testing;
using Microsoft.Data.Sqlite;

namespace LabelBot.Load.Tests;

/// <summary>The `load` verb run the way users run it: labelbot.dll as a child process, host in that process.</summary>
public sealed class LoadCommandTests
{
    [Fact]
    public async Task LoadPrintsAConsistentJsonReport()
    {
        using var database = await SeededLabelsDatabase.CopyAsync("load-verb");

        var run = await CliProcess.RunAsync("load", "--db", database.Path, "--conversations", "8", "--duration", "6", "--think-ms", "500", "--json");

        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal("load", root.GetProperty("mode").GetString());
        var report = root.GetProperty("report");
        Assert.Equal(8, report.GetProperty("conversations").GetInt32());
        // Only the 10 s turn timeout may fail on a busy machine (a performance target, not a test); nothing else may.
        var errors = report.GetProperty("errorsByType").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.GetInt32());
        Assert.True(errors.Keys.All(type => type == "timeout"), run.ToString());
        Assert.Equal(report.GetProperty("errors").GetInt32(), errors.Values.Sum());
        var passed = root.GetProperty("verdict").GetProperty("passed").GetBoolean();
        Assert.Equal(errors.Count == 0, passed);
        Assert.True(run.ExitCode == (passed ? 0 : 1), run.ToString());
        var answered = report.GetProperty("answered").GetInt32();
        Assert.True(answered > 0, run.ToString());
        Assert.Equal(report.GetProperty("turns").GetInt32(), answered + report.GetProperty("turnErrors").GetInt32());
        var latency = report.GetProperty("latency");
        Assert.Equal(answered, latency.GetProperty("count").GetInt32());
        Assert.True(latency.GetProperty("p50Ms").GetDouble() <= latency.GetProperty("p95Ms").GetDouble());
        Assert.True(latency.GetProperty("p95Ms").GetDouble() <= latency.GetProperty("maxMs").GetDouble());
        Assert.True(report.GetProperty("turnsPerSecond").GetDouble() > 0);
        var memory = report.GetProperty("memory");
        Assert.Equal("in-process", memory.GetProperty("source").GetString());
        Assert.True(memory.GetProperty("workingSetPeakBytes").GetInt64() > 0);
        Assert.True(report.GetProperty("cpu").GetProperty("cpuMsPerAnsweredTurn").GetDouble() > 0);
        // The synthetic conversations went into a copy: the database given got no web chat tables.
        Assert.Equal(0, CountWebChatTables(database.Path));
    }

    private static long CountWebChatTables(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'bot\\_directline%' ESCAPE '\\'";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task SoakJudgesMemoryGrowthAgainstTenPercent()
    {
        using var database = await SeededLabelsDatabase.CopyAsync("load-soak");

        // A short soak measures growth over quarters of its duration (a real soak: first vs last minute of ten).
        var run = await CliProcess.RunAsync("load", "--soak", "--db", database.Path, "--conversations", "5", "--duration", "12", "--think-ms", "300", "--json");

        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal("soak", root.GetProperty("mode").GetString());
        var growth = root.GetProperty("report").GetProperty("memory").GetProperty("growth");
        Assert.Equal(3, growth.GetProperty("windowSeconds").GetDouble());
        var growthPercent = growth.GetProperty("growthPercent").GetDouble();
        var verdict = root.GetProperty("verdict");
        Assert.Equal(10, verdict.GetProperty("memoryGrowthLimitPercent").GetDouble());
        Assert.Equal(growthPercent, verdict.GetProperty("memoryGrowthPercent").GetDouble());
        var passed = verdict.GetProperty("passed").GetBoolean();
        Assert.Equal(verdict.GetProperty("errors").GetInt32() == 0 && growthPercent <= 10, passed);
        Assert.True(run.ExitCode == (passed ? 0 : 1), run.ToString());
    }

    [Fact]
    public async Task AnEmptyDatabaseIsRefusedWithTheIngestCommand()
    {
        var folder = RepositoryPaths.NewTempFolder("load-empty");
        try
        {
            var run = await CliProcess.RunAsync("load", "--db", Path.Combine(folder, "none.db"), "--duration", "5");

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("no labels in", run.Stderr, StringComparison.Ordinal);
            Assert.Contains("ingest data/labels", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("--pid", "load --soak --url http://127.0.0.1:9")]
    [InlineData("--db", "load --url http://127.0.0.1:9 --db some.db")]
    [InlineData("--pid", "load --pid 1")]
    [InlineData("--conversations", "load --conversations 0")]
    public async Task UsageMistakesAreNamedAndExitWithTwo(string named, string commandLine)
    {
        var run = await CliProcess.RunAsync(commandLine.Split(' '));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(named, run.Stderr, StringComparison.Ordinal);
    }
}
