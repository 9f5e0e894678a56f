namespace LabelBot.Bot.Settings;

/// <summary>Retries and deadlines of a bot turn (section "LabelBot:Turns").</summary>
public sealed class TurnOptions
{
    /// <summary>
    /// A message whose text (and button value) repeats the conversation's previous message within this many seconds is
    /// taken as the channel re-sending it under a new id, and answered once. 0 switches this off (same-id retries are
    /// always caught).
    /// </summary>
    public double RetryWindowSeconds { get; set; } = 30;

    /// <summary>When the engine has not answered after this long, the user gets a short holding message; the answer follows.</summary>
    public double BudgetSeconds { get; set; } = 8;

    /// <summary>After this long the engine is given up on and the user is told to try again (below Direct Line's 60 s turn timeout).</summary>
    public double TimeLimitSeconds { get; set; } = 45;

    /// <summary>
    /// The HTTP request that delivered a user's message (Direct Line POST, /api/messages) is answered when the turn ends
    /// or after this long, whichever is first; a slower turn goes on and its replies arrive as usual. Below Web Chat's
    /// ~20 s POST timeout and the Bot Framework channels' 15 s.
    /// </summary>
    public double AcknowledgeSeconds { get; set; } = 10;

    public TimeSpan Acknowledge => TimeSpan.FromSeconds(AcknowledgeSeconds);

    public TimeSpan RetryWindow => TimeSpan.FromSeconds(RetryWindowSeconds);

    public TimeSpan Budget => TimeSpan.FromSeconds(BudgetSeconds);

    public TimeSpan TimeLimit => TimeSpan.FromSeconds(TimeLimitSeconds);

    internal void Validate(string section)
    {
        if (RetryWindowSeconds is < 0 or > 3600)
        {
            throw new InvalidOperationException($"{section}:RetryWindowSeconds must be between 0 (off) and 3600.");
        }
        if (BudgetSeconds is <= 0 or > 50 || TimeLimitSeconds <= BudgetSeconds || TimeLimitSeconds > 55)
        {
            throw new InvalidOperationException($"{section}:BudgetSeconds must be above 0 and TimeLimitSeconds above it and at most 55.");
        }
        if (AcknowledgeSeconds is <= 0 or > 14)
        {
            throw new InvalidOperationException($"{section}:AcknowledgeSeconds must be above 0 and at most 14 (channels give up on a request after 15 s).");
        }
    }
}
