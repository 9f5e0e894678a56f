using System.Diagnostics;
using System.Globalization;

namespace LabelBot.Load.Sampling;

/// <summary>
/// One reading of the host process: resident set, the managed heap when the host runs in this process, and the CPU
/// time it has used so far (CPU per turn is a figure that stays meaningful on a machine others are loading too).
/// </summary>
public sealed record ProcessReading(long WorkingSetBytes, long? ManagedHeapBytes, TimeSpan? CpuTime);

/// <summary>Where the host process is read from.</summary>
public interface IProcessProbe
{
    /// <summary>For the report, e.g. "in-process" or "pid 1234".</summary>
    string Source { get; }

    /// <summary>The current reading; null once the process can no longer be read (it exited).</summary>
    ProcessReading? Read();
}

/// <summary>The host runs in this process: working set, GC heap and CPU time (the driver's own share is included, and small).</summary>
public sealed class InProcessProbe : IProcessProbe
{
    public string Source => "in-process";

    public ProcessReading? Read()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessReading(process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false), process.TotalProcessorTime);
    }
}

/// <summary>Another process on this machine (Linux): VmRSS from /proc/&lt;pid&gt;/status, CPU time from /proc/&lt;pid&gt;/stat.</summary>
public sealed class ProcFsProcessProbe(int processId) : IProcessProbe
{
    /// <summary>/proc counts CPU time in USER_HZ ticks, 100 a second on Linux whatever the kernel's own tick rate.</summary>
    private const double TicksPerSecond = 100;

    public string Source => string.Create(CultureInfo.InvariantCulture, $"pid {processId}");

    public ProcessReading? Read()
    {
        string status;
        string stat;
        try
        {
            status = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{processId}/status"));
            stat = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{processId}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return TryParseResidentBytes(status) is { } bytes ? new ProcessReading(bytes, null, TryParseCpuTime(stat)) : null;
    }

    /// <summary>The "VmRSS:   123456 kB" line of a /proc status file, in bytes.</summary>
    public static long? TryParseResidentBytes(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        foreach (var line in status.Split('\n'))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                continue;
            }
            var parts = line["VmRSS:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[1] == "kB" && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
            {
                return kilobytes * 1024;
            }
        }
        return null;
    }

    /// <summary>utime + stime (fields 14 and 15) of a /proc stat line; the command name before them may hold spaces, so fields count from its ')'.</summary>
    public static TimeSpan? TryParseCpuTime(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }
        // After ")": field 3 (state) is index 0, so utime (14) is index 11 and stime (15) index 12.
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 12
            && long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            && long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system)
                ? TimeSpan.FromSeconds((user + system) / TicksPerSecond)
                : null;
    }
}
