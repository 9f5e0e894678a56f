namespace LabelBot.Benchmarks.Tests;

/// <summary>The side-by-side table, growth ratios and target check of `bench --scale`, from known measurements.</summary>
public sealed class ScaleReportTests
{
    [Fact]
    public void Target_compares_PostgreSQL_at_the_largest_multiple_with_three_times_SQLite_at_1x()
    {
        var passing = Report(sqliteAt1xP95: 20, postgresAt100xP95: 59.9);
        Assert.True(passing.Target!.Passed);
        Assert.Equal(60, passing.Target.LimitMs, 6);
        Assert.Equal(100, passing.Target.Multiple);
        Assert.Contains("target: PG answer p95 @100x = 59.9 ms vs 3 × SQLite @1x = 60.0 ms → PASS", passing.ToText(), StringComparison.Ordinal);

        var failing = Report(sqliteAt1xP95: 20, postgresAt100xP95: 60.1);
        Assert.False(failing.Target!.Passed);
        Assert.Contains("→ FAIL", failing.TargetLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void Growth_is_relative_to_the_same_backend_at_1x_and_every_cell_gets_a_row()
    {
        var report = Report(sqliteAt1xP95: 20, postgresAt100xP95: 50);
        var growth = report.GrowthLines();

        Assert.Equal(2, growth.Count);
        // PostgreSQL 1x answer p95 is 25 ms (see Report): 10x 30 ms → ×1.20, 100x 50 ms → ×2.00.
        Assert.Contains("growth PostgreSQL (relative to 1x): answer p50 10x ×1.20, 100x ×2.00, p95 10x ×1.20, 100x ×2.00;", growth[1], StringComparison.Ordinal);
        var rows = report.ToText().Split('\n').Where(l => l.StartsWith("SQLite ", StringComparison.Ordinal) || l.StartsWith("PostgreSQL ", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, rows.Count);
        Assert.Contains(rows, r => r.Contains("reused (built in 120.0 s", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_PostgreSQL_row_the_target_is_not_checked()
    {
        var full = Report(sqliteAt1xP95: 20, postgresAt100xP95: 50);
        var sqliteOnly = full with { Rows = full.Rows.Where(r => r.Backend == "SQLite").ToList() };

        Assert.Null(sqliteOnly.Target);
        Assert.Contains("not checked", sqliteOnly.TargetLine(), StringComparison.Ordinal);
        Assert.Single(sqliteOnly.GrowthLines());
    }

    private static ScaleBenchReport Report(double sqliteAt1xP95, double postgresAt100xP95)
    {
        var rows = new List<ScaleRow>();
        foreach (var (backend, multiple, p95) in new[]
                 {
                     ("SQLite", 1, sqliteAt1xP95), ("SQLite", 10, 22.0), ("SQLite", 100, 40.0),
                     ("PostgreSQL", 1, 25.0), ("PostgreSQL", 10, 30.0), ("PostgreSQL", 100, postgresAt100xP95),
                 })
        {
            var measurement = new ScaleCellMeasurement(backend, multiple, 29 * multiple, 2672 * multiple, 8_000_000L * multiple, 77, 3, 1.0, 100,
                new LatencySummary(231, p95 / 2, p95, p95 * 2), 1.0, 100, new LatencySummary(231, p95, p95, p95 * 2), 46, 0, 500L << 20, 20L << 20);
            var ingest = multiple == 100
                ? new ScaleIngest(ScaleIngestStatus.Reused, 0, 0, 0)
                : new ScaleIngest(ScaleIngestStatus.Built, 29 * multiple, 2672 * multiple, multiple);
            var lastBuild = multiple == 100 ? new ScaleIngest(ScaleIngestStatus.Built, 2900, 267_200, 120) : ingest;
            rows.Add(new ScaleRow(backend, multiple, "somewhere", ingest, lastBuild, measurement));
        }
        return new ScaleBenchReport("corpus", 29, 2672, [1, 10, 100], "dev.jsonl", 77, 3, "2,462 reused, 0 embedded", rows, []);
    }
}
