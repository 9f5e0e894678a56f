using System.Text.Json;
using System.Text.Json.Serialization;

namespace LabelBot.Search.Benchmarks;

/// <summary>The "expect" object of an evaluation line (CONTRACT.md); every field but <see cref="Kind"/> is optional.</summary>
public sealed record DevExpectation(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("setIds")] IReadOnlyList<string>? SetIds = null,
    [property: JsonPropertyName("sectionCodes")] IReadOnlyList<string>? SectionCodes = null,
    [property: JsonPropertyName("mustQuote")] IReadOnlyList<string>? MustQuote = null);

/// <summary>One evaluation question.</summary>
public sealed record DevQuestion(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("expect")] DevExpectation Expect);

/// <summary>Reads evaluation sets in the CONTRACT.md JSONL format (one object a line; blank lines ignored).</summary>
public static class RetrievalDevSet
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static IReadOnlyList<DevQuestion> Load(string path)
    {
        var questions = new List<DevQuestion>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            DevQuestion? question;
            try
            {
                question = JsonSerializer.Deserialize<DevQuestion>(line, Json);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: not a valid evaluation object ({ex.Message}).", ex);
            }
            if (question is null || string.IsNullOrWhiteSpace(question.Id) || string.IsNullOrWhiteSpace(question.Question) || question.Expect is null)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: id, question and expect are required.");
            }
            questions.Add(question);
        }
        return questions;
    }
}
