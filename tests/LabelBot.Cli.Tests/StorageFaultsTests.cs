using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LabelBot.Labels;
using LabelBot.Testing;
using LabelBot.Testing.StorageFaults;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace LabelBot.Cli.Tests;

/// <summary>
/// The CLI against a database that fails under it, run as a separate process the way users run it: killed mid-ingest,
/// read-only, locked by another process. Every fault ends in one clear line (no stack trace) and never in a damaged or
/// half-written store; once the fault is gone the same commands complete. (A full disk is tested in-process by
/// LabelBot.Search.Tests/StorageFaultsTests, which can cap the file size; a restart between a pharmacist escalation and
/// its reply is covered by LabelBot.Bot.Tests/PharmacistEscalationTests.)
/// </summary>
public sealed partial class StorageFaultsTests(ITestOutputHelper output) : IDisposable
{
    private const string Shampoo = "pyrithione-zinc-69baf948.xml";
    private const string ShampooQuestion = "What is the pyrithione zinc dandruff shampoo used for?";

    // Ingest order follows file names: a small label first (stored within seconds), then long ones to be killed in.
    private static readonly string[] CrashBatch = [Shampoo, "ciprofloxacin-hydrochloride-cc768d3e.xml", "naproxen-570974d4.xml", "haloperidol-0027b8a3.xml"];

    private readonly string _folder = RepositoryPaths.NewTempFolder("storage-faults");

    private string Database => Path.Combine(_folder, "db", "labelbot.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        RestoreModes(_folder);
        Directory.Delete(_folder, recursive: true);
    }

    public enum KillPoint
    {
        /// <summary>As soon as the first label is committed: the kill lands while the next one is parsed or embedded.</summary>
        AfterFirstLabel,

        /// <summary>
        /// When the write-ahead log grows again after the first label: the kill lands as the next label's pages reach the
        /// log (a large transaction spills them before its commit) or just after its commit.
        /// </summary>
        WhenTheNextLabelIsWritten,
    }

    [Theory]
    [InlineData(KillPoint.AfterFirstLabel)]
    [InlineData(KillPoint.WhenTheNextLabelIsWritten)]
    public async Task Ingest_killed_midway_leaves_complete_labels_only_and_a_rerun_takes_in_the_rest(KillPoint killPoint)
    {
        var input = CopyLabels("crash-input", CrashBatch);
        Directory.CreateDirectory(Path.GetDirectoryName(Database)!);

        using (var cli = StorageFaultsCli.Start(enforceFileModes: false, "ingest", input, "--db", Database))
        {
            var deadline = DateTime.UtcNow.AddMinutes(5);
            await WaitUntilAsync(() => StoredLabels() >= 1, cli, deadline, "the first label to be stored");
            if (killPoint == KillPoint.WhenTheNextLabelIsWritten)
            {
                var logSize = WriteAheadLogSize();
                await WaitUntilAsync(() => WriteAheadLogSize() > logSize || StoredLabels() >= 2, cli, deadline, "the next label's write to begin");
            }
            Assert.False(cli.HasExited, $"the ingest finished before it could be killed:\n{cli.Snapshot()}");
            await cli.KillAsync();
        }

        var afterCrash = StorageFaultsAudit.Check(Database);
        output.WriteLine($"killed {killPoint}: {afterCrash}");
        Assert.True(afterCrash.Problems.Count == 0, afterCrash.ToString());
        Assert.InRange(afterCrash.Current.Count(), 1, CrashBatch.Length - 1);
        AssertEveryPassageStored(afterCrash, input);

        var rerun = await CliProcess.RunAsync("ingest", input, "--db", Database);

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        var summary = SummaryLine().Match(rerun.Stdout);
        Assert.True(summary.Success, rerun.ToString());
        Assert.Equal(
            (CrashBatch.Length - afterCrash.Current.Count(), afterCrash.Current.Count(), 0),
            (Number(summary, "added"), Number(summary, "unchanged"), Number(summary, "rejected")));
        var listed = await CliProcess.RunAsync("labels", "--json", "--db", Database);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        using var labels = JsonDocument.Parse(listed.Stdout);
        Assert.Equal(
            Directory.GetFiles(input).Select(f => SplParser.ParseFile(f).SetId).Order(),
            labels.RootElement.EnumerateArray().Select(l => l.GetProperty("setId").GetString()!).Order());
        var final = StorageFaultsAudit.Check(Database);
        Assert.True(final.Problems.Count == 0, final.ToString());
        Assert.Equal(CrashBatch.Length, final.Current.Count());
        AssertEveryPassageStored(final, input);
    }

