namespace LabelBot.Bot.Channels.DirectLine;

/// <summary>How the bot appears in Direct Line conversations (its app id when registered, else "labelbot").</summary>
public sealed record BotIdentity(string Id, string Name)
{
    public static BotIdentity FromConfiguration(IConfiguration configuration)
    {
        var appId = configuration["MicrosoftAppId"];
        return new BotIdentity(string.IsNullOrWhiteSpace(appId) ? "labelbot" : appId, "LabelBot");
    }
}
