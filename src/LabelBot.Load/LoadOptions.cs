using LabelBot.Load.Scenario;

namespace LabelBot.Load;

/// <summary>How hard and how long to drive the host, and what counts as a failed turn.</summary>
public sealed record LoadOptions
{
    /// <summary>The soak's moderate load: fewer users who think longer, for ten minutes.</summary>
    public static LoadOptions Soak { get; } = new()
    {
        Conversations = 20,
        Duration = TimeSpan.FromMinutes(10),
        ThinkTime = TimeSpan.FromSeconds(2),
    };

    /// <summary>Simulated users, each with its own conversation, all running at once.</summary>
    public int Conversations { get; init; } = 50;

    /// <summary>How long users keep starting turns; turns in flight at the end are waited for.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Mean pause between a reply and the user's next question (each pause is drawn from 0.5× to 1.5× of it).</summary>
    public TimeSpan ThinkTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A turn (send → reply) slower than this is an error of type "timeout".</summary>
    public TimeSpan TurnTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause between polls while waiting for a reply; bounds how precisely latency is measured.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often the host process is read (memory, CPU time).</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Memory growth compares the median of the first window with the median of the last (needs a run of two windows).</summary>
    public TimeSpan GrowthWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Unmeasured questions asked first by one user, so model loading is not billed to the first measured turns.</summary>
    public int WarmupTurns { get; init; } = 3;

    /// <summary>Seeds each user's question and think-time choices, so two runs ask the same things.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>
    /// Bot replies that mean the host did not answer (its "unavailable", "still loading", "timed out" or "slow down"
    /// texts), each with the error type it counts as. Compared with whitespace collapsed.
    /// </summary>
    public IReadOnlyDictionary<string, string> FailureReplies { get; init; } = new Dictionary<string, string>();

    /// <summary>Holding messages the bot sends before a slow answer ("still looking that up"): skipped, the answer is awaited.</summary>
    public IReadOnlyCollection<string> InterimReplyTexts { get; init; } = [];

    public QuestionMix Questions { get; init; } = QuestionMix.Default;

    public void Validate()
    {
        if (Conversations is < 1 or > 2000)
        {
            throw new ArgumentOutOfRangeException(nameof(Conversations), Conversations, "between 1 and 2000 conversations");
        }
        if (Duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Duration), Duration, "the duration must be positive");
        }
        if (ThinkTime < TimeSpan.Zero || TurnTimeout <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero || SampleInterval <= TimeSpan.Zero || GrowthWindow <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ThinkTime), "think time must not be negative; timeouts and intervals must be positive");
        }
        if (WarmupTurns < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(WarmupTurns), WarmupTurns, "must not be negative");
        }
    }
}
