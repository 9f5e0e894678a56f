using System.Diagnostics;

namespace LabelBot.Testing;

/// <summary>What one run of the CLI printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs the real CLI (labelbot.dll, built next to the tests) as a child process, the way a user runs it. Linked into every test project that runs the CLI. The child gets
/// no LabelBot, Answering or Llm settings from the test environment, so every run is offline and uses only --db.
/// </summary>
public static class CliProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static Task<CliRun> RunAsync(params string[] args) => RunWithEnvironmentAsync(new Dictionary<string, string>(), args);

    /// <summary>The same, with the given environment variables set for the child (after the test environment's are removed).</summary>
    public static async Task<CliRun> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "labelbot.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var key in start.Environment.Keys.Where(IsLabelBotSetting).ToList())
        {
            start.Environment.Remove(key);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the CLI");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"labelbot {string.Join(' ', args)} did not finish within {Timeout}");
        }
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    private static bool IsLabelBotSetting(string key) =>
        key.StartsWith("LABELBOT_", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("Llm", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("Answering", StringComparison.OrdinalIgnoreCase);
}
