using System.Globalization;
using System.Text.Json;

namespace LabelBot.DailyMed.Client;

/// <summary>
/// Reads the v2 web services' JSON. Tolerant on purpose: DailyMed writes numbers sometimes as strings, "null" as a
/// string, and wraps the history either as a bare array or as <c>{"history": [...]}</c>.
/// </summary>
internal static class DailyMedJson
{
    private static readonly string[] DateFormats = ["MMM dd, yyyy", "MMM d, yyyy", "MMMM dd, yyyy", "MMMM d, yyyy", "yyyy-MM-dd", "yyyyMMdd", "MM/dd/yyyy"];

    public static SplSearchPage ReadSearchPage(JsonElement root, int requestedPage)
    {
        var data = Property(root, "data");
        if (data is not { ValueKind: JsonValueKind.Array } array)
        {
            throw new FormatException("no \"data\" array");
        }
        var labels = new List<SplSummary>();
        foreach (var item in array.EnumerateArray())
        {
            var setId = String(item, "setid");
            if (string.IsNullOrWhiteSpace(setId))
            {
                continue; // an entry without a set id cannot be fetched; skip rather than fail the whole search
            }
            labels.Add(new SplSummary(setId.Trim(), (String(item, "title") ?? string.Empty).Trim(), Int(item, "spl_version") ?? 0, Date(item, "published_date")));
        }
        var metadata = Property(root, "metadata");
        var totalPages = metadata is { } m ? Int(m, "total_pages") ?? requestedPage : requestedPage;
        var totalElements = metadata is { } n ? Int(n, "total_elements") ?? labels.Count : labels.Count;
        var page = metadata is { } c ? Int(c, "current_page") ?? requestedPage : requestedPage;
        return new SplSearchPage(labels, page, totalPages, totalElements);
    }

    public static (IReadOnlyList<SplHistoryEntry> Entries, int TotalPages) ReadHistory(JsonElement root, int requestedPage)
    {
        var data = Property(root, "data");
        var list = data switch
        {
            { ValueKind: JsonValueKind.Array } array => array,
            { ValueKind: JsonValueKind.Object } obj when Property(obj, "history") is { ValueKind: JsonValueKind.Array } history => history,
            _ => throw new FormatException("no history entries in \"data\""),
        };
        var entries = new List<SplHistoryEntry>();
        foreach (var item in list.EnumerateArray())
        {
            if (Int(item, "spl_version") is { } version)
            {
                entries.Add(new SplHistoryEntry(version, Date(item, "published_date")));
            }
        }
        var totalPages = Property(root, "metadata") is { } metadata ? Int(metadata, "total_pages") ?? requestedPage : requestedPage;
        return (entries, totalPages);
    }

    private static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    private static string? String(JsonElement element, string name) => Property(element, name) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        _ => null,
    };

    private static int? Int(JsonElement element, string name) => Property(element, name) switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt32(out var i) => i,
        { ValueKind: JsonValueKind.String } s when int.TryParse(s.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };

    private static DateOnly? Date(JsonElement element, string name)
    {
        var text = String(element, name)?.Trim();
        return !string.IsNullOrEmpty(text) &&
               DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var date)
            ? date
            : null;
    }
}
