using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LabelBot.Bot.Hosting;
using LabelBot.Bot.Tests.Infrastructure;

namespace LabelBot.Bot.Tests.ScaleOut;

/// <summary>
/// The real bot host as a separate OS process (`dotnet LabelBot.Bot.dll --urls …`), as a second machine behind Azure
/// Bot Service would run it: nothing is shared with the test process except the database.
/// </summary>
internal sealed partial class BotHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BotHostProcess(Process process)
    {
        _process = process;
        Http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>Known once the host has announced the port it bound (see <see cref="WaitUntilReadyAsync"/>).</summary>
    public Uri? BaseUrl { get; private set; }

    public HttpClient Http { get; }

    /// <summary>What the host printed (for failure messages).</summary>
    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public static BotHostProcess Start(IReadOnlyDictionary<string, string> environment, params string[] settings)
    {
        var hostDll = typeof(BotHost).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(hostDll);
        start.ArgumentList.Add("--urls");
        // Port 0: the host binds a free port itself and announces it (no window in which another socket can take it).
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var setting in RunningBotHost.TestDeadlines.Select(kv => $"--{kv.Key}={kv.Value}").Concat(settings))
        {
            start.ArgumentList.Add(setting);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = new Process { StartInfo = start };
        var host = new BotHostProcess(process);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits for the host to announce its address, then polls /healthz until it reports its labels loaded.</summary>
    public async Task<int> WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Host exited with {_process.ExitCode}: {Output}");
            }
            if (BaseUrl is null)
            {
                if (AnnouncedAddress().Match(Output) is { Success: true } announced)
                {
                    BaseUrl = new Uri(announced.Groups[1].Value + "/");
                    Http.BaseAddress = BaseUrl;
                }
                else
                {
                    await Task.Delay(100);
                    continue;
                }
            }
            try
            {
                using var response = await Http.GetAsync(new Uri("healthz", UriKind.Relative));
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    using var json = JsonDocument.Parse(body);
                    return json.RootElement.GetProperty("labels").GetInt32();
                }
                if (body.Contains("\"failed\"", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("Host failed to start: " + body + "\n" + Output);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Host at {BaseUrl} not ready after {timeout}: {Output}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output) { _output.AppendLine(line); }
        }
    }

    [GeneratedRegex(@"LabelBot web chat is at (http://127\.0\.0\.1:\d+)/")]
    private static partial Regex AnnouncedAddress();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
