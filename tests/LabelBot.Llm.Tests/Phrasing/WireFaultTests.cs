using System.Collections.Concurrent;
using System.Diagnostics;
using LabelBot.Core.Answering.Phrasing;
using LabelBot.Llm.Tests.TestSupport;

namespace LabelBot.Llm.Tests.Phrasing;

/// <summary>
/// Faults of the model service over the real wire protocol (loopback HTTP, the real OpenAI client stack, the shipped
/// Polly pipeline) that <see cref="ResilienceTests"/> and <see cref="CircuitBreakerTests"/> do not reach: a body that
/// stalls or trickles after the headers, Retry-After followed by success, the retry limit meeting Retry-After, 5xx
/// runs that end in success. Each ends in the phrasing or in null (the extractive answer) inside the 10 s turn budget;
/// the bound is the requirement itself, far above normal run time, not a performance measurement.
/// </summary>
public sealed class WireFaultTests
{
    private const string Question = "Can ibuprofen cause stomach bleeding?";
    private const string GoodAnswer = "This NSAID may cause severe stomach bleeding [1].";
    private static readonly TimeSpan TurnBudget = TimeSpan.FromSeconds(10);
    private static readonly IReadOnlyList<NumberedPassage> Nsaid = Passages.Nsaid();

    [Theory]
    [InlineData(1.0)] // one byte a second: each read makes progress, so a per-read network timeout never fires
    [InlineData(60.0)] // the first byte, then nothing
    public async Task Body_that_trickles_after_the_headers_times_out_and_yields_null_within_the_turn_budget(double secondsPerByte)
    {
        await using var server = new LoopbackChatServer(ScriptedReply.Trickle(TimeSpan.FromSeconds(secondsPerByte)));
        var options = PhraserHarness.OpenAICompatible(server);

        var (phrased, elapsed) = await TimedPhraseAsync(options);

        Assert.Null(phrased);
        Assert.True(elapsed < TurnBudget, $"took {elapsed}");
        Assert.True(elapsed >= TimeSpan.FromSeconds(options.EffectiveAttemptTimeoutSeconds), $"gave up before the attempt timeout: {elapsed}");
        Assert.InRange(server.RequestCount, 1, 1 + options.MaxRetries);
    }

    [Theory]
    [InlineData("Retry-After", "1", 0.9)]
    [InlineData("retry-after-ms", "800", 0.7)]
    public async Task Short_retry_after_is_waited_for_and_the_retry_brings_the_answer(string header, string value, double minimumSeconds)
    {
        await using var server = new LoopbackChatServer(
            ScriptedReply.Error(429, "rate limited", new Dictionary<string, string> { [header] = value }),
            ScriptedReply.Completion(GoodAnswer));

        var (phrased, elapsed) = await TimedPhraseAsync(PhraserHarness.OpenAICompatible(server));

        Assert.Equal(GoodAnswer, phrased?.Text);
        Assert.Equal(2, server.RequestCount);
        Assert.True(elapsed >= TimeSpan.FromSeconds(minimumSeconds), $"{header}: {value} not honoured: {elapsed}");
        Assert.True(elapsed < TurnBudget, $"took {elapsed}");
    }

    [Fact]
    public async Task Retry_after_at_the_cap_on_every_attempt_uses_all_retries_and_still_ends_within_the_deadline()
    {
        var arrivals = new ConcurrentQueue<long>();
        await using var server = new LoopbackChatServer((_, _) =>
        {
            arrivals.Enqueue(Stopwatch.GetTimestamp());
            return ScriptedReply.Error(429, "rate limited", new Dictionary<string, string> { ["Retry-After"] = "2" });
        });
        var options = PhraserHarness.OpenAICompatible(server);
        options.MaxRetries = 2; // the most the settings allow
        Assert.Equal(2, options.MaxRetryAfterSeconds);

        var (phrased, elapsed) = await TimedPhraseAsync(options);

        Assert.Null(phrased);
        Assert.Equal(3, server.RequestCount);
        var gaps = Gaps(arrivals);
        Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromSeconds(1.9), $"Retry-After: 2 not honoured between attempts: {string.Join(", ", gaps)}"));
        Assert.True(elapsed <= TimeSpan.FromSeconds(options.TimeoutSeconds) + TimeSpan.FromSeconds(1), $"deadline not kept: {elapsed}");
        Assert.True(elapsed < TurnBudget, $"took {elapsed}");
    }

    [Theory]
    [InlineData("3")] // just over the 2 s cap
    [InlineData("Wed, 21 Oct 2099 07:28:00 GMT")] // an HTTP date far ahead
    public async Task Retry_after_over_the_cap_is_not_waited_for(string retryAfter)
    {
        await using var server = new LoopbackChatServer(
            ScriptedReply.Error(429, "rate limited", new Dictionary<string, string> { ["Retry-After"] = retryAfter }),
            ScriptedReply.Completion(GoodAnswer));

        var (phrased, elapsed) = await TimedPhraseAsync(PhraserHarness.OpenAICompatible(server));

        Assert.Null(phrased);
        Assert.Equal(1, server.RequestCount);
        Assert.True(elapsed < TimeSpan.FromSeconds(3), $"waited for Retry-After {retryAfter}: {elapsed}");
    }

    [Fact]
    public async Task Run_of_server_errors_is_retried_with_backoff_until_the_answer_arrives()
    {
        var arrivals = new ConcurrentQueue<long>();
        ScriptedReply[] replies = [ScriptedReply.Error(500), ScriptedReply.Error(503), ScriptedReply.Completion(GoodAnswer)];
        await using var server = new LoopbackChatServer((_, i) =>
        {
            arrivals.Enqueue(Stopwatch.GetTimestamp());
            return replies[Math.Min(i, replies.Length - 1)];
        });
        var options = PhraserHarness.OpenAICompatible(server);
        options.MaxRetries = 2;

        var (phrased, elapsed) = await TimedPhraseAsync(options);

        Assert.Equal(GoodAnswer, phrased?.Text);
        Assert.Equal(3, server.RequestCount);
        // Jittered exponential backoff from 250 ms, capped at 2 s: never an immediate hammering, never a long stall.
        Assert.All(Gaps(arrivals), gap => Assert.InRange(gap, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(4)));
        Assert.True(elapsed < TurnBudget, $"took {elapsed}");
    }

    private static List<TimeSpan> Gaps(IEnumerable<long> timestamps)
    {
        var ordered = timestamps.Order().ToList();
        return ordered.Zip(ordered.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b)).ToList();
    }

    private static async Task<(PhrasedAnswer? Phrased, TimeSpan Elapsed)> TimedPhraseAsync(LlmOptions options)
    {
        var phraser = PhraserHarness.Create(options);
        var started = Stopwatch.GetTimestamp();
        var phrased = await phraser.PhraseAsync(Question, Nsaid);
        return (phrased, Stopwatch.GetElapsedTime(started));
    }
}
