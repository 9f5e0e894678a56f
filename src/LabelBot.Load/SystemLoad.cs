using System.Globalization;

namespace LabelBot.Load;

/// <summary>The machine's load averages (1, 5, 15 minutes), so a report says how busy the machine was besides our load.</summary>
public sealed record SystemLoad(double OneMinute, double FiveMinutes, double FifteenMinutes)
{
    /// <summary>From /proc/loadavg; null where there is none (not Linux).</summary>
    public static SystemLoad? TryRead()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? Parse(File.ReadAllText("/proc/loadavg")) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static SystemLoad? Parse(string loadavg)
    {
        ArgumentNullException.ThrowIfNull(loadavg);
        var parts = loadavg.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var one)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var five)
            && double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var fifteen)
                ? new SystemLoad(one, five, fifteen)
                : null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{OneMinute:0.00} {FiveMinutes:0.00} {FifteenMinutes:0.00}");
}
