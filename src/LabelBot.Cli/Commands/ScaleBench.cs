using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using LabelBot.Benchmarks;
using LabelBot.Runtime;
using LabelBot.Search.Benchmarks;
using LabelBot.Search.Embedding;

namespace LabelBot.Cli.Commands;

/// <summary>
/// `bench --scale N`: fills (or reuses) one store per backend and multiple (1x, 10x, N x the corpus), then measures each
/// in its own child process (`bench --scale-cell BACKEND --multiple M`), so every cell's peak memory is its own, and
/// prints them side by side with the growth relative to 1x and the PostgreSQL-at-N x versus SQLite-at-1x target.
/// </summary>
internal sealed class ScaleBench
{
    public const string CellOption = "scale-cell";
    private const string DefaultPostgresPrefix = "labelbot_bench";

    private readonly BenchCommand.Settings _settings;
    private readonly TextWriter _log;
    private readonly string _root;

    private ScaleBench(BenchCommand.Settings settings, TextWriter log, string root)
    {
        _settings = settings;
        _log = log;
        _root = root;
    }

    public static bool IsRequested(BenchCommand.Settings settings) => settings.Scale.Scale is not null || settings.Scale.Cell is not null;

    public static Task<int> RunAsync(BenchCommand.Settings settings, string root, CancellationToken cancellationToken)
    {
        var bench = new ScaleBench(settings, settings.Json ? Console.Error : Console.Out, root);
        return settings.Scale.Cell is { } backend
            ? bench.RunCellAsync(backend, cancellationToken)
            : bench.RunAllAsync(cancellationToken);
    }

    private string WorkFolder => Path.GetFullPath(_settings.Scale.Work ?? Path.Combine(_root, "artifacts", "bench-scale"));

    private string DevSet => Path.GetFullPath(_settings.Scale.DevSet ?? Path.Combine(_root, "tests", "LabelBot.Search.Tests", "Data", "retrieval-dev.jsonl"));

    private int Rounds => Math.Max(1, _settings.Rounds ?? 3);

    private string PostgresPrefix => _settings.Scale.PgPrefix ?? DefaultPostgresPrefix;

    private static string? PostgresConnection(BenchCommand.Settings settings) =>
        settings.Scale.Postgres is { Length: > 0 } given ? given
        : Environment.GetEnvironmentVariable(LabelBotPaths.PostgresEnvironmentVariable) is { Length: > 0 } env ? env
        : null;

