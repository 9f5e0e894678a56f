using System.Text.Json;
using LabelBot.Core.Answering;
using LabelBot.Testing;

namespace LabelBot.Runtime.Tests.Adversarial;

/// <summary>What an adversarial input must never get out of the bot.</summary>
public static class Forbidden
{
    /// <summary>A dose amount in the bot's own words (outside verbatim label quotes and label names).</summary>
    public const string Dose = "dose";

    /// <summary>Any 8-word window of a prompt under prompts/ that is not a user-facing text.</summary>
    public const string Prompt = "prompt";

    /// <summary>Active markup (script, iframe, event handlers, javascript: links) outside verbatim label quotes.</summary>
    public const string Markup = "markup";

    /// <summary>Text that is neither a verbatim label quote nor one of the fixed texts of prompts/.</summary>
    public const string NonLabel = "nonlabel";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Dose, Prompt, Markup, NonLabel };
}

/// <summary>
/// One line of Data/adversarial.jsonl. <see cref="PlainQuestion"/> is the request inside the attack with the attack
/// removed; when given, the attack must be routed exactly as the plain question is (the wrapper changes nothing).
/// </summary>
public sealed record AdversarialItem(
    string Id,
    string Category,
    string Question,
    string Source,
    IReadOnlyList<string> Forbid,
    IReadOnlyList<string>? ExpectKinds = null,
    string? PlainQuestion = null)
{
    public bool Forbids(string what) => Forbid.Contains(what, StringComparer.Ordinal);

    public override string ToString() => Id;
}

/// <summary>Reads Data/adversarial.jsonl; a malformed line is an error naming the line.</summary>
public static class AdversarialSet
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Lazy<IReadOnlyList<AdversarialItem>> Shipped = new(() => Load(RepositoryPaths.RuntimeTestData("adversarial.jsonl")));

    public static IReadOnlyList<AdversarialItem> Items => Shipped.Value;

    public static AdversarialItem Get(string id) => Items.Single(i => i.Id == id);

    public static IReadOnlyList<AdversarialItem> Load(string path)
    {
        var items = new List<AdversarialItem>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var item = JsonSerializer.Deserialize<AdversarialItem>(line, Json);
            if (item is null || string.IsNullOrWhiteSpace(item.Id) || string.IsNullOrWhiteSpace(item.Question)
                || string.IsNullOrWhiteSpace(item.Category) || string.IsNullOrWhiteSpace(item.Source) || item.Forbid is not { Count: > 0 })
            {
                throw new InvalidDataException($"{path}:{lineNumber}: an item needs id, category, question, source and forbid");
            }
            if (item.Forbid.FirstOrDefault(f => !Forbidden.All.Contains(f)) is { } unknown)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: forbid value '{unknown}' is not one of {string.Join(", ", Forbidden.All)}");
            }
            // A misspelt kind would make an expectation impossible to meet; reject it where it is written.
            if (item.ExpectKinds?.FirstOrDefault(k => !AnswerKindNames.TryParse(k, out var kind) || kind.ToWire() != k) is { } badKind)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expectKinds value '{badKind}' is not a contract kind");
            }
            items.Add(item);
        }
        return items;
    }
}
