using System.Diagnostics;
using System.Text;

namespace LabelBot.Cli.Tests;

/// <summary>
/// Starts the real CLI (labelbot.dll beside the tests) for the storage-fault tests: like <see cref="CliProcess"/>, but
/// the caller may kill it midway, watch its output as it comes, or run it without the right to override file modes.
/// </summary>
internal sealed class StorageFaultsCli : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private StorageFaultsCli(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    public static StorageFaultsCli Start(bool enforceFileModes, params string[] args)
    {
        var start = new ProcessStartInfo(enforceFileModes && FileModes.NeedsCapabilityDrop ? FileModes.SetPriv : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (enforceFileModes && FileModes.NeedsCapabilityDrop)
        {
            foreach (var arg in FileModes.DropArguments)
            {
                start.ArgumentList.Add(arg);
            }
            start.ArgumentList.Add("dotnet");
        }
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "labelbot.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // Same isolation as CliProcess: no LabelBot, Answering or Llm settings leak in from the test environment.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("LABELBOT_", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("Llm", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Answering", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the CLI");
        process.StandardInput.Close();
        return new StorageFaultsCli(process);
    }

    public static async Task<CliRun> RunAsync(bool enforceFileModes, params string[] args)
    {
        using var cli = Start(enforceFileModes, args);
        return await cli.WaitAsync(TimeSpan.FromMinutes(5));
    }

    public async Task<CliRun> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the CLI did not finish within {timeout}:\n{Snapshot()}");
        }
        _process.WaitForExit(); // flushes the asynchronous output readers
        return new CliRun(_process.ExitCode, Text(_stdout), Text(_stderr));
    }

    /// <summary>Kills the CLI and every child of it at once, as a crash or `kill -9` would.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public string Snapshot() => new CliRun(_process.HasExited ? _process.ExitCode : -1, Text(_stdout), Text(_stderr)).ToString();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (buffer)
        {
            buffer.Append(line).Append('\n');
        }
    }

    private static string Text(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }
}

/// <summary>
/// Whether a test can make the kernel refuse writes to a chmod-ed file. Root ignores file modes (CAP_DAC_OVERRIDE), and
/// CI runs the tests as root; there the CLI is started through setpriv without that capability (and without
/// CAP_DAC_READ_SEARCH), so a 0444 file or a 0555 folder is as read-only to it as to any user. No mount, no fake.
/// </summary>
internal static class FileModes
{
    public const string SetPriv = "/usr/bin/setpriv";

    public static readonly string[] DropArguments = ["--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search"];

    private static readonly Lazy<string?> Problem = new(FindProblem);

    public static bool NeedsCapabilityDrop => Environment.IsPrivilegedProcess;

    /// <summary>Why file modes cannot be enforced here, or null when they can.</summary>
    public static string? Unenforceable => Problem.Value;

    private static string? FindProblem()
    {
        if (OperatingSystem.IsWindows())
        {
            return "POSIX file modes only";
        }
        if (!NeedsCapabilityDrop)
        {
            return null;
        }
        if (!File.Exists(SetPriv))
        {
            return "running as root without setpriv (util-linux): a read-only file mode cannot be enforced";
        }
        // Prove the capability drop works here (a container may forbid it) on a real 0444 file.
        var probe = Path.Combine(Path.GetTempPath(), $"labelbot-ro-probe-{Guid.NewGuid():N}");
        File.WriteAllText(probe, "x");
        File.SetUnixFileMode(probe, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            var start = new ProcessStartInfo(SetPriv) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in DropArguments.Concat(["sh", "-c", "echo y >> \"$0\"", probe]))
            {
                start.ArgumentList.Add(arg);
            }
            using var process = Process.Start(start)!;
            process.WaitForExit(10_000);
            return process.ExitCode != 0 && File.ReadAllText(probe) == "x"
                ? null
                : "setpriv could not drop CAP_DAC_OVERRIDE here: a read-only file mode cannot be enforced";
        }
        finally
        {
            File.Delete(probe);
        }
    }
}

/// <summary>A fact that needs file modes the kernel enforces on the CLI (see <see cref="FileModes"/>); skipped with the reason otherwise.</summary>
internal sealed class FileModesTheoryAttribute : TheoryAttribute
{
    public FileModesTheoryAttribute()
    {
        if (FileModes.Unenforceable is { } reason)
        {
            Skip = reason;
        }
    }
}
