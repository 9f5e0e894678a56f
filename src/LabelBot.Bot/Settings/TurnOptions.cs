using System.ComponentModel.DataAnnotations;

namespace LabelBot.Bot.Settings;

/// <summary>Retries and deadlines of a bot turn (section "LabelBot:Turns").</summary>
public sealed class TurnOptions
{
    /// <summary>
    /// A message whose text (and button value) repeats the conversation's previous message within this many seconds is
    /// taken as the channel re-sending it under a new id, and answered once. 0 switches this off (same-id retries are
    /// always caught).
    /// </summary>
    [Range(0d, 3600d, ErrorMessage = "LabelBot:Turns:RetryWindowSeconds must be between 0 (off) and 3600.")]
    public double RetryWindowSeconds { get; set; } = 30;

    /// <summary>When the engine has not answered after this long, the user gets a short holding message; the answer follows.</summary>
    [Range(0d, 50d, MinimumIsExclusive = true, ErrorMessage = "LabelBot:Turns:BudgetSeconds must be above 0 and at most 50.")]
    public double BudgetSeconds { get; set; } = 8;

    /// <summary>After this long the engine is given up on and the user is told to try again (below Direct Line's 60 s turn timeout).</summary>
    [Range(0d, 55d, MinimumIsExclusive = true, ErrorMessage = "LabelBot:Turns:TimeLimitSeconds must be above BudgetSeconds and at most 55.")]
    public double TimeLimitSeconds { get; set; } = 45;

    /// <summary>
    /// The HTTP request that delivered a user's message (Direct Line POST, /api/messages) is answered when the turn ends
    /// or after this long, whichever is first; a slower turn goes on and its replies arrive as usual. Below Web Chat's
    /// ~20 s POST timeout and the Bot Framework channels' 15 s.
    /// </summary>
    [Range(0d, 14d, MinimumIsExclusive = true, ErrorMessage = "LabelBot:Turns:AcknowledgeSeconds must be above 0 and at most 14 (channels give up on a request after 15 s).")]
    public double AcknowledgeSeconds { get; set; } = 10;

    public TimeSpan Acknowledge => TimeSpan.FromSeconds(AcknowledgeSeconds);

    public TimeSpan RetryWindow => TimeSpan.FromSeconds(RetryWindowSeconds);

    public TimeSpan Budget => TimeSpan.FromSeconds(BudgetSeconds);

    public TimeSpan TimeLimit => TimeSpan.FromSeconds(TimeLimitSeconds);
}
