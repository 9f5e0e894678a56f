using System.Collections.Concurrent;

namespace LabelBot.Bot.Texts;

/// <summary>The host's fixed user-facing texts, embedded Markdown files (front matter stripped), so the shipped wording is the tested wording.</summary>
public static class BotTexts
{
    public const string Welcome = "welcome";
    public const string EmptyMessage = "empty-message";
    public const string AttachmentsOnly = "attachments-only";
    public const string TooLong = "too-long";
    public const string StillLoading = "still-loading";
    public const string Unavailable = "unavailable";
    public const string FeedbackThanks = "feedback-thanks";

    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Get(string name) => Cache.GetOrAdd(name, Load);

    private static string Load(string name)
    {
        var resource = $"LabelBot.Bot.Texts.{name}.md";
        using var stream = typeof(BotTexts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Missing embedded text {resource}.");
        using var reader = new StreamReader(stream);
        return StripFrontMatter(reader.ReadToEnd()).Trim();
    }

    private static string StripFrontMatter(string text)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!normalized.StartsWith("---\n", StringComparison.Ordinal))
        {
            return normalized;
        }
        var end = normalized.IndexOf("\n---\n", 4, StringComparison.Ordinal);
        return end < 0 ? normalized : normalized[(end + 5)..];
    }
}
