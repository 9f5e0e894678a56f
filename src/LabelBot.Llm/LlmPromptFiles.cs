using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace LabelBot.Llm;

/// <summary>
/// Loads the prompts of prompts/llm/*.md, embedded into this assembly, by name, without their front matter.
/// (Core has no prompt catalog yet; when it gains one, this loader should defer to it.)
/// </summary>
internal static partial class LlmPromptFiles
{
    public const string AnswerSystem = "answer-system";
    public const string AnswerUser = "answer-user";

    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Load(string name) => Cache.GetOrAdd(name, Read);

    private static string Read(string name)
    {
        var resource = $"LabelBot.Llm.Prompts.{name}.md";
        using var stream = typeof(LlmPromptFiles).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Prompt '{name}' is not embedded (expected prompts/llm/{name}.md).");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
        return FrontMatter().Replace(text, string.Empty, 1).Trim();
    }

    [GeneratedRegex(@"\A---\n.*?\n---\n", RegexOptions.Singleline)]
    private static partial Regex FrontMatter();
}
