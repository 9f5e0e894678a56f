using System.Globalization;
using System.Text;

namespace LabelBot.Benchmarks;

/// <summary>One backend at one multiple: how its store was filled and what was measured (or why it could not be).</summary>
public sealed record ScaleRow(
    string Backend,
    int Multiple,
    string Location,
    ScaleIngest Ingest,
    ScaleIngest? LastBuild,
    ScaleCellMeasurement? Measurement,
    string? Error = null);

/// <summary>
/// "PG answer p95 at the largest multiple within 3 × SQLite's at 1x" (the issue's target). The p50s ride along: on a
/// shared machine the p95s follow the load, the medians much less.
/// </summary>
public sealed record ScaleTarget(
    string Backend,
    int Multiple,
    double AnswerP95Ms,
    double AnswerP50Ms,
    string BaselineBackend,
    double BaselineAnswerP95Ms,
    double BaselineAnswerP50Ms,
    double Factor)
{
    public double LimitMs => Factor * BaselineAnswerP95Ms;

    public bool Passed => AnswerP95Ms <= LimitMs;
}

/// <summary>The whole scale run: corpus, vectors, rows, and the target check; <see cref="ToText"/> is what `bench --scale` prints.</summary>
public sealed record ScaleBenchReport(
    string Corpus,
    int LabelsPerCopy,
    int PassagesPerCopy,
    IReadOnlyList<int> Multiples,
    string DevSet,
    int Questions,
    int Rounds,
    string VectorSource,
    IReadOnlyList<ScaleRow> Rows,
    IReadOnlyList<string> Notes)
{
    public const double TargetFactor = 3.0;

    /// <summary>PostgreSQL's answer p95 at the largest multiple against SQLite's at 1x; null when either was not measured.</summary>
    public ScaleTarget? Target
    {
        get
        {
            var largest = Multiples.Count == 0 ? 0 : Multiples.Max();
            var postgres = Find(PostgresName, largest);
            var sqlite = Find(SqliteName, 1);
            return postgres is null || sqlite is null
                ? null
                : new ScaleTarget(PostgresName, largest, postgres.Answers.P95Ms, postgres.Answers.P50Ms,
                    SqliteName, sqlite.Answers.P95Ms, sqlite.Answers.P50Ms, TargetFactor);
        }
    }

    private const string PostgresName = "PostgreSQL";
    private const string SqliteName = "SQLite";

    public ScaleCellMeasurement? Find(string backend, int multiple) =>
        Rows.FirstOrDefault(r => r.Backend == backend && r.Multiple == multiple)?.Measurement;

    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"scale benchmark: {Corpus}: {LabelsPerCopy} labels / {PassagesPerCopy:N0} passages per 1x; multiples {string.Join(", ", Multiples.Select(m => $"{m}x"))}");
        text.AppendLine(c, $"questions: {Questions} from {DevSet} x {Rounds} timed rounds (after one warm-up pass); hybrid retrieval; extractive answers through AnswerEngine");
        text.AppendLine(c, $"vectors: {VectorSource}");
        text.AppendLine();
        text.AppendLine("backend      scale  labels  passages  size MiB  ingest                               retrieval p50/p95 ms  recall@5  answer p50/p95 ms  peak WS MiB  heap MiB");
        foreach (var row in Rows.OrderBy(r => r.Multiple).ThenBy(r => r.Backend == PostgresName ? 1 : 0))
        {
            var m = row.Measurement;
            if (m is null)
            {
                text.AppendLine(c, $"{row.Backend,-12} {row.Multiple,4}x  {IngestText(row),-36}  not measured: {row.Error}");
                continue;
            }
            text.AppendLine(c,
                $"{row.Backend,-12} {row.Multiple,4}x {m.Labels,7:N0} {m.Passages,9:N0} {m.StoreBytes / 1048576.0,9:F1}  {IngestText(row),-36} {m.Retrieval.P50Ms,9:F1} / {m.Retrieval.P95Ms,6:F1}  {m.RecallAt5,8:F3} {m.Answers.P50Ms,8:F1} / {m.Answers.P95Ms,6:F1} {m.PeakWorkingSetBytes / 1048576.0,12:F0} {m.ManagedHeapBytes / 1048576.0,9:F0}");
        }
        text.AppendLine();
        foreach (var line in GrowthLines())
        {
            text.AppendLine(line);
        }
        text.AppendLine(TargetLine());
        foreach (var row in Rows.Where(r => r.Measurement is { } m && (m.CitationsOfCopies > 0 || m.RecallAt5 < 0.95)))
        {
            var m = row.Measurement!;
            text.AppendLine(c, $"warning: {row.Backend} {row.Multiple}x recall@5 {m.RecallAt5:F3}, {m.CitationsOfCopies} citations of synthetic copies (questions name real products only)");
        }
        foreach (var note in Notes)
        {
            text.AppendLine(c, $"note: {note}");
        }
        return text.ToString();
    }

    /// <summary>Per backend: p95 and memory at each larger multiple relative to the same backend at 1x.</summary>
    public IReadOnlyList<string> GrowthLines()
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>();
        foreach (var backend in Rows.Select(r => r.Backend).Distinct())
        {
            var baseline = Find(backend, 1);
            var larger = Multiples.Where(m => m > 1).Select(m => (Multiple: m, Cell: Find(backend, m))).Where(x => x.Cell is not null).ToList();
            if (baseline is null || larger.Count == 0)
            {
                continue;
            }
            string Ratios(Func<ScaleCellMeasurement, double> of) =>
                string.Join(", ", larger.Select(x => string.Create(c, $"{x.Multiple}x {Ratio(of(x.Cell!), of(baseline))}")));
            lines.Add(string.Create(c,
                $"growth {backend} (relative to 1x): answer p50 {Ratios(m => m.Answers.P50Ms)}, p95 {Ratios(m => m.Answers.P95Ms)}; " +
                $"retrieval p50 {Ratios(m => m.Retrieval.P50Ms)}, p95 {Ratios(m => m.Retrieval.P95Ms)}; " +
                $"store size {Ratios(m => m.StoreBytes)}; peak working set {Ratios(m => m.PeakWorkingSetBytes)}"));
        }
        return lines;
    }

    public string TargetLine()
    {
        var target = Target;
        if (target is null)
        {
            return "target: PostgreSQL answer p95 at the largest multiple vs 3 × SQLite at 1x: not checked (a backend was not measured)";
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"target: PG answer p95 @{target.Multiple}x = {target.AnswerP95Ms:F1} ms vs {target.Factor:0} × SQLite @1x = {target.LimitMs:F1} ms → {(target.Passed ? "PASS" : "FAIL")}"
            + $" (medians: {target.AnswerP50Ms:F1} ms vs {target.BaselineAnswerP50Ms:F1} ms, {Ratio(target.AnswerP50Ms, target.BaselineAnswerP50Ms)})");
    }

    private static string Ratio(double value, double baseline) =>
        baseline <= 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"×{value / baseline:0.00}");

    private static string IngestText(ScaleRow row)
    {
        var c = CultureInfo.InvariantCulture;
        if (row.Ingest.Status == ScaleIngestStatus.Reused)
        {
            return row.LastBuild is { } last
                ? string.Create(c, $"reused (built in {last.Seconds:F1} s, {last.PassagesPerSecond:F0} p/s)")
                : "reused";
        }
        var verb = row.Ingest.Status == ScaleIngestStatus.Built ? "built" : "resumed";
        return string.Create(c, $"{verb} {row.Ingest.Seconds:F1} s, {row.Ingest.LabelsPerSecond:F1} l/s, {row.Ingest.PassagesPerSecond:F0} p/s");
    }
}
