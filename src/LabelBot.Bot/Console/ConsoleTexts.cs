using System.Globalization;
using LabelBot.Core.Answering.Prompts;

namespace LabelBot.Bot.Console;

/// <summary>The console's fixed texts: prompts/console/*.md, read through the one <see cref="PromptCatalog"/>.</summary>
public static class ConsoleTexts
{
    public const string DashboardIntro = "console-dashboard-intro";
    public const string NoWaiting = "console-no-waiting";
    public const string NoActive = "console-no-active";
    public const string NoClosed = "console-no-closed";
    public const string NoFeedback = "console-no-feedback";
    public const string FormExpired = "console-form-expired";
    public const string WrongKey = "console-wrong-key";
    public const string NameRule = "console-name-rule";
    public const string Disabled = "console-disabled";
    public const string Error = "console-error";
    public const string NotFound = "console-notice-not-found";
    private const string UrgencyFile = "console-urgency";

    private static readonly Lazy<IReadOnlyDictionary<int, UrgencyName>> Urgencies = new(LoadUrgencies);

    public static string Get(string name) => PromptCatalog.Default.Render(name);

    public static string NameRuleText() => PromptCatalog.Default.Render(NameRule, new Dictionary<string, string>
    {
        ["max_length"] = PharmacistNames.MaxLength.ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>The notice text for a case page's ?notice= value (claimed, replied, …); null for an unknown one.</summary>
    public static string? Notice(string? notice) =>
        notice is not null && PromptCatalog.Default.Names.Contains("console-notice-" + notice, StringComparer.Ordinal)
            ? Get("console-notice-" + notice)
            : null;

    /// <summary>The named urgency (1 = Emergency …); every level the queue uses has a line in console-urgency.md.</summary>
    public static UrgencyName Urgency(int level) =>
        Urgencies.Value.TryGetValue(level, out var name) ? name : throw new KeyNotFoundException($"prompts/console/{UrgencyFile}.md has no line for urgency {level}.");

    public static IEnumerable<UrgencyName> AllUrgencies => Urgencies.Value.Values.OrderBy(u => u.Level);

    private static IReadOnlyDictionary<int, UrgencyName> LoadUrgencies()
    {
        var names = new Dictionary<int, UrgencyName>();
        foreach (var line in Get(UrgencyFile).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var dash = line.IndexOf('—', StringComparison.Ordinal);
            if (colon < 1 || dash < colon || !int.TryParse(line[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var level))
            {
                throw new FormatException($"prompts/console/{UrgencyFile}.md: \"{line}\" is not \"N: Name — what it covers\".");
            }
            names[level] = new UrgencyName(level, line[(colon + 1)..dash].Trim(), line[(dash + 1)..].Trim());
        }
        return names;
    }
}

/// <summary>An urgency level as the console names it: "Emergency", and what it covers.</summary>
public sealed record UrgencyName(int Level, string Name, string Covers);
