
namespace LabelBot.Bot.Channels.DirectLine;

/// <summary>
/// Which Direct Line the page talks to (section "WebChat"). Default: this host's own endpoint (works offline).
/// With <see cref="DirectLineSecret"/> set: Azure Bot Service Direct Line; the secret stays on the server, which
/// exchanges it for a per-conversation token.
/// </summary>
public sealed class WebChatOptions
{
    public const string SectionName = "WebChat";
    public const string AzureDirectLineDomain = "https://directline.botframework.com/v3/directline";

    public string? DirectLineSecret { get; set; }

    public string DirectLineDomain { get; set; } = AzureDirectLineDomain;

    public int PollingIntervalMs { get; set; } = 500;

    /// <summary>
    /// This host's own Direct Line: the page receives activities over the WebSocket streamUrl (false: it polls every
    /// <see cref="PollingIntervalMs"/>, e.g. behind a proxy that does not pass WebSockets). A browser without WebSocket polls anyway.
    /// </summary>
    public bool WebSocket { get; set; } = true;

    public bool UsesAzure => !string.IsNullOrWhiteSpace(DirectLineSecret);
}
