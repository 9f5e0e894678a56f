using System.IO.Compression;
using System.Text.Json;
using LabelBot.Runtime;

namespace LabelBot.Bot.Channels.Teams;

/// <summary>
/// `dotnet run --project src/LabelBot.Bot -- teams-package [--app-id GUID] [--out FILE] [--version 1.0.0]
/// [--developer NAME] [--website-url URL] [--privacy-url URL] [--terms-url URL]`: writes the zip an administrator uploads
/// to Teams. The app id defaults to MicrosoftAppId from configuration (appsettings.json or the environment).
/// </summary>
public static class TeamsPackageCommand
{
    public const string Verb = "teams-package";

    public static bool Matches(string[] args) => args.Length > 0 && string.Equals(args[0], Verb, StringComparison.Ordinal);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                await errors.WriteLineAsync($"teams-package: unexpected argument '{args[i]}'. Usage: {Verb} --app-id GUID [--out FILE]");
                return 2;
            }
            options[args[i][2..]] = args[++i];
        }

        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var appIdText = options.GetValueOrDefault("app-id") ?? configuration["MicrosoftAppId"];
        if (!Guid.TryParse(appIdText, out var appId))
        {
            await errors.WriteLineAsync("teams-package: pass --app-id GUID (the Azure Bot's Microsoft App ID) or set MicrosoftAppId.");
            return 2;
        }

        var defaults = new TeamsAppSettings(appId);
        var settings = defaults with
        {
            Version = options.GetValueOrDefault("version") ?? defaults.Version,
            DeveloperName = options.GetValueOrDefault("developer") ?? defaults.DeveloperName,
            WebsiteUrl = options.GetValueOrDefault("website-url") ?? defaults.WebsiteUrl,
            PrivacyUrl = options.GetValueOrDefault("privacy-url") ?? defaults.PrivacyUrl,
            TermsOfUseUrl = options.GetValueOrDefault("terms-url") ?? defaults.TermsOfUseUrl,
        };
        var problems = TeamsManifest.Validate(settings);
        if (problems.Count > 0)
        {
            await errors.WriteLineAsync("teams-package: " + string.Join("; ", problems));
            return 2;
        }

        var outPath = Path.GetFullPath(options.GetValueOrDefault("out")
            ?? Path.Combine(LabelBotPaths.FindRepositoryRoot() ?? Directory.GetCurrentDirectory(), "artifacts", "labelbot-teams.zip"));
        await WritePackageAsync(settings, outPath);
        await output.WriteLineAsync($"Teams app package written to {outPath} (app id {appId:D}, manifest v{TeamsManifest.ManifestVersion}).");
        if (settings.WebsiteUrl.StartsWith(TeamsAppSettings.PlaceholderUrl, StringComparison.Ordinal))
        {
            await output.WriteLineAsync("Note: --website-url/--privacy-url/--terms-url were not given; the manifest uses placeholder pages.");
        }
        return 0;
    }

    public static async Task WritePackageAsync(TeamsAppSettings settings, string zipPath)
    {
        var directory = Path.GetDirectoryName(zipPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var manifest = TeamsManifest.Build(settings).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        await using var file = File.Create(zipPath);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        await WriteEntryAsync(zip, "manifest.json", System.Text.Encoding.UTF8.GetBytes(manifest));
        await WriteEntryAsync(zip, TeamsManifest.ColorIconFile, TeamsIcons.Color());
        await WriteEntryAsync(zip, TeamsManifest.OutlineIconFile, TeamsIcons.Outline());
    }

    private static async Task WriteEntryAsync(ZipArchive zip, string name, byte[] content)
    {
        await using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        await stream.WriteAsync(content);
    }
}
