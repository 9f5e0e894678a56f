using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LabelBot.Bot.Channels.Teams;

/// <summary>What an administrator chooses when packaging LabelBot for Teams.</summary>
public sealed record TeamsAppSettings(
    Guid AppId,
    string Version = "1.0.0",
    string DeveloperName = "LabelBot",
    string WebsiteUrl = TeamsAppSettings.PlaceholderUrl,
    string PrivacyUrl = TeamsAppSettings.PlaceholderUrl + "/privacy",
    string TermsOfUseUrl = TeamsAppSettings.PlaceholderUrl + "/terms")
{
    public const string PlaceholderUrl = "https://labelbot.example.org";
}

/// <summary>The Teams app manifest (schema v1.22) for the LabelBot bot.</summary>
public static partial class TeamsManifest
{
    public const string ManifestVersion = "1.22";
    public const string SchemaUrl = "https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json";
    public const string ColorIconFile = "color.png";
    public const string OutlineIconFile = "outline.png";
    public static readonly string[] BotScopes = ["personal", "team", "groupChat"];

    private static readonly (string Title, string Description)[] Commands =
    [
        ("Warnings", "What are the warnings for ciprofloxacin?"),
        ("Side effects", "What are the side effects of atorvastatin?"),
        ("Interactions", "What drugs interact with warfarin?"),
        ("Storage", "How should adalimumab be stored?"),
        ("Talk to a pharmacist", "Hand the conversation to a pharmacist"),
    ];

    public static JsonObject Build(TeamsAppSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var appId = settings.AppId.ToString("D");
        return new JsonObject
        {
            ["$schema"] = SchemaUrl,
            ["manifestVersion"] = ManifestVersion,
            ["version"] = settings.Version,
            ["id"] = appId,
            ["developer"] = new JsonObject
            {
                ["name"] = settings.DeveloperName,
                ["websiteUrl"] = settings.WebsiteUrl,
                ["privacyUrl"] = settings.PrivacyUrl,
                ["termsOfUseUrl"] = settings.TermsOfUseUrl,
            },
            ["name"] = new JsonObject { ["short"] = "LabelBot", ["full"] = "LabelBot: answers from FDA drug labels" },
            ["description"] = new JsonObject
            {
                ["short"] = "Answers medicine questions from official FDA drug labels, with citations.",
                ["full"] = "LabelBot answers questions about medicines only from the official FDA drug labels it has loaded, " +
                           "quoting the label and citing the product, label version and date, section and a DailyMed link. " +
                           "It says so when a label does not address a question, does not give medical advice or doses, and " +
                           "hands dosing and personal questions to a pharmacist. In an emergency call 911 or Poison Control 1-800-222-1222.",
            },
            ["icons"] = new JsonObject { ["color"] = ColorIconFile, ["outline"] = OutlineIconFile },
            ["accentColor"] = "#0B5563",
            ["bots"] = new JsonArray
            {
                new JsonObject
                {
                    ["botId"] = appId,
                    ["scopes"] = new JsonArray(BotScopes.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
                    ["supportsFiles"] = false,
                    ["isNotificationOnly"] = false,
                    ["commandLists"] = new JsonArray
                    {
                        new JsonObject
                        {
                            ["scopes"] = new JsonArray(BotScopes.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
                            ["commands"] = new JsonArray(Commands.Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["description"] = c.Description }).ToArray()),
                        },
                    },
                },
            },
            ["permissions"] = new JsonArray("identity", "messageTeamMembers"),
            ["validDomains"] = new JsonArray(),
        };
    }

    /// <summary>The limits Teams enforces on upload, checked before a package is written.</summary>
    public static IReadOnlyList<string> Validate(TeamsAppSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<string>();
        if (settings.AppId == Guid.Empty)
        {
            problems.Add("the app id must be the bot's Microsoft App ID (a non-empty GUID)");
        }
        if (!SemanticVersion().IsMatch(settings.Version))
        {
            problems.Add($"version '{settings.Version}' must look like 1.0.0");
        }
        if (settings.DeveloperName.Length is 0 or > 32)
        {
            problems.Add("developer name must be 1–32 characters");
        }
        foreach (var (name, url) in new[] { ("website", settings.WebsiteUrl), ("privacy", settings.PrivacyUrl), ("terms of use", settings.TermsOfUseUrl) })
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || url.Length > 2048)
            {
                problems.Add($"the {name} URL must be an absolute https URL");
            }
        }
        return problems;
    }

    [GeneratedRegex(@"^\d{1,5}\.\d{1,5}\.\d{1,5}$")]
    private static partial Regex SemanticVersion();
}
