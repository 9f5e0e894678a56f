using System.Text.Json;
using LabelBot.Core.Answering;

namespace LabelBot.ClaimCheck;

/// <summary>
/// The one JSON shape of a claim-check report (camelCase; verdicts "supported" | "contradicted" | "not_in_label"),
/// with the same serializer settings as the answer object so citations look identical.
/// </summary>
public static class ClaimCheckJson
{
    public static JsonSerializerOptions Options => AnswerJson.Options;

    public static string Serialize(ClaimCheckReport report, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, indented ? Indented : Options);
    }

    public static ClaimCheckReport? Deserialize(string json) => JsonSerializer.Deserialize<ClaimCheckReport>(json, Options);

    private static readonly JsonSerializerOptions Indented = new(AnswerJson.Options) { WriteIndented = true };
}
