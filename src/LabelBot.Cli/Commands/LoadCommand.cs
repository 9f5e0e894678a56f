using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LabelBot.Load;
using LabelBot.Load.Sampling;
using LabelBot.Load.Reporting;
using Microsoft.Extensions.Logging;

namespace LabelBot.Cli.Commands;

/// <summary>
/// `load [--url URL [--pid PID]] [--db FILE] [--conversations N] [--duration S] [--think-ms MS] [--soak] [--json]`:
/// N simulated web chat users talk to the bot over Direct Line at once for a bounded time; prints latency, throughput,
/// errors and the host's memory. Without --url the real host runs in this process over a copy of --db (so the synthetic
/// conversations never land in that database). --soak: 20 users, 2 s think time, 10 minutes, and memory growth must
/// stay within 10 %. Exit 0 when the run met its targets (no errors; for a soak, the growth limit), 1 otherwise.
/// </summary>
public sealed class LoadCommand : ICliCommand
{
    public const double SoakGrowthLimitPercent = 10;

    private static readonly TimeSpan InProcessReadyTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RemoteReadyTimeout = TimeSpan.FromMinutes(1);

    public sealed record Settings(string? Url, int? Pid, StoreSettings Store, int? Conversations, int? DurationSeconds, int? ThinkMs, bool Soak, bool Json);

    private readonly Option<string?> _url = CliOptions.Text("--url", "URL", "drive a host that is already running (default: the real host in this process)");
    private readonly Option<int?> _pid = CliOptions.WholeNumber("--pid", "PID", "with --url: the host's process id, to sample its memory and CPU");
    private readonly StoreOptions _store = new();
    private readonly Option<int?> _conversations = CliOptions.WholeNumber("--conversations", "N", "simulated users, all at once (default 50, soak 20)");
    private readonly Option<int?> _duration = CliOptions.WholeNumber("--duration", "S", "seconds during which users start turns (default 60, soak 600)");
    private readonly Option<int?> _thinkMs = CliOptions.WholeNumber("--think-ms", "MS", "mean pause between a reply and the next question (default 1000, soak 2000)");
    private readonly Option<bool> _soak = CliOptions.Flag("--soak", "soak defaults, and memory growth is judged against 10 %");
    private readonly Option<bool> _json = CliOptions.Flag("--json", "print one JSON object");

