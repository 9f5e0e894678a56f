namespace LabelBot.Llm.Tests.TestSupport;

/// <summary>Finds repository folders by walking up from the test binaries (works in a clone with ../shared beside it).</summary>
internal static class RepoPaths
{
    /// <summary>The folder of real SPL labels, or null when this checkout has no shared data.</summary>
    public static string? SplFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "labels", "spl"), Path.Combine(dir.FullName, "..", "shared", "labels", "spl") })
            {
                if (Directory.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }
        return null;
    }

    /// <summary>The repository's prompts/llm folder (the source of the embedded prompts).</summary>
    public static string PromptsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "prompts", "llm");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("prompts/llm not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A prompt file's body as the model should receive it (front matter removed).</summary>
    public static string PromptBody(string name)
    {
        var text = File.ReadAllText(Path.Combine(PromptsFolder(), name + ".md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (text.StartsWith("---\n", StringComparison.Ordinal))
        {
            var end = text.IndexOf("\n---\n", 4, StringComparison.Ordinal);
            text = text[(end + 5)..];
        }
        return text.Trim();
    }
}
