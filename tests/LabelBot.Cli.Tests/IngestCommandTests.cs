using System.Text.RegularExpressions;
using LabelBot.Testing;

namespace LabelBot.Cli.Tests;

/// <summary>`ingest` end to end on a folder mixing one real label with files that must be rejected, each for its own reason.</summary>
public sealed partial class IngestCommandTests : IDisposable
{
    // The smallest shipped label (a dandruff shampoo's Drug Facts): real, and quick to embed.
    private const string GoodLabel = "pyrithione-zinc-69baf948.xml";

    private readonly string _folder = RepositoryPaths.NewTempFolder("ingest");

    [Fact]
    public async Task Ingest_takes_the_good_label_reports_each_rejected_file_and_reingest_is_unchanged()
    {
        var input = Directory.CreateDirectory(Path.Combine(_folder, "input")).FullName;
        File.Copy(Path.Combine(RepositoryPaths.LabelsFolder, GoodLabel), Path.Combine(input, GoodLabel));
        await File.WriteAllTextAsync(Path.Combine(input, "broken.xml"), "<document xmlns=\"urn:hl7-org:v3\"><setId root=\"x\"/><title>unclosed");
        await File.WriteAllBytesAsync(Path.Combine(input, "empty.xml"), []);
        await File.WriteAllTextAsync(Path.Combine(input, "not-spl.xml"), "<?xml version=\"1.0\"?><catalog><book id=\"1\">A book, not a label</book></catalog>");
        var database = Path.Combine(_folder, "ingest.db");

        var first = await CliProcess.RunAsync("ingest", input, "--db", database);

        Assert.True(first.ExitCode == 0, first.ToString());
        foreach (var rejected in new[] { "broken.xml", "empty.xml", "not-spl.xml" })
        {
            var lines = first.Stdout.Split('\n').Where(l => l.StartsWith("rejected ", StringComparison.Ordinal) && l.Contains(rejected, StringComparison.Ordinal)).ToList();
            Assert.True(lines.Count == 1, $"expected one 'rejected' line for {rejected}:\n{first}");
            // The line names the file and says why: "rejected PATH: REASON".
            Assert.Matches(@$"^rejected .*{Regex.Escape(rejected)}: \S.+", lines[0].TrimEnd());
        }
        Assert.DoesNotContain(first.Stdout.Split('\n'), l => l.StartsWith("rejected ", StringComparison.Ordinal) && l.Contains(GoodLabel, StringComparison.Ordinal));
        var summary = Summary(first);
        Assert.Equal(("1", "0", "0", "3"), (summary.Groups["added"].Value, summary.Groups["superseded"].Value, summary.Groups["unchanged"].Value, summary.Groups["rejected"].Value));
        Assert.True(double.Parse(summary.Groups["labelsPerSecond"].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, "labels/s measured");
        Assert.True(double.Parse(summary.Groups["passagesPerSecond"].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, "passages/s measured");

        var again = await CliProcess.RunAsync("ingest", input, "--db", database);

        Assert.True(again.ExitCode == 0, again.ToString());
        var second = Summary(again);
        Assert.Equal(("0", "0", "1", "3"), (second.Groups["added"].Value, second.Groups["superseded"].Value, second.Groups["unchanged"].Value, second.Groups["rejected"].Value));
    }

    [Fact]
    public async Task Ingest_with_embed_later_answers_by_full_text_and_embed_fills_the_vectors()
    {
        var input = Directory.CreateDirectory(Path.Combine(_folder, "later")).FullName;
        File.Copy(Path.Combine(RepositoryPaths.LabelsFolder, GoodLabel), Path.Combine(input, GoodLabel));
        var database = Path.Combine(_folder, "later.db");

        var ingest = await CliProcess.RunAsync("ingest", input, "--db", database, "--embed", "later");

        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        var listed = await LabelsJsonAsync(database);
        var passages = listed.GetProperty("passages").GetInt32();
        Assert.Equal(0, listed.GetProperty("vectors").GetInt32());
        var table = await CliProcess.RunAsync("labels", "--db", database);
        // Piped, the listing is tab-separated: the header line, then the label's row, "full-text only" under "vectors".
        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("full-text only", lines[1].Split('\t')[Array.IndexOf(lines[0].Split('\t'), "vectors")]);
        var ask = await CliProcess.RunAsync("ask", "What is the pyrithione zinc shampoo used for?", "--db", database, "--json");
        Assert.True(ask.ExitCode == 0, ask.ToString());
        Assert.Contains(listed.GetProperty("setId").GetString()!, ask.Stdout, StringComparison.Ordinal);

        var embed = await CliProcess.RunAsync("embed", "--db", database);

        Assert.True(embed.ExitCode == 0, embed.ToString());
        Assert.Matches(@$"summary: {passages} passages given vectors", embed.Stdout);
        Assert.Equal(passages, (await LabelsJsonAsync(database)).GetProperty("vectors").GetInt32());
        Assert.Matches(@"summary: 0 passages given vectors", (await CliProcess.RunAsync("embed", "--db", database)).Stdout);
    }

    [Fact]
    public async Task Ingest_refuses_an_unknown_embed_mode()
    {
        var run = await CliProcess.RunAsync("ingest", RepositoryPaths.LabelsFolder, "--db", Path.Combine(_folder, "mode.db"), "--embed", "sometimes");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--embed takes now or later", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    private static async Task<System.Text.Json.JsonElement> LabelsJsonAsync(string database)
    {
        var run = await CliProcess.RunAsync("labels", "--db", database, "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(run.Stdout);
        return Assert.Single(json.RootElement.EnumerateArray().ToList()).Clone();
    }

    [Fact]
    public async Task Ingest_of_only_bad_files_exits_non_zero()
    {
        var input = Directory.CreateDirectory(Path.Combine(_folder, "bad-only")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(input, "empty.xml"), []);

        var run = await CliProcess.RunAsync("ingest", input, "--db", Path.Combine(_folder, "bad.db"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("empty.xml", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_reads_openfda_json_names_a_bad_record_by_index_and_the_partial_label_answers_without_a_version()
    {
        var input = Directory.CreateDirectory(Path.Combine(_folder, "openfda")).FullName;
        const string Baclofen = "baclofen-00c6c924.json";
        File.Copy(Path.Combine(RepositoryPaths.LabelsFolder, Baclofen), Path.Combine(input, Baclofen));
        await File.WriteAllTextAsync(Path.Combine(input, "bad.json"), """{"meta":{},"results":[{"set_id":"x","version":"v2","warnings":["w"]},{"id":"no set id","warnings":["w"]}]}""");
        var database = Path.Combine(_folder, "openfda.db");

        var ingest = await CliProcess.RunAsync("ingest", input, "--db", database);

        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        var rejected = ingest.Stdout.Split('\n').Where(l => l.StartsWith("rejected ", StringComparison.Ordinal)).Select(l => l.TrimEnd()).ToList();
        Assert.Equal(2, rejected.Count);
        Assert.Matches(@"^rejected .*bad\.json: record 1: invalid version ""v2""$", rejected[0]);
        Assert.Matches(@"^rejected .*bad\.json: record 2: missing set_id$", rejected[1]);
        Assert.Equal(("1", "2"), (Summary(ingest).Groups["added"].Value, Summary(ingest).Groups["rejected"].Value));

        var labels = await CliProcess.RunAsync("labels", "--json", "--db", database);
        using (var json = System.Text.Json.JsonDocument.Parse(labels.Stdout))
        {
            var label = Assert.Single(json.RootElement.EnumerateArray().ToList());
            Assert.False(label.GetProperty("complete").GetBoolean());
            Assert.Equal(["Precautions", "Description", "How Supplied"], label.GetProperty("missingSections").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(("not stated", "not stated", "openfda"), (label.GetProperty("version").GetString(), label.GetProperty("effectiveDate").GetString(), label.GetProperty("source").GetString()));
        }

        var ask = await CliProcess.RunAsync("ask", "What is baclofen used for?", "--db", database);
        Assert.True(ask.ExitCode == 0, ask.ToString());
        Assert.Contains("BACLOFEN, version not stated, Indications and Usage", ask.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_resumes_an_openfda_file_after_its_checkpoint_and_removes_the_checkpoint_when_done()
    {
        var input = Directory.CreateDirectory(Path.Combine(_folder, "resume")).FullName;
        var record = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.LabelsFolder, "baclofen-00c6c924.json")))!["results"]![0]!;
        // Record 1 has no set id: read again, it would be rejected; skipped by the checkpoint, it is not seen at all.
        var unreadable = record.DeepClone();
        unreadable.AsObject().Remove("set_id");
        unreadable.AsObject().Remove("openfda");
        var file = Path.Combine(input, "partition.json");
        await File.WriteAllTextAsync(file, new System.Text.Json.Nodes.JsonObject { ["meta"] = new System.Text.Json.Nodes.JsonObject(), ["results"] = new System.Text.Json.Nodes.JsonArray(unreadable, record.DeepClone()) }.ToJsonString());
        var database = Path.Combine(_folder, "resume.db");
        var checkpoints = LabelBot.Labels.Ingestion.FileIngestCheckpointStore.ForDatabase(database);
        var info = new FileInfo(file);
        checkpoints.Save(new LabelBot.Labels.Ingestion.IngestCheckpoint(info.FullName, info.Length, info.LastWriteTimeUtc, 1));

        var ingest = await CliProcess.RunAsync("ingest", file, "--db", database, "--embed", "later");

        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        Assert.Contains("resumed: 1 openFDA record(s)", ingest.Stdout, StringComparison.Ordinal);
        Assert.Equal(("1", "0"), (Summary(ingest).Groups["added"].Value, Summary(ingest).Groups["rejected"].Value));
        Assert.False(File.Exists(checkpoints.Path), "the checkpoint is removed once the file is done");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static Match Summary(CliRun run)
    {
        var match = SummaryLine().Match(run.Stdout);
        Assert.True(match.Success, $"no summary line:\n{run}");
        return match;
    }

    [GeneratedRegex(@"summary: (?<added>\d+) added, (?<superseded>\d+) superseded, (?<unchanged>\d+) unchanged, (?<rejected>\d+) rejected;.*\((?<labelsPerSecond>[\d.]+) labels/s, (?<passagesPerSecond>[\d.]+) passages/s\)")]
    private static partial Regex SummaryLine();
}