    [FileModesTheory]
    [InlineData("file")]
    [InlineData("folder")]
    public async Task Ingest_into_a_read_only_database_fails_with_one_line_naming_the_file(string readOnlyPart)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // skipped by the attribute; the guard tells the analyzer so
        }
        await IngestShampooAsync();
        var more = CopyLabels("more", "minoxidil-1b5e2860.xml");
        var folder = Path.GetDirectoryName(Database)!;
        if (readOnlyPart == "file")
        {
            File.SetUnixFileMode(Database, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        else
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        CliRun run;
        try
        {
            run = await StorageFaultsCli.RunAsync(enforceFileModes: true, "ingest", more, "--db", Database);
        }
        finally
        {
            RestoreModes(_folder);
        }

        Assert.True(run.ExitCode == 1, run.ToString());
        var error = AssertOneErrorLine(run, "ingest");
        Assert.Contains(Database, error, StringComparison.Ordinal);
        Assert.Contains("is read-only", error, StringComparison.Ordinal);
        var audit = StorageFaultsAudit.Check(Database);
        Assert.True(audit.Problems.Count == 0, audit.ToString());
        Assert.Single(audit.Labels);
    }

    [Fact]
    public async Task Another_process_holding_the_write_lock_gives_clear_errors_or_answers_and_everything_works_after_release()
    {
        await IngestShampooAsync();
        var more = CopyLabels("more", "minoxidil-1b5e2860.xml");

        using (var locker = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Database, Pooling = false }.ToString()))
        {
            locker.Open();
            Execute(locker, "BEGIN EXCLUSIVE;");

            // Readers are never blocked by a writer in WAL mode: a plain question is answered at once.
            var ask = await CliProcess.RunAsync("ask", ShampooQuestion, "--json", "--db", Database);
            Assert.True(ask.ExitCode == 0, ask.ToString());
            using var answer = JsonDocument.Parse(ask.Stdout);
            Assert.Equal("answer", answer.RootElement.GetProperty("kind").GetString());

            // Writers wait for the busy timeout (30 s for labels, 10 s for conversation focus), then say so in one line.
            var ingesting = CliProcess.RunAsync("ingest", more, "--db", Database);
            var askingInConversation = CliProcess.RunAsync("ask", ShampooQuestion, "--json", "--conversation", "storage-fault-1", "--db", Database);
            var (ingest, conversation) = (await ingesting, await askingInConversation);

            Assert.True(ingest.ExitCode == 1, ingest.ToString());
            var ingestError = AssertOneErrorLine(ingest, "ingest");
            Assert.Contains($"the label database {Database} is locked by another process", ingestError, StringComparison.Ordinal);
            Assert.True(conversation.ExitCode == 1, conversation.ToString());
            var askError = AssertOneErrorLine(conversation, "ask");
            Assert.Contains($"{Database} is locked by another process", askError, StringComparison.Ordinal);

            Execute(locker, "ROLLBACK;");
        }

        var retry = await CliProcess.RunAsync("ingest", more, "--db", Database);
        Assert.True(retry.ExitCode == 0, retry.ToString());
        Assert.Equal(1, Number(SummaryLine().Match(retry.Stdout), "added"));
        var followUp = await CliProcess.RunAsync("ask", ShampooQuestion, "--json", "--conversation", "storage-fault-1", "--db", Database);
        Assert.True(followUp.ExitCode == 0, followUp.ToString());
        var audit = StorageFaultsAudit.Check(Database);
        Assert.True(audit.Problems.Count == 0, audit.ToString());
        Assert.Equal(2, audit.Current.Count());
    }

    private async Task IngestShampooAsync()
    {
        var first = await CliProcess.RunAsync("ingest", CopyLabels("first", Shampoo), "--db", Database);
        Assert.True(first.ExitCode == 0, first.ToString());
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Real labels from data/labels, renamed 1-…, 2-… so ingest takes them in the given order.</summary>
    private string CopyLabels(string name, params string[] files)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, name)).FullName;
        for (var i = 0; i < files.Length; i++)
        {
            File.Copy(Path.Combine(RepositoryPaths.LabelsFolder, files[i]), Path.Combine(folder, $"{i + 1}-{files[i]}"));
        }
        return folder;
    }

    /// <summary>Each stored label holds exactly the passages the chunker cuts from its file: nothing half-written.</summary>
    private static void AssertEveryPassageStored(StorageFaultsAudit.Result audit, string input)
    {
        var expected = Directory.GetFiles(input).Select(SplParser.ParseFile).ToDictionary(l => l.SetId, l => (l.Version, PassageChunker.Chunk(l).Count));
        foreach (var label in audit.Labels)
        {
            Assert.True(expected.TryGetValue(label.SetId, out var want) && want == (label.Version, label.Passages), $"{label}: expected {want}; {audit}");
        }
    }

    /// <summary>The fault is reported on exactly one stderr line, and no stack trace or unhandled exception is printed anywhere.</summary>
    private static string AssertOneErrorLine(CliRun run, string verb)
    {
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1 && lines[0].StartsWith($"labelbot {verb}: ", StringComparison.Ordinal), run.ToString());
        Assert.DoesNotContain("Unhandled exception", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", run.Stdout + run.Stderr);
        return lines[0];
    }

    private int StoredLabels()
    {
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Database, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM labels;";
            return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            return 0; // not created yet, or the schema is being written
        }
    }

    private long WriteAheadLogSize() => new FileInfo(Database + "-wal") is { Exists: true } wal ? wal.Length : 0;

    private static async Task WaitUntilAsync(Func<bool> condition, StorageFaultsCli cli, DateTime deadline, string what)
    {
        while (!condition())
        {
            Assert.False(cli.HasExited, $"the CLI exited while waiting for {what}:\n{cli.Snapshot()}");
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}:\n{cli.Snapshot()}");
            await Task.Delay(20);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void RestoreModes(string root)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(root))
        {
            return;
        }
        const UnixFileMode folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(root, folder);
        foreach (var directory in Directory.GetDirectories(root, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(directory, folder);
        }
        foreach (var file in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"summary: (?<added>\d+) added, (?<superseded>\d+) superseded, (?<unchanged>\d+) unchanged, (?<rejected>\d+) rejected;")]
    private static partial Regex SummaryLine();
}
