using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using LabelBot.Bot.Telemetry;

namespace LabelBot.Bot.Tests.Infrastructure;

/// <summary>In-process listener for one host's <see cref="BotTelemetry"/>: its finished spans and every measurement of its meter.</summary>
internal sealed class TelemetryRecorder : IDisposable
{
    private readonly ActivityListener _spans;
    private readonly MeterListener _meters;
    private readonly ConcurrentQueue<Activity> _finished = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags);

    public TelemetryRecorder(BotTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        _spans = new ActivityListener
        {
            ShouldListenTo = source => ReferenceEquals(source, telemetry.Source),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _finished.Enqueue,
        };
        ActivitySource.AddActivityListener(_spans);

        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, telemetry.Meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
    }

    public IReadOnlyList<Activity> Spans => _finished.ToList();

    public IReadOnlyList<Measurement> Measurements => _measurements.ToList();

    public IEnumerable<Measurement> Of(string instrument) => Measurements.Where(m => m.Instrument == instrument);

    /// <summary>Every tag value of every span and measurement, as text.</summary>
    public IEnumerable<string> AllTagValues() =>
        Spans.SelectMany(s => s.TagObjects.Select(t => Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "")
                .Append(s.DisplayName).Concat(s.Baggage.Select(b => b.Value ?? "")))
            .Concat(Measurements.SelectMany(m => m.Tags.Values.Select(v => v ?? "")));

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        _measurements.Enqueue(new Measurement(instrument.Name, value, copy));
    }

    public void Dispose()
    {
        _spans.Dispose();
        _meters.Dispose();
    }
}
