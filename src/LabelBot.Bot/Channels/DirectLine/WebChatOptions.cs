using LabelBot.Bot.Hosting;

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

    public bool UsesAzure => !string.IsNullOrWhiteSpace(DirectLineSecret);
}
