using System.Globalization;
using System.Text.Json;
using LabelBot.Benchmarks.Tests.TestSupport;
using Npgsql;

namespace LabelBot.Benchmarks.Tests;

/// <summary>`bench --scale 2` end to end through the real CLI, on three real labels.</summary>
[Collection(CorpusCollection.Name)]
public sealed class ScaleBenchCommandTests(CorpusFixture fixture) : IDisposable
{
    private readonly SmallCorpus _small = SharedCorpus.Folder is null ? null! : new SmallCorpus();

    public void Dispose() => _small?.Dispose();

    [CorpusFact]
    public async Task Bench_scale_2_on_SQLite_measures_both_multiples_then_reuses_the_stores()
    {
        var work = _small.NewFolder("work");
        var run = await CliProcess.RunAsync(BenchArguments(work, "--json"));

        Assert.True(run.ExitCode == 0, run.ToString());
        using (var json = JsonDocument.Parse(run.Stdout))
        {
            var root = json.RootElement;
            Assert.Equal([1, 2], root.GetProperty("multiples").EnumerateArray().Select(m => m.GetInt32()));
            Assert.Contains("0 embedded", root.GetProperty("vectorSource").GetString(), StringComparison.Ordinal);
            var rows = root.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(2, rows.Count);
            foreach (var row in rows)
            {
                Assert.Equal("SQLite", row.GetProperty("backend").GetString());
                var multiple = row.GetProperty("multiple").GetInt32();
                Assert.Equal("Built", row.GetProperty("ingest").GetProperty("status").GetString());
                AssertMeasured(row.GetProperty("measurement"), multiple);
            }
            Assert.Contains(root.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("PostgreSQL skipped", StringComparison.Ordinal));
        }

        // The second run finds both stores complete: nothing is written or embedded, and the table shows both multiples.
        var again = await CliProcess.RunAsync(BenchArguments(work));
        Assert.True(again.ExitCode == 0, again.ToString());
        var lines = again.Stdout.Split('\n');
        Assert.Single(lines, l => l.StartsWith("SQLite ", StringComparison.Ordinal) && l.Contains(" 1x ", StringComparison.Ordinal) && l.Contains("reused", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("SQLite ", StringComparison.Ordinal) && l.Contains(" 2x ", StringComparison.Ordinal) && l.Contains("reused", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("growth SQLite", StringComparison.Ordinal));
        Assert.Contains("vectors: not needed", again.Stdout, StringComparison.Ordinal);
    }

    [PostgresCorpusFact]
    public async Task Bench_scale_2_with_PostgreSQL_measures_both_backends_side_by_side_and_checks_the_target()
    {
        var prefix = "lbt_scale_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            var run = await CliProcess.RunAsync([.. BenchArguments(_small.NewFolder("work"), "--json"), "--postgres", PostgresTestDatabase.ServerConnectionString!, "--pg-prefix", prefix]);

            Assert.True(run.ExitCode == 0, run.ToString());
            using var json = JsonDocument.Parse(run.Stdout);
            var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(4, rows.Count);
            foreach (var backend in new[] { "SQLite", "PostgreSQL" })
            {
                foreach (var multiple in new[] { 1, 2 })
                {
                    var row = Assert.Single(rows, r => r.GetProperty("backend").GetString() == backend && r.GetProperty("multiple").GetInt32() == multiple);
                    AssertMeasured(row.GetProperty("measurement"), multiple);
                }
            }
            var target = json.RootElement.GetProperty("target");
            Assert.Equal(2, target.GetProperty("multiple").GetInt32());
            Assert.Matches(@"^target: PG answer p95 @2x = [0-9.]+ ms vs 3 × SQLite @1x = [0-9.]+ ms → (PASS|FAIL) \(medians: [0-9.]+ ms vs [0-9.]+ ms, ×[0-9.]+\)$", json.RootElement.GetProperty("targetLine").GetString());
        }
        finally
        {
            await using var connection = new NpgsqlConnection(PostgresTestDatabase.ServerConnectionString);
            await connection.OpenAsync();
            foreach (var multiple in new[] { 1, 2 })
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{prefix}_{multiple}x\" WITH (FORCE);", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }
    }

    private string[] BenchArguments(string work, params string[] more) =>
    [
        "bench", "--scale", "2", "--corpus", _small.LabelFolder, "--dev-set", _small.DevSet, "--seed-db", fixture.DatabasePath,
        "--work", work, "--rounds", "1", .. more,
    ];

    /// <summary>A measured cell: the right corpus size, every question timed, the real labels found.</summary>
    private void AssertMeasured(JsonElement measurement, int multiple)
    {
        Assert.Equal(JsonValueKind.Object, measurement.ValueKind);
        Assert.Equal(SmallCorpus.Files.Length * multiple, measurement.GetProperty("labels").GetInt32());
        Assert.Equal(_small.Corpus.PassagesPerCopy * multiple, measurement.GetProperty("passages").GetInt32());
        Assert.Equal(_small.QuestionCount, measurement.GetProperty("retrieval").GetProperty("count").GetInt32());
        Assert.Equal(_small.QuestionCount, measurement.GetProperty("answers").GetProperty("count").GetInt32());
        Assert.True(measurement.GetProperty("recallAt5").GetDouble() >= 0.5,
            "recall@5 " + measurement.GetProperty("recallAt5").GetDouble().ToString(CultureInfo.InvariantCulture));
        Assert.True(measurement.GetProperty("labelAnswers").GetInt32() > 0);
        Assert.Equal(0, measurement.GetProperty("citationsOfCopies").GetInt32());
        Assert.True(measurement.GetProperty("answers").GetProperty("p95Ms").GetDouble() > 0);
        Assert.True(measurement.GetProperty("peakWorkingSetBytes").GetInt64() > 0);
        Assert.True(measurement.GetProperty("storeBytes").GetInt64() > 0);
    }
}
