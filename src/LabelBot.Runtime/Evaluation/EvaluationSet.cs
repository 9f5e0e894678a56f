using System.Text.Json;
using System.Text.Json.Serialization;
using LabelBot.Core.Answering;

namespace LabelBot.Runtime.Evaluation;

/// <summary>
/// What an evaluation item expects (../shared/CONTRACT.md); every field but Kind is optional. <see cref="KeyFacts"/> is
/// LabelBot's extension for the gold set: each fact a good answer must show, as verbatim label phrases any one of which
/// counts (e.g. ["must be refrigerated", "Store in refrigerator"]), looked for in the displayed text and cited quotes.
/// </summary>
public sealed record EvaluationExpectation(
    string Kind,
    IReadOnlyList<string>? SetIds = null,
    IReadOnlyList<string>? SectionCodes = null,
    IReadOnlyList<string>? MustQuote = null,
    IReadOnlyList<IReadOnlyList<string>>? KeyFacts = null);

/// <summary>
/// One evaluation item. <see cref="Conversation"/> holds earlier user turns asked first in the same conversation
/// (follow-up questions); <see cref="Audience"/> overrides the deployment audience for this item.
/// </summary>
public sealed record EvaluationItem(
    string Id,
    string Question,
    EvaluationExpectation Expect,
    IReadOnlyList<string>? Conversation = null,
    string? Audience = null);

public static class EvaluationSet
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Reads a JSONL file; a bad line is an error naming the line, not a silent skip.</summary>
    public static IReadOnlyList<EvaluationItem> Load(string path)
    {
        var items = new List<EvaluationItem>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            EvaluationItem? item;
            try
            {
                item = JsonSerializer.Deserialize<EvaluationItem>(line, Json);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: not a valid evaluation item ({e.Message})");
            }
            if (item is null || string.IsNullOrWhiteSpace(item.Question) || item.Expect is null || string.IsNullOrWhiteSpace(item.Expect.Kind))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: an item needs id, question and expect.kind");
            }
            // A misspelt kind would silently score as a miss forever; reject it where it is written.
            if (!AnswerKindNames.TryParse(item.Expect.Kind, out var kind) || kind.ToWire() != item.Expect.Kind)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expect.kind '{item.Expect.Kind}' is not one of the contract's kinds");
            }
            if (item.Audience is not null && !Enum.TryParse<AnswerAudience>(item.Audience, ignoreCase: true, out _))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: audience '{item.Audience}' must be public or professional");
            }
            if (item.Expect.KeyFacts is { } facts && facts.Any(f => f is null || f.Count == 0 || f.Any(string.IsNullOrWhiteSpace)))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: every key fact needs at least one non-empty phrase");
            }
            var id = string.IsNullOrWhiteSpace(item.Id) ? $"line-{lineNumber}" : item.Id;
            if (!ids.Add(id))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: id '{id}' is used twice");
            }
            items.Add(item with { Id = id });
        }
        return items;
    }
}
