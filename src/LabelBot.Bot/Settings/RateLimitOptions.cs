using System.ComponentModel.DataAnnotations;

namespace LabelBot.Bot.Settings;

/// <summary>
/// Abuse limits (section "LabelBot:RateLimit"). Both are token buckets: the full count may arrive at once, then permits
/// come back evenly over the window (10 per 60 s = one every 6 s). 0 switches a limit off.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Messages one conversation may send per <see cref="ConversationWindowSeconds"/>; beyond it the bot replies "slow down".</summary>
    [Range(0, 10_000, ErrorMessage = "LabelBot:RateLimit:MessagesPerConversation must be 0 (off) to 10000.")]
    public int MessagesPerConversation { get; set; } = 10;

    [Range(1, 86_400, ErrorMessage = "LabelBot:RateLimit:ConversationWindowSeconds must be between 1 and 86400.")]
    public int ConversationWindowSeconds { get; set; } = 60;

    /// <summary>
    /// Requests one client address may make per <see cref="IpWindowSeconds"/> to /api/messages and the Direct Line
    /// endpoints that start conversations or post activities (polling is not counted).
    /// </summary>
    [Range(0, 1_000_000, ErrorMessage = "LabelBot:RateLimit:RequestsPerIp must be 0 (off) to 1000000.")]
    public int RequestsPerIp { get; set; } = 120;

    [Range(1, 86_400, ErrorMessage = "LabelBot:RateLimit:IpWindowSeconds must be between 1 and 86400.")]
    public int IpWindowSeconds { get; set; } = 60;

    /// <summary>
    /// Failed authentications (wrong pharmacist key or cookie, unknown Direct Line token, rejected Bot Framework token) one
    /// client address may make per <see cref="AuthFailureWindowSeconds"/>; beyond it every authenticated route answers
    /// 429 to that address until permits come back. Never 0: guessing must never run at full speed.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "LabelBot:RateLimit:AuthFailuresPerIp must be between 1 and 10000.")]
    public int AuthFailuresPerIp { get; set; } = 10;

    [Range(1, 86_400, ErrorMessage = "LabelBot:RateLimit:AuthFailureWindowSeconds must be between 1 and 86400.")]
    public int AuthFailureWindowSeconds { get; set; } = 600;
}
