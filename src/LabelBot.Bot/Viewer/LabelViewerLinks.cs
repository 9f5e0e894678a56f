using System.Globalization;
using LabelBot.Core.Answering;
using LabelBot.Core.Labels;

namespace LabelBot.Bot.Viewer;

/// <summary>
/// Links into the label viewer (/labels/…): a citation opens the exact label version it quotes, with the cited passage
/// highlighted (?passage=) and scrolled to (#p-…). Absolute when a public URL is configured (LabelBot:PublicUrl, env
/// LABELBOT_PUBLIC_URL), else relative paths, which only a page served by this host can follow.
/// </summary>
public sealed partial class LabelViewerLinks
{
    public const string SettingName = "LabelBot:PublicUrl";
    public const string EnvironmentVariable = "LABELBOT_PUBLIC_URL";
    public const string Root = LabelViewerPaths.Root;

    private readonly string? _base;

    public LabelViewerLinks(string? publicUrl)
    {
        if (string.IsNullOrWhiteSpace(publicUrl))
        {
            return;
        }
        if (!Uri.TryCreate(publicUrl.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new InvalidOperationException($"{SettingName} ({EnvironmentVariable}) must be the host's public http(s) address, e.g. https://labelbot.example.org; got \"{publicUrl}\".");
        }
        _base = uri.AbsoluteUri.TrimEnd('/');
    }

    /// <summary>The configured public address without a trailing slash, or null (links are relative).</summary>
    public string? PublicUrl => _base;

    /// <summary>The host's setting (env LABELBOT_PUBLIC_URL arrives as it through LabelBotEnvironment), checked at start.</summary>
    public static LabelViewerLinks Resolve(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new LabelViewerLinks(configuration[SettingName]);
    }

    public static LabelViewerLinks FromEnvironment() => new(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>The viewer link of a citation: its label version, the passage highlighted and in view.</summary>
    public string For(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        return Absolute(CitationPath(citation));
    }

    /// <summary>
    /// The link a channel can open: absolute when a public URL is set; without one, relative only in the web chat page
    /// this host serves (Direct Line); null elsewhere (Teams and the Emulator need absolute links; DailyMed remains).
    /// </summary>
    public string? ForChannel(Citation citation, string? channelId) =>
        _base is not null || IsServedByThisHost(channelId) ? For(citation) : null;

    public string Absolute(string path) => _base is null ? path : _base + path;

    /// <summary>
    /// Viewer links the answer text carries ("[Compare version 8 and version 9 side by side](/labels/…/changes?…)"):
    /// absolute with a public URL; a page served by this host follows them as they are; elsewhere (Teams without a
    /// public URL) the link cannot be followed, so only its words stay.
    /// </summary>
    public string LinksInText(string text, string? channelId)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _base is not null ? text.Replace("](" + Root + "/", "](" + _base + Root + "/", StringComparison.Ordinal)
            : IsServedByThisHost(channelId) ? text
            : ViewerLinkInText().Replace(text, "$1");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\[([^\]\n]+)\]\(" + Root + @"/[^)\s]*\)")]
    private static partial System.Text.RegularExpressions.Regex ViewerLinkInText();

    public static bool IsServedByThisHost(string? channelId) =>
        string.Equals(channelId, "directline", StringComparison.OrdinalIgnoreCase) || string.Equals(channelId, "webchat", StringComparison.OrdinalIgnoreCase);

    public static string ListPath(string? query = null) =>
        string.IsNullOrWhiteSpace(query) ? Root : $"{Root}?q={Uri.EscapeDataString(query.Trim())}";

    public static string LabelPath(string setId) => LabelViewerPaths.Label(setId);

    public static string VersionPath(string setId, int version, string? passageId = null)
    {
        var path = $"{LabelPath(setId)}/v{version.ToString(CultureInfo.InvariantCulture)}";
        return passageId is null ? path : $"{path}?passage={Uri.EscapeDataString(passageId)}#{Uri.EscapeDataString(PassageAnchor(passageId))}";
    }

    public static string ChangesPath(string setId, int from, int to) => LabelViewerPaths.Changes(setId, from, to);

    /// <summary>The element id of a passage on the page (and the URL fragment that scrolls to it).</summary>
    public static string PassageAnchor(string passageId) => "p-" + passageId;

    public static string CitationPath(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        // "version not stated" (an openFDA copy) is stored as version 0.
        var version = int.TryParse(citation.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : LabelVersions.NotStated;
        return VersionPath(citation.SetId, version, citation.PassageId);
    }
}
