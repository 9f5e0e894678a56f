namespace LabelBot.Bot.Settings;

/// <summary>
/// Abuse limits (section "LabelBot:RateLimit"). Both are token buckets: the full count may arrive at once, then permits
/// come back evenly over the window (10 per 60 s = one every 6 s). 0 switches a limit off.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Messages one conversation may send per <see cref="ConversationWindowSeconds"/>; beyond it the bot replies "slow down".</summary>
    public int MessagesPerConversation { get; set; } = 10;

    public int ConversationWindowSeconds { get; set; } = 60;

    /// <summary>
    /// Requests one client address may make per <see cref="IpWindowSeconds"/> to /api/messages and the Direct Line
    /// endpoints that start conversations or post activities (polling is not counted).
    /// </summary>
    public int RequestsPerIp { get; set; } = 120;

    public int IpWindowSeconds { get; set; } = 60;

    /// <summary>
    /// Failed authentications (wrong pharmacist key or cookie, unknown Direct Line token, rejected Bot Framework token) one
    /// client address may make per <see cref="AuthFailureWindowSeconds"/>; beyond it every authenticated route answers
    /// 429 to that address until permits come back. Never 0: guessing must never run at full speed.
    /// </summary>
    public int AuthFailuresPerIp { get; set; } = 10;

    public int AuthFailureWindowSeconds { get; set; } = 600;

    internal void Validate(string section)
    {
        if (MessagesPerConversation is < 0 or > 10_000 || RequestsPerIp is < 0 or > 1_000_000)
        {
            throw new InvalidOperationException($"{section}:MessagesPerConversation and RequestsPerIp must be 0 (off) or positive.");
        }
        if (ConversationWindowSeconds is < 1 or > 86_400 || IpWindowSeconds is < 1 or > 86_400)
        {
            throw new InvalidOperationException($"{section}:ConversationWindowSeconds and IpWindowSeconds must be between 1 and 86400.");
        }
        if (AuthFailuresPerIp is < 1 or > 10_000 || AuthFailureWindowSeconds is < 1 or > 86_400)
        {
            throw new InvalidOperationException($"{section}:AuthFailuresPerIp must be 1–10000 and AuthFailureWindowSeconds 1–86400.");
        }
    }
}
