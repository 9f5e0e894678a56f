using Microsoft.Bot.Builder;

namespace LabelBot.Bot.Telemetry;

/// <summary>The fixed vocabulary of <see cref="TurnOutcome.Route"/> besides the answer kinds ("answer", "not_in_label", …).</summary>
public static class TurnRoutes
{
    public const string None = "none";
    public const string Welcome = "welcome";
    public const string Feedback = "feedback";
    public const string Empty = "empty";
    public const string AttachmentsOnly = "attachments_only";
    public const string TooLong = "too_long";
    public const string Handoff = "handoff";
    public const string StillLoading = "still_loading";
    public const string Unavailable = "unavailable";
    public const string TimedOut = "timed_out";
    public const string RateLimited = "rate_limited";
    public const string Duplicate = "duplicate";
    public const string Error = "error";
}

/// <summary>What a turn turned out to be, filled in by whoever handles it and read by <see cref="TurnTelemetryMiddleware"/>.</summary>
public sealed class TurnOutcome
{
    public string Route { get; set; } = TurnRoutes.None;

    /// <summary>Passages the engine's answer cited; null when the engine did not answer.</summary>
    public int? Citations { get; set; }

    /// <summary>The engine missed the turn budget and a holding message was sent.</summary>
    public bool Held { get; set; }

    /// <summary>The turn's outcome (a detached one when the telemetry middleware is not in the pipeline, e.g. in a bare adapter).</summary>
    public static TurnOutcome Of(ITurnContext turnContext)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return turnContext.TurnState.Get<TurnOutcome>() ?? new TurnOutcome();
    }
}