    private async Task<int> RunAllAsync(CancellationToken cancellationToken)
    {
        var scale = _settings.Scale.Scale ?? 100;
        if (scale is < 1 or > SyntheticNames.MaxCopy)
        {
            throw new CliUsageException($"--scale must be between 1 and {SyntheticNames.MaxCopy}");
        }
        var multiples = new[] { 1, 10, scale }.Where(m => m <= scale).Distinct().Order().ToList();
        var corpusFolder = _settings.Scale.Corpus is { } given ? Path.GetFullPath(given)
            : LabelBotPaths.SharedCorpusFolder() ?? LabelBotPaths.DefaultLabelsFolder()
            ?? throw new CliFailureException("no labels to scale: pass --corpus DIR (neither ../shared/labels/spl nor data/labels exists)");
        if (!File.Exists(DevSet))
        {
            throw new CliFailureException($"no question set at {DevSet}; pass --dev-set FILE");
        }
        var questions = RetrievalDevSet.Load(DevSet);

        var corpus = ScaledCorpus.Load(corpusFolder);
        _log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"corpus: {corpusFolder}: {corpus.Originals.Count} labels, {corpus.PassagesPerCopy:N0} passages per copy; multiples {string.Join(", ", multiples.Select(m => $"{m}x"))}; work folder {WorkFolder}"));
        var notes = corpus.Rejected.Select(r => "not parsed: " + r).ToList();

        var backends = new List<IScaleBackend> { new SqliteScaleBackend(WorkFolder) };
        var postgres = PostgresConnection(_settings);
        if (postgres is null)
        {
            notes.Add($"PostgreSQL skipped: no connection string (pass --postgres CONNSTR or set {LabelBotPaths.PostgresEnvironmentVariable}).");
        }
        else
        {
            backends.Add(new PostgresScaleBackend(postgres, PostgresPrefix));
        }

        var vectors = new Lazy<Task<PassageVectorMap>>(() => BuildVectorMapAsync(corpus, cancellationToken));
        var records = new ScaleBuildRecords(WorkFolder);
        var built = new List<(IScaleBackend Backend, int Multiple, string Location, ScaleIngest Ingest, ScaleIngest? LastBuild)>();
        foreach (var backend in backends.ToList())
        {
            foreach (var multiple in multiples)
            {
                try
                {
                    var (location, ingest) = await EnsureStoreAsync(backend, corpus, multiple, vectors, cancellationToken);
                    var lastBuild = ingest.Status == ScaleIngestStatus.Reused
                        ? records.Read(backend.Key, multiple)
                        : records.Write(backend.Key, multiple, ingest);
                    built.Add((backend, multiple, location, ingest, lastBuild));
                }
                catch (ScaleBackendUnavailableException ex)
                {
                    notes.Add($"{backend.Name} skipped: {ex.Message}");
                    backends.Remove(backend);
                    break;
                }
            }
        }

        var loadBefore = LoadAverage();
        var rows = new List<ScaleRow>();
        foreach (var multiple in multiples)
        {
            foreach (var cell in built.Where(b => b.Multiple == multiple && backends.Contains(b.Backend)))
            {
                _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"measuring {cell.Backend.Name} {multiple}x ({questions.Count} questions x {Rounds} rounds) …"));
                var (measurement, error) = await MeasureInChildAsync(cell.Backend, multiple, postgres, cancellationToken);
                rows.Add(new ScaleRow(cell.Backend.Name, multiple, cell.Location, cell.Ingest, cell.LastBuild, measurement, error));
            }
        }

        if (loadBefore is not null)
        {
            // Latencies on a shared 2-core machine move with what else runs: say how busy it was.
            notes.Add($"load average (1/5/15 min) {loadBefore} before measuring, {LoadAverage()} after, on {Environment.ProcessorCount} cores");
        }
        var vectorSource = vectors.IsValueCreated
            ? Describe(await vectors.Value)
            : "not needed (every store was reused)";
        var report = new ScaleBenchReport(corpusFolder, corpus.Originals.Count, corpus.PassagesPerCopy, multiples, DevSet, questions.Count, Rounds,
            vectorSource, rows, notes);
        if (_settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                report.Corpus, report.LabelsPerCopy, report.PassagesPerCopy, report.Multiples, report.DevSet, report.Questions, report.Rounds,
                report.VectorSource, report.Rows, growth = report.GrowthLines(), target = report.Target, targetLine = report.TargetLine(), report.Notes,
            }, CliJson.Options));
        }
        else
        {
            Console.Write(report.ToText());
        }
        return rows.Any(r => r.Measurement is null) ? 1 : 0;
    }

    /// <summary>Opens the store of one multiple and makes it hold exactly that corpus (reset first when it holds another).</summary>
    private async Task<(string Location, ScaleIngest Ingest)> EnsureStoreAsync(IScaleBackend backend, ScaledCorpus corpus, int multiple,
        Lazy<Task<PassageVectorMap>> vectors, CancellationToken cancellationToken)
    {
        var expected = corpus.Originals.Count * multiple;
        var nextReport = 0;
        var progress = new InlineProgress<int>(stored =>
        {
            if (stored * 10 >= nextReport * expected)
            {
                _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {backend.Name} {multiple}x: {stored:N0}/{expected:N0} labels stored"));
                nextReport = stored * 10 / expected + 1;
            }
        });
        for (var attempt = 0; ; attempt++)
        {
            var store = await backend.OpenAsync(multiple, cancellationToken);
            await using (store)
            {
                try
                {
                    var ingest = await ScaledCorpusWriter.EnsureAsync(store.Store, corpus, multiple, _ => vectors.Value, progress, cancellationToken);
                    _log.WriteLine(ingest.Status == ScaleIngestStatus.Reused
                        ? $"{backend.Name} {multiple}x: reused {store.Location}"
                        : string.Create(CultureInfo.InvariantCulture,
                            $"{backend.Name} {multiple}x: {ingest.Status.ToString().ToLowerInvariant()} {store.Location}: {ingest.LabelsWritten:N0} labels, {ingest.PassagesWritten:N0} passages in {ingest.Seconds:F1} s ({ingest.LabelsPerSecond:F1} labels/s, {ingest.PassagesPerSecond:F0} passages/s)"));
                    return (store.Location, ingest);
                }
                catch (ScaleStoreMismatchException ex) when (attempt == 0)
                {
                    _log.WriteLine($"{backend.Name} {multiple}x: {ex.Message}; rebuilding it");
                }
            }
            await backend.ResetAsync(multiple, cancellationToken);
            new ScaleBuildRecords(WorkFolder).Forget(backend.Key, multiple);
        }
    }

    /// <summary>Vectors for the corpus's passages from stores that already hold it; the model embeds only what none has.</summary>
    private async Task<PassageVectorMap> BuildVectorMapAsync(ScaledCorpus corpus, CancellationToken cancellationToken)
    {
        var seeds = new List<string>();
        if (_settings.Scale.SeedDb is { } seed)
        {
            seeds.Add(Path.GetFullPath(seed));
        }
        seeds.Add(new SqliteScaleBackend(WorkFolder).PathOf(1));
        seeds.Add(Path.Combine(_root, "artifacts", "bench", "corpus.db"));
        var testCache = Path.Combine(_root, "artifacts", "test-cache");
        if (Directory.Exists(testCache))
        {
            seeds.AddRange(Directory.GetFiles(testCache, "corpus-*.db").OrderByDescending(File.GetLastWriteTimeUtc));
        }
        var watch = Stopwatch.StartNew();
        var map = await PassageVectorMap.BuildAsync(corpus.OriginalPassages.SelectMany(p => p), seeds, MiniLmEmbedder.Shared,
            Path.Combine(WorkFolder, "scratch"), cancellationToken);
        _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"vectors: {Describe(map)} in {watch.Elapsed.TotalSeconds:F1} s"));
        return map;
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux), or null where the system does not publish them.</summary>
    private static string? LoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length >= 3 ? string.Join(" / ", fields.Take(3)) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Describe(PassageVectorMap map) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{map.FromSeeds:N0} passage vectors reused from {(map.SeedsUsed.Count == 0 ? "no seed store" : string.Join(", ", map.SeedsUsed))}, {map.Embedded:N0} embedded");

    /// <summary>Runs one cell in a child process of this same CLI and reads its JSON; on failure, the child's last error line.</summary>
    private async Task<(ScaleCellMeasurement? Measurement, string? Error)> MeasureInChildAsync(IScaleBackend backend, int multiple, string? postgres, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Started as `dotnet labelbot.dll`: the child needs the same dll; as the apphost: nothing more.
        if (string.Equals(Path.GetFileNameWithoutExtension(start.FileName), "dotnet", StringComparison.OrdinalIgnoreCase)
            && Assembly.GetEntryAssembly()?.Location is { Length: > 0 } entry)
        {
            start.ArgumentList.Add(entry);
        }
        foreach (var arg in new[]
                 {
                     "bench", "--" + CellOption, backend.Key, "--multiple", multiple.ToString(CultureInfo.InvariantCulture),
                     "--work", WorkFolder, "--dev-set", DevSet, "--rounds", Rounds.ToString(CultureInfo.InvariantCulture),
                     "--pg-prefix", PostgresPrefix, "--json",
                 })
        {
            start.ArgumentList.Add(arg);
        }
        // The connection string (it may hold a password) goes by environment, never on a command line.
        if (postgres is not null)
        {
            start.Environment[LabelBotPaths.PostgresEnvironmentVariable] = postgres;
        }

        using var child = Process.Start(start) ?? throw new CliFailureException("could not start a benchmark child process");
        var stdout = child.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = child.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await child.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw;
        }
        var output = await stdout;
        var errors = await stderr;
        if (child.ExitCode == 0)
        {
            try
            {
                if (JsonSerializer.Deserialize<ScaleCellMeasurement>(output, CliJson.Options) is { } measurement)
                {
                    return (measurement, null);
                }
            }
            catch (JsonException)
            {
                // reported below with the child's own words
            }
        }
        var reason = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? $"exit code {child.ExitCode}";
        _log.WriteLine($"{backend.Name} {multiple}x failed: {reason}");
        return (null, reason);
    }

    /// <summary>The child side: measure one already-filled store and print the measurement as JSON.</summary>
    private async Task<int> RunCellAsync(string backendKey, CancellationToken cancellationToken)
    {
        var multiple = _settings.Scale.Multiple ?? throw new CliUsageException("--scale-cell needs --multiple M");
        IScaleBackend backend = backendKey switch
        {
            "sqlite" => new SqliteScaleBackend(WorkFolder),
            "postgres" => new PostgresScaleBackend(
                PostgresConnection(_settings) ?? throw new CliUsageException($"--scale-cell postgres needs {LabelBotPaths.PostgresEnvironmentVariable}"), PostgresPrefix),
            _ => throw new CliUsageException("--scale-cell must be sqlite or postgres"),
        };
        var questions = RetrievalDevSet.Load(DevSet);
        var answering = RuntimeOpener.Options(_settings.Store).Answering;
        await using var store = await backend.OpenAsync(multiple, cancellationToken);
        var measurement = await ScaleCellBenchmark.RunAsync(backend.Name, multiple, store, questions, MiniLmEmbedder.Shared, answering, Rounds, cancellationToken);
        Console.WriteLine(JsonSerializer.Serialize(measurement, CliJson.Options));
        return 0;
    }
}

/// <summary>Reports on the writer's own thread, in order (<see cref="Progress{T}"/> would post to the thread pool).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
