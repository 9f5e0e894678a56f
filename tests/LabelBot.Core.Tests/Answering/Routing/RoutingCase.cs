using System.Text.Json;
using System.Text.Json.Serialization;
using LabelBot.Core.Answering;
using LabelBot.Core.Tests.Support;

namespace LabelBot.Core.Tests.Answering.Routing;

/// <summary>One line of a routing data set: the question, its expected (engine-level) kind, the audience, and the drug it names.</summary>
public sealed record RoutingCase(string Id, string Question, AnswerKind Expected, AnswerAudience Audience, string? Drug)
{
    public override string ToString() => $"{Id}: {Question}";

    public static IReadOnlyList<RoutingCase> Load(string fileName)
    {
        var cases = new List<RoutingCase>();
        foreach (var line in File.ReadLines(SharedData.DataFile(fileName)))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var row = JsonSerializer.Deserialize<Row>(line, JsonOptions) ?? throw new InvalidDataException(line);
            if (!AnswerKindNames.TryParse(row.Expect.Kind, out var kind))
            {
                throw new InvalidDataException($"{row.Id}: unknown kind {row.Expect.Kind}");
            }
            var audience = string.Equals(row.Audience, "professional", StringComparison.OrdinalIgnoreCase)
                ? AnswerAudience.Professional
                : AnswerAudience.Public;
            cases.Add(new RoutingCase(row.Id, row.Question, kind, audience, row.Drug));
        }
        return cases;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record Row(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("question")] string Question,
        [property: JsonPropertyName("expect")] Expectation Expect,
        [property: JsonPropertyName("audience")] string? Audience,
        [property: JsonPropertyName("drug")] string? Drug);

    private sealed record Expectation([property: JsonPropertyName("kind")] string Kind);
}
