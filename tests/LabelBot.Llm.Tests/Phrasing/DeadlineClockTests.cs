using LabelBot.Core.Answering.Phrasing;
using LabelBot.Llm.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace LabelBot.Llm.Tests.Phrasing;

/// <summary>
/// The whole phrasing, retry included, ends at the configured deadline (8 s by default, the most the settings allow),
/// measured on the pipeline's own clock: a fake clock is advanced while the loopback service hangs, so nothing here
/// depends on how fast the machine is. (The HTTP client keeps a real-time backstop equal to the deadline; the test
/// waits on the service only until the retry arrives, so it stays far below it.)
/// </summary>
public sealed class DeadlineClockTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan EventWait = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(8.0)]
    [InlineData(4.0)]
    [InlineData(2.0)]
    public async Task Hanging_service_is_abandoned_at_the_deadline_after_one_retry(double deadlineSeconds)
    {
        using var arrived = new SemaphoreSlim(0);
        await using var server = new LoopbackChatServer((_, _) =>
        {
            arrived.Release();
            return ScriptedReply.Hang(TimeSpan.FromMinutes(2));
        });
        var options = PhraserHarness.OpenAICompatible(server);
        options.TimeoutSeconds = deadlineSeconds;
        Assert.Empty(options.Validate());
        var clock = new FakeTimeProvider();
        var phraser = new SemanticKernelAnswerPhraser(ChatServiceFactory.Create(options), options, logger: null, clock);
        var deadline = TimeSpan.FromSeconds(deadlineSeconds);

        var phrasing = phraser.PhraseAsync("Can ibuprofen cause stomach bleeding?", Passages.Nsaid());
        Assert.True(await arrived.WaitAsync(EventWait), "the first attempt never reached the service");

        // The attempt timeout fires, then the jittered back-off passes and the retry goes out, all before the deadline.
        var elapsed = TimeSpan.Zero;
        Advance(clock, TimeSpan.FromSeconds(options.EffectiveAttemptTimeoutSeconds), ref elapsed);
        var retried = false;
        while (elapsed + Step < deadline)
        {
            retried = retried || await arrived.WaitAsync(TimeSpan.FromMilliseconds(20));
            Advance(clock, Step, ref elapsed);
            Assert.False(phrasing.IsCompleted, $"gave up at {elapsed}, before the {deadline} deadline");
        }
        retried = retried || await arrived.WaitAsync(TimeSpan.FromMilliseconds(20));

        Advance(clock, deadline - elapsed, ref elapsed);
        var result = await phrasing.WaitAsync(EventWait);

        Assert.Null(result); // extractive answer
        Assert.Equal(retried ? 2 : 1, server.RequestCount);
        // With the default deadline the retry always fits (5 s attempt + at most 2 s back-off < 8 s); a short deadline may cut it.
        Assert.True(retried || deadlineSeconds < LlmOptions.MaxTimeoutSeconds, "the default deadline left no room for the retry");
        Assert.True(deadline <= TimeSpan.FromSeconds(LlmOptions.MaxTimeoutSeconds));
    }

    private static void Advance(FakeTimeProvider clock, TimeSpan by, ref TimeSpan elapsed)
    {
        clock.Advance(by);
        elapsed += by;
    }
}
