using System.Text.Json;

namespace LabelBot.DailyMed.Diff;

/// <summary>The JSON shape of a diff (what `diff --json` prints): camelCase, dates as yyyy-MM-dd.</summary>
public static class LabelDiffJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        // Label text is full of quotes, ampersands and "<" signs: keep them readable rather than \u-escaped.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(LabelDiff diff, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(diff);
        return JsonSerializer.Serialize(diff, indented ? new JsonSerializerOptions(Options) { WriteIndented = true } : Options);
    }

    public static LabelDiff? Deserialize(string json) => JsonSerializer.Deserialize<LabelDiff>(json, Options);
}
