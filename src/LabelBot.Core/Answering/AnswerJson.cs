using System.Text.Json;
using System.Text.Json.Serialization;

namespace LabelBot.Core.Answering;

/// <summary>The one JSON shape of the answer object (camelCase, snake_case kinds) shared by CLI, bot and tests.</summary>
public static class AnswerJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(AnswerResult result, bool indented = false) =>
        JsonSerializer.Serialize(result, indented ? new JsonSerializerOptions(Options) { WriteIndented = true } : Options);

    public static AnswerResult? Deserialize(string json) => JsonSerializer.Deserialize<AnswerResult>(json, Options);
}