    public Command Build()
    {
        var command = new Command("load",
            "load test over Direct Line: N concurrent conversations; latency p50/p95/max, turns/s, errors, host memory (--soak: 10 min, growth ≤ 10 %)")
            { _url, _pid, _conversations, _duration, _thinkMs, _soak, _json };
        _store.AddTo(command);
        CliOptions.Require(command, r => r.GetValue(_pid) is not null && r.GetValue(_url) is null,
            "--pid goes with --url (without --url the host runs in this process and is sampled directly)");
        CliOptions.Require(command, r => r.GetValue(_url) is not null && r.GetResult(_store.Db) is not null,
            "--db is for the in-process host; a host at --url uses its own database");
        CliOptions.Require(command, r => r.GetValue(_soak) && r.GetValue(_url) is not null && r.GetValue(_pid) is null,
            "--soak against --url needs --pid PID of the host, to sample its memory");
        CliOptions.Require(command, r => r.GetValue(_conversations) is < 1 or > 2000, "--conversations must be between 1 and 2000");
        CliOptions.Require(command, r => r.GetValue(_duration) is <= 0 || r.GetValue(_thinkMs) is < 0,
            "--duration must be positive and --think-ms not negative");
        command.SetAction((result, cancellationToken) => RunAsync(new Settings(result.GetValue(_url), result.GetValue(_pid), _store.Bind(result),
            result.GetValue(_conversations), result.GetValue(_duration), result.GetValue(_thinkMs), result.GetValue(_soak), result.GetValue(_json)), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var soak = settings.Soak;
        var options = Options(settings);
        var (url, pid) = (settings.Url, settings.Pid);
        var log = settings.Json ? Console.Error : Console.Out;
        // The driver logs the first error of each type, at Warning, on stderr: stdout belongs to the report.
        using var loggerFactory = LoggerFactory.Create(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Warning);
            logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            logging.AddSimpleConsole(formatter => formatter.SingleLine = true);
        });
        var logger = loggerFactory.CreateLogger("LabelBot.Load");

        var loadBefore = SystemLoad.TryRead();
        LoadReport report;
        string target;
        if (url is null)
        {
            (report, target) = await RunInProcessAsync(settings.Store, options, log, logger, cancellationToken);
        }
        else
        {
            (report, target) = await RunRemoteAsync(ParseUrl(url), pid, options, log, logger, cancellationToken);
        }
        var loadAfter = SystemLoad.TryRead();

        var verdict = Verdict.Of(report, soak);
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                mode = soak ? "soak" : "load",
                target,
                loadAverageBefore = loadBefore,
                loadAverageAfter = loadAfter,
                report,
                verdict,
            }, CliJson.Options));
        }
        else
        {
            Print(report, target, loadBefore, loadAfter, verdict);
        }
        return verdict.Passed ? 0 : 1;
    }

    private static LoadOptions Options(Settings settings)
    {
        var soak = settings.Soak;
        var preset = soak ? LoadOptions.Soak : new LoadOptions();
        var conversations = settings.Conversations ?? preset.Conversations;
        var duration = settings.DurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : preset.Duration;
        var think = settings.ThinkMs is { } ms ? TimeSpan.FromMilliseconds(ms) : preset.ThinkTime;
        return LoadBotTexts.Apply(preset with
        {
            Conversations = conversations,
            Duration = duration,
            ThinkTime = think,
            // A soak always measures growth: first vs last minute, or quarters of a shorter soak.
            GrowthWindow = soak ? TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, duration.Ticks / 4)) : preset.GrowthWindow,
        });
    }

    private static async Task<(LoadReport Report, string Target)> RunInProcessAsync(StoreSettings store, LoadOptions options, TextWriter log, ILogger logger, CancellationToken cancellationToken)
    {
        // Same refusal as every other verb for a missing or empty database (the host would otherwise seed it first).
        await (await RuntimeOpener.OpenPopulatedAsync(store, cancellationToken)).DisposeAsync();
        var databasePath = RuntimeOpener.DatabasePath(store.Db);
        using var copy = DatabaseCopy.Of(databasePath);
        log.WriteLine($"load: starting the bot host in this process over a copy of {databasePath} …");
        await using var host = await InProcessBotHost.StartAsync(copy.Path, InProcessReadyTimeout, cancellationToken);
        var target = string.Create(CultureInfo.InvariantCulture, $"in-process host at {host.BaseUrl} ({host.LabelCount} labels, {databasePath})");
        log.WriteLine(Announce(options, target));
        return (await RunAsync(host.BaseUrl, options, new InProcessProbe(), logger, cancellationToken), target);
    }

    private static async Task<(LoadReport Report, string Target)> RunRemoteAsync(Uri url, int? pid, LoadOptions options, TextWriter log, ILogger logger, CancellationToken cancellationToken)
    {
        IProcessProbe? probe = null;
        if (pid is { } processId)
        {
            probe = new ProcFsProcessProbe(processId);
            if (probe.Read() is null)
            {
                throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"cannot read the memory of process {processId} (/proc/{processId}/status)"));
            }
        }
        using (var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) })
        {
            await Ready(() => HostReadiness.WaitUntilReadyAsync(http, RemoteReadyTimeout, cancellationToken));
        }
        var target = pid is null ? $"{url} (memory not sampled: add --pid)" : string.Create(CultureInfo.InvariantCulture, $"{url} (pid {pid})");
        log.WriteLine(Announce(options, target));
        return (await RunAsync(url, options, probe, logger, cancellationToken), target);
    }

    private static async Task<LoadReport> RunAsync(Uri url, LoadOptions options, IProcessProbe? probe, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return await LoadRunner.RunAsync(url, options, probe, logger, cancellationToken);
        }
        catch (LoadRunException e)
        {
            throw new CliFailureException(e.Message);
        }
    }

    private static async Task Ready(Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new CliFailureException(e.Message);
        }
    }

    private static Uri ParseUrl(string url) =>
        Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
            ? parsed
            : throw new CliUsageException($"--url must be an http(s) address like http://127.0.0.1:5000, got '{url}'");

    private static string Announce(LoadOptions options, string target) => string.Create(CultureInfo.InvariantCulture,
        $"load: {options.Conversations} conversations for {options.Duration.TotalSeconds:0} s, think {options.ThinkTime.TotalMilliseconds:0} ms, against {target}");

    private static void Print(LoadReport report, string target, SystemLoad? loadBefore, SystemLoad? loadAfter, Verdict verdict)
    {
        var rows = new List<IReadOnlyList<string>>();
        void Row(string metric, string value) => rows.Add([metric, value]);
        var c = CultureInfo.InvariantCulture;
        Row("target", target);
        Row("conversations", string.Create(c, $"{report.Conversations} ({report.ConversationsStarted} started, {report.ConversationsAnswered} with an answer)"));
        Row("duration", string.Create(c, $"{report.DurationSeconds:0} s (elapsed {report.ElapsedSeconds:0.0} s), think {report.ThinkMs:0} ms"));
        Row("turns", string.Create(c, $"{report.Turns} ({report.Answered} answered, {report.TurnErrors} failed)"));
        Row("throughput", string.Create(c, $"{report.TurnsPerSecond:0.0} turns/s"));
        Row("latency send → reply", string.Create(c, $"p50 {report.Latency.P50Ms:0} ms  p95 {report.Latency.P95Ms:0} ms  max {report.Latency.MaxMs:0} ms  mean {report.Latency.MeanMs:0} ms"));
        Row("errors", report.Errors == 0 ? "0" : string.Create(c, $"{report.Errors}: {Counts(report.ErrorsByType)}"));
        Row("replies by kind", Counts(report.ReplyKinds));
        Row("questions by category", Counts(report.TurnsByCategory));
        if (report.Memory is { } memory)
        {
            Row($"memory ({memory.Source}) working set", $"start {MiB(memory.WorkingSetStartBytes)}  peak {MiB(memory.WorkingSetPeakBytes)}  end {MiB(memory.WorkingSetEndBytes)}");
            if (memory.ManagedHeapStartBytes is { } heapStart)
            {
                Row("memory managed heap", $"start {MiB(heapStart)}  peak {MiB(memory.ManagedHeapPeakBytes ?? 0)}  end {MiB(memory.ManagedHeapEndBytes ?? 0)}");
            }
            if (memory.Growth is { } growth)
            {
                Row(string.Create(c, $"memory growth (median of first vs last {growth.WindowSeconds:0} s)"),
                    string.Create(c, $"working set {growth.GrowthPercent:+0.0;-0.0;0.0} % ({MiB(growth.FirstWindowMedianBytes)} → {MiB(growth.LastWindowMedianBytes)})")
                    + (growth.ManagedHeapGrowthPercent is { } heap ? string.Create(c, $", managed heap {heap:+0.0;-0.0;0.0} %") : ""));
            }
        }
        else
        {
            Row("memory", "not sampled (add --pid for a host at --url)");
        }
        if (report.Cpu is { } cpu)
        {
            Row($"cpu ({cpu.Source})", string.Create(c, $"{cpu.CpuSeconds:0.0} s = {cpu.AverageCoresBusy:0.00} cores busy on average, {cpu.CpuMsPerAnsweredTurn:0} ms per answered turn"));
        }
        Row("load average (1/5/15 min)", $"before {loadBefore?.ToString() ?? "n/a"}, after {loadAfter?.ToString() ?? "n/a"}");
        CliTable.Write(["metric", "value"], rows);
        Console.WriteLine(verdict.ToText());
    }

    private static string Counts(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "-" : string.Join(", ", counts.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value}")));

    private static string MiB(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0} MiB");

    /// <summary>PASS when no turn failed and, for a soak, the working set grew by at most <see cref="SoakGrowthLimitPercent"/>.</summary>
    public sealed record Verdict(bool Passed, int Errors, double? MemoryGrowthPercent, double? MemoryGrowthLimitPercent)
    {
        public static Verdict Of(LoadReport report, bool soak)
        {
            var growth = report.Memory?.Growth?.GrowthPercent;
            var memoryOk = !soak || (growth is { } g && g <= SoakGrowthLimitPercent);
            return new Verdict(report.Errors == 0 && memoryOk, report.Errors, growth, soak ? SoakGrowthLimitPercent : null);
        }

        public string ToText()
        {
            var c = CultureInfo.InvariantCulture;
            var errors = string.Create(c, $"{Errors} errors (target 0)");
            var memory = MemoryGrowthLimitPercent is not { } limit
                ? ""
                : MemoryGrowthPercent is { } growth
                    ? string.Create(c, $", memory growth {growth:+0.0;-0.0;0.0} % (limit {limit:0} %)")
                    : ", memory growth not measured";
            return (Passed ? "PASS: " : "FAIL: ") + errors + memory;
        }
    }

    /// <summary>A private copy of the database (with its write-ahead log) in a temp folder, deleted afterwards.</summary>
    private sealed class DatabaseCopy : IDisposable
    {
        private readonly string _folder;

        private DatabaseCopy(string folder, string path)
        {
            _folder = folder;
            Path = path;
        }

        public string Path { get; }

        public static DatabaseCopy Of(string databasePath)
        {
            var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "labelbot-load-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(folder);
            var copy = System.IO.Path.Combine(folder, "labelbot.db");
            File.Copy(databasePath, copy);
            if (File.Exists(databasePath + "-wal"))
            {
                // Committed pages not yet checkpointed live in the WAL: without it the copy could miss labels.
                File.Copy(databasePath + "-wal", copy + "-wal");
            }
            return new DatabaseCopy(folder, copy);
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A pooled connection may still hold the file somewhere; temp is cleaned by the system.
            }
        }
    }
}
