using System.Text.Json;
using System.Text.Json.Serialization;
using LabelBot.Core.Answering;

namespace LabelBot.Bot.Conversations;

/// <summary>How transcripts and citations are stored as JSON in the host's tables.</summary>
public static class TranscriptJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(IReadOnlyList<TranscriptEntry> entries) => JsonSerializer.Serialize(entries, Options);

    public static IReadOnlyList<TranscriptEntry> DeserializeEntries(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<TranscriptEntry>>(json, Options) ?? [];

    public static string? SerializeCitations(IReadOnlyList<Citation>? citations) =>
        citations is null || citations.Count == 0 ? null : JsonSerializer.Serialize(citations, Options);

    public static IReadOnlyList<Citation>? DeserializeCitations(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<List<Citation>>(json, Options);
}
