using System.Text;
using System.Text.RegularExpressions;

namespace LabelBot.Core.Answering.Prompts;

/// <summary>One prompt file: its name, front-matter metadata and Markdown body with <c>{{placeholder}}</c> slots.</summary>
public sealed partial record PromptTemplate(string Name, string Body, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Distinct placeholder names used in the body, in order of first use.</summary>
    public IReadOnlyList<string> Placeholders =>
        Placeholder().Matches(Body).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The body with every placeholder replaced. A placeholder without a value throws, so a half-filled text can never
    /// reach a user; an empty value removes its line, and runs of blank lines collapse to one.
    /// </summary>
    public string Fill(IReadOnlyDictionary<string, string>? values = null)
    {
        var filled = Placeholder().Replace(Body, m =>
        {
            var key = m.Groups["name"].Value;
            if (values is null || !values.TryGetValue(key, out var value))
            {
                throw new KeyNotFoundException($"Prompt '{Name}' needs a value for {{{{{key}}}}}.");
            }
            return value;
        });
        return Tidy(filled);
    }

    private static string Tidy(string text)
    {
        var sb = new StringBuilder(text.Length);
        var blankRun = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd();
            if (line.Length == 0)
            {
                blankRun++;
                if (blankRun > 1)
                {
                    continue;
                }
            }
            else
            {
                blankRun = 0;
            }
            sb.Append(line).Append('\n');
        }
        return sb.ToString().Trim();
    }

    [GeneratedRegex(@"\{\{\s*(?<name>[a-zA-Z0-9_\-]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
