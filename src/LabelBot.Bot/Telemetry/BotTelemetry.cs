using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LabelBot.Bot.Telemetry;

/// <summary>
/// The host's OpenTelemetry signals: one span per bot turn (ActivitySource "LabelBot.Bot") and the turn metrics (Meter
/// "LabelBot.Bot"). Tags carry only fixed vocabularies (channel, route, scope…): never message text, never user or
/// conversation ids, not even hashed.
/// </summary>
public sealed class BotTelemetry : IDisposable
{
    public const string Name = "LabelBot.Bot";
    public const string TurnSpanName = "labelbot.turn";

    public const string TurnsMetric = "labelbot.bot.turns";
    public const string TurnDurationMetric = "labelbot.bot.turn.duration";
    public const string RetrievalHitsMetric = "labelbot.bot.retrieval.hits";
    public const string RateLimitedMetric = "labelbot.bot.rate_limited";
    public const string DuplicatesMetric = "labelbot.bot.duplicates";
    public const string HeldTurnsMetric = "labelbot.bot.turns.held";

    // Channel ids come from the wire (anyone can post to an open /api/messages): only known ones become tag values.
    private static readonly HashSet<string> KnownChannels = new(StringComparer.Ordinal) { "msteams", "directline", "webchat", "emulator", "test" };
    private static readonly HashSet<string> KnownActivityTypes = new(StringComparer.Ordinal) { "message", "conversationUpdate", "invoke", "event", "typing", "messageReaction", "installationUpdate" };

    private readonly Counter<long> _turns;
    private readonly Histogram<double> _turnDuration;
    private readonly Histogram<int> _retrievalHits;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _heldTurns;

    public BotTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var version = typeof(BotTelemetry).Assembly.GetName().Version?.ToString();
        // One source and meter per host instance (same name): listeners can tell two hosts in one process apart.
        Source = new ActivitySource(Name, version);
        Meter = meterFactory.Create(new MeterOptions(Name) { Version = version });
        _turns = Meter.CreateCounter<long>(TurnsMetric, "{turn}", "Bot turns by channel and route (the answer kind, or what the host did instead).");
        _turnDuration = Meter.CreateHistogram<double>(TurnDurationMetric, "s", "Time from a turn's arrival to its last reply.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 10, 15, 30, 60] });
        _retrievalHits = Meter.CreateHistogram<int>(RetrievalHitsMetric, "{citation}", "Label passages cited by an engine answer.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [0, 1, 2, 3, 4, 5, 6, 8, 10] });
        _rateLimited = Meter.CreateCounter<long>(RateLimitedMetric, "{request}", "Messages answered with 'slow down' and requests refused with 429.");
        _duplicates = Meter.CreateCounter<long>(DuplicatesMetric, "{message}", "Channel retries recognised and not answered again.");
        _heldTurns = Meter.CreateCounter<long>(HeldTurnsMetric, "{turn}", "Turns whose engine missed the turn budget (a holding message was sent).");
    }

    public ActivitySource Source { get; }

    public Meter Meter { get; }

    /// <summary>
    /// Starts the span of a turn as a root of its own trace (linked to the HTTP request's, if any): a channel's trace
    /// headers are not adopted, and an unsampled request activity above it cannot suppress it.
    /// </summary>
    public Activity? StartTurn(string channel, string activityType)
    {
        var parent = Activity.Current;
        Activity.Current = null;
        ActivityLink[]? links = parent is null ? null : [new ActivityLink(parent.Context)];
        var span = Source.StartActivity(ActivityKind.Server, parentContext: default, tags: null, links: links, name: TurnSpanName);
        if (span is null)
        {
            Activity.Current = parent;
            return null;
        }
        span.SetTag("labelbot.channel", channel);
        span.SetTag("labelbot.activity_type", activityType);
        return span;
    }

    public void RecordTurn(Activity? span, string channel, TurnOutcome outcome, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var channelTag = new KeyValuePair<string, object?>("channel", channel);
        var routeTag = new KeyValuePair<string, object?>("route", outcome.Route);
        _turns.Add(1, channelTag, routeTag);
        _turnDuration.Record(elapsed.TotalSeconds, channelTag, routeTag);
        if (outcome.Citations is { } citations)
        {
            _retrievalHits.Record(citations, channelTag, routeTag);
        }
        if (span is null)
        {
            return;
        }
        span.SetTag("labelbot.route", outcome.Route);
        if (outcome.Citations is { } cited)
        {
            span.SetTag("labelbot.citations", cited);
        }
        if (outcome.Held)
        {
            span.SetTag("labelbot.held", true);
        }
        if (outcome.Route == TurnRoutes.Error)
        {
            span.SetStatus(ActivityStatusCode.Error);
        }
    }

    /// <param name="scope">"conversation" or "ip".</param>
    /// <param name="channel">A channel tag, or the endpoint family for refused HTTP requests.</param>
    /// <param name="action">"slow_down_reply" (the bot answered "slow down") or "http_429".</param>
    public void RecordRateLimited(string scope, string channel, string action) =>
        _rateLimited.Add(1, new("scope", scope), new("channel", channel), new("action", action));

    /// <param name="reason">"activity_id" (same id again) or "same_text" (same text under a new id within the window).</param>
    public void RecordDuplicate(string channel, string reason) => _duplicates.Add(1, new("channel", channel), new("reason", reason));

    public void RecordHeld(string channel) => _heldTurns.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public static string ChannelTag(string? channelId) => channelId is not null && KnownChannels.Contains(channelId) ? channelId : "other";

    public static string ActivityTypeTag(string? type) => type is not null && KnownActivityTypes.Contains(type) ? type : "other";

    public void Dispose()
    {
        Source.Dispose();
        // The meter belongs to the IMeterFactory, which disposes it.
    }
}
