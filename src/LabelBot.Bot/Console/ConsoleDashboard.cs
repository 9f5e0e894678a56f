using System.Globalization;
using System.Text.Json;
using LabelBot.Bot.Handoff;

namespace LabelBot.Bot.Console;

/// <summary>One bar of a chart: its label and its count.</summary>
public sealed record ChartPoint(string Label, int Value);

/// <summary>
/// A chart as the page draws it (chart.js reads <see cref="Json"/>) and as its table shows it: the same points, so the
/// numbers are readable without the picture or its colour.
/// </summary>
public sealed record ConsoleChart(string Id, string Title, string CategoryLabel, string ValueLabel, bool Horizontal, IReadOnlyList<ChartPoint> Points)
{
    public int Total => Points.Sum(p => p.Value);

    /// <summary>The chart's text alternative: every label with its count, or for a long series its total and its peak (the table has the rest).</summary>
    public string Summary => $"{Title}: " + (Points.Count == 0 ? "none"
        : Points.Count <= 12 ? string.Join(", ", Points.Select(p => $"{p.Label} {p.Value.ToString(CultureInfo.InvariantCulture)}"))
        : $"{Total.ToString(CultureInfo.InvariantCulture)} in all, most on {Peak.Label} ({Peak.Value.ToString(CultureInfo.InvariantCulture)})");

    private ChartPoint Peak => Points.MaxBy(p => p.Value)!;

    public string Json => JsonSerializer.Serialize(new
    {
        label = ValueLabel,
        horizontal = Horizontal,
        labels = Points.Select(p => p.Label),
        values = Points.Select(p => p.Value),
    });
}

/// <summary>The console home's figures: the waiting queue by named urgency, wait times, cases per day, not-helpful answers.</summary>
public sealed record DashboardModel(
    int Waiting,
    TimeSpan? MedianWait,
    TimeSpan? LongestWait,
    ConsoleChart WaitingByUrgency,
    ConsoleChart CasesPerDay,
    ConsoleChart NotHelpfulBySection,
    ConsoleChart NotHelpfulByLabel)
{
    public const int Days = 30;

    /// <param name="waiting">The waiting cases.</param>
    /// <param name="recent">Cases of any status (those filed in the last <see cref="Days"/> days are counted).</param>
    /// <param name="notHelpful">Answers marked not helpful, with the passages they cited.</param>
    /// <param name="now">The injected clock's now.</param>
    public static DashboardModel Build(
        IReadOnlyList<EscalationCaseSummary> waiting,
        IReadOnlyList<EscalationCaseSummary> recent,
        IReadOnlyList<FeedbackReviewItem> notHelpful,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        ArgumentNullException.ThrowIfNull(recent);
        ArgumentNullException.ThrowIfNull(notHelpful);
        var waits = waiting.Select(c => now - c.CreatedUtc).Order().ToList();
        TimeSpan? median = waits.Count == 0 ? null
            : waits.Count % 2 == 1 ? waits[waits.Count / 2]
            : (waits[(waits.Count / 2) - 1] + waits[waits.Count / 2]) / 2;

        // Every named level, also when nobody waits at it: an empty bar says as much as a full one.
        var byUrgency = ConsoleTexts.AllUrgencies
            .Select(u => new ChartPoint(u.Name, waiting.Count(c => c.Urgency == u.Level)))
            .ToList();

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var first = today.AddDays(1 - Days);
        var filed = recent.GroupBy(c => DateOnly.FromDateTime(c.CreatedUtc.UtcDateTime)).ToDictionary(g => g.Key, g => g.Count());
        var perDay = Enumerable.Range(0, Days)
            .Select(i => first.AddDays(i))
            .Select(day => new ChartPoint(day.ToString("MMM d", CultureInfo.InvariantCulture), filed.GetValueOrDefault(day)))
            .ToList();

        return new DashboardModel(
            waiting.Count,
            median,
            waits.Count == 0 ? null : waits[^1],
            new ConsoleChart("chart-waiting", "Cases waiting by urgency", "Urgency", "Cases waiting", Horizontal: false, byUrgency),
            new ConsoleChart("chart-per-day", $"Cases filed per day, last {Days} days", "Day", "Cases filed", Horizontal: false, perDay),
            new ConsoleChart("chart-feedback-section", "Answers marked not helpful, by section", "Section", "Answers", Horizontal: true,
                CountPerAnswer(notHelpful, p => p.TopSection)),
            new ConsoleChart("chart-feedback-label", "Answers marked not helpful, by label", "Label", "Answers", Horizontal: true,
                CountPerAnswer(notHelpful, p => p.LabelTitle)));
    }

    /// <summary>How many answers cited each key (an answer citing two passages of one section counts once), most first.</summary>
    private static List<ChartPoint> CountPerAnswer(IReadOnlyList<FeedbackReviewItem> items, Func<ReviewedPassage, string> key) =>
        items.SelectMany(item => item.Passages.Select(key).Distinct(StringComparer.Ordinal))
            .GroupBy(k => k, StringComparer.Ordinal)
            .Select(g => new ChartPoint(g.Key, g.Count()))
            .OrderByDescending(p => p.Value).ThenBy(p => p.Label, StringComparer.Ordinal)
            .ToList();
}

/// <summary>Times and waits as the console shows them.</summary>
public static class ConsoleFormat
{
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A wait as people say it: "&lt;1 min", "12 min", "3 h 5 min", "2 d".</summary>
    public static string Age(TimeSpan age) =>
        age.TotalMinutes < 1 ? "<1 min"
        : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min"
        : age.TotalDays < 1 ? $"{(int)age.TotalHours} h {age.Minutes} min"
        : $"{(int)age.TotalDays} d";
}
