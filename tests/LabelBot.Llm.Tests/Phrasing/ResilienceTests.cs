using System.Diagnostics;
using LabelBot.Core.Answering.Phrasing;
using LabelBot.Llm.Tests.TestSupport;

namespace LabelBot.Llm.Tests.Phrasing;

/// <summary>
/// Failures of the model service with the shipped default settings: every one ends in null (extractive answer)
/// well inside the 10-second turn budget, and the clients' own retries never add attempts.
/// </summary>
public sealed class ResilienceTests
{
    private const string Question = "Can ibuprofen cause stomach bleeding?";
    private const string GoodAnswer = "This NSAID may cause severe stomach bleeding [1].";
    private static readonly TimeSpan TurnBudget = TimeSpan.FromSeconds(10);
    private static readonly IReadOnlyList<NumberedPassage> Nsaid = Passages.Nsaid();

    [Fact]
    public async Task Repeated_500_returns_null_after_one_retry()
    {
        await using var server = new LoopbackChatServer(ScriptedReply.Error(500));

        var (phrased, elapsed) = await TimedPhraseAsync(PhraserHarness.OpenAICompatible(server));

        Assert.Null(phrased);
        Assert.Equal(2, server.RequestCount);
        Assert.True(elapsed < TurnBudget, $"took {elapsed}");
    }

    [Fact]
    public async Task A_single_502_is_retried_and_the_answer_arrives()
    {
        await using var server = new LoopbackChatServer(ScriptedReply.Error(502), ScriptedReply.Completion(GoodAnswer));

        var (phrased, _) = await TimedPhraseAsync(PhraserHarness.OpenAICompatible(server));

        Assert.Equal(GoodAnswer, phrased?.Text);
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task Short_retry_after_on_429_is_honoured_then_null()
    {
        var retryAfter = new Dictionary<string, string> { ["Retry-After"] = "1" };
        await using var server = new LoopbackChatServer(ScriptedReply.Error(429, "rate limited", retryAfter));

        var (phrased, elapsed) = await TimedPhraseAsync(PhraserHarness.OpenAICompatible(server));

        Assert.Null(phrased);
        Assert.Equal(2, server.RequestCount);
        Assert.True(elapsed >= TimeSpan.FromSeconds(0.9), $"Retry-After not honoured: {elapsed}");
        Assert.True(elapsed < TurnBudget, $"took {elapsed}");
    }

    [Fact]
    public async Task Long_retry_after_on_429_is_not_waited_for()
    {
        var retryAfter = new Dictionary<string, string> { ["Retry-After"] = "120" };
        await using var server = new LoopbackChatServer(ScriptedReply.Error(429, "rate limited", retryAfter));

        var (phrased, elapsed) = await TimedPhraseAsync(PhraserHarness.OpenAICompatible(server));

        Assert.Null(phrased);
        Assert.Equal(1, server.RequestCount);
        Assert.True(elapsed < TurnBudget, $"took {elapsed}");
    }

    [Fact]
    public async Task Server_that_hangs_past_the_deadline_yields_null_within_the_turn_budget()
    {
        await using var server = new LoopbackChatServer(ScriptedReply.Hang(TimeSpan.FromSeconds(60)));
        var options = PhraserHarness.OpenAICompatible(server);

        var (phrased, elapsed) = await TimedPhraseAsync(options);

        Assert.Null(phrased);
        Assert.True(elapsed < TurnBudget, $"took {elapsed}");
        Assert.True(elapsed >= TimeSpan.FromSeconds(options.EffectiveAttemptTimeoutSeconds), $"gave up before the attempt timeout: {elapsed}");
        Assert.Equal(2, server.RequestCount); // the attempt timed out and was retried once inside the deadline
    }

    [Fact]
    public async Task Malformed_json_returns_null_without_retry()
    {
        await using var server = new LoopbackChatServer(new ScriptedReply(200, "{\"id\": \"chatcmpl-1\", \"choices\": [ {\"message\": "));

        var (phrased, elapsed) = await TimedPhraseAsync(PhraserHarness.OpenAICompatible(server));

        Assert.Null(phrased);
        Assert.Equal(1, server.RequestCount);
        Assert.True(elapsed < TurnBudget, $"took {elapsed}");
    }

    [Fact]
    public async Task Reply_without_text_returns_null()
    {
        await using var server = new LoopbackChatServer(new ScriptedReply(200,
            "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"test-model\",\"choices\":[]}"));

        var (phrased, _) = await TimedPhraseAsync(PhraserHarness.OpenAICompatible(server));

        Assert.Null(phrased);
    }

    [Fact]
    public async Task Nothing_listens_returns_null()
    {
        Uri unused;
        await using (var server = new LoopbackChatServer(ScriptedReply.Error(500)))
        {
            unused = server.BaseUri;
        }
        var options = new LlmOptions { Provider = LlmProvider.OpenAICompatible, Endpoint = new Uri(unused, "v1").ToString(), Model = "m" };

        var (phrased, elapsed) = await TimedPhraseAsync(options);

        Assert.Null(phrased);
        Assert.True(elapsed < TurnBudget, $"took {elapsed}");
    }

    [Fact]
    public async Task Failures_are_logged_by_category_without_any_message_text()
    {
        const string secretQuestion = "is my-unique-question-7731 answered";
        const string serverDetail = "server-detail-4417";
        await using var server = new LoopbackChatServer(ScriptedReply.Error(500, serverDetail));
        var logs = new CollectingLoggerFactory();
        var phraser = PhraserHarness.Create(PhraserHarness.OpenAICompatible(server), logs);

        Assert.Null(await phraser.PhraseAsync(secretQuestion, Nsaid));

        var line = Assert.Single(logs.Lines);
        Assert.Contains(nameof(LlmFailureCategory.ServerError), line, StringComparison.Ordinal);
        Assert.DoesNotContain("my-unique-question", line, StringComparison.Ordinal);
        Assert.DoesNotContain(serverDetail, line, StringComparison.Ordinal);
        Assert.DoesNotContain("stomach", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_swallowed()
    {
        await using var server = new LoopbackChatServer(ScriptedReply.Hang(TimeSpan.FromSeconds(30)));
        var phraser = PhraserHarness.Create(PhraserHarness.OpenAICompatible(server));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => phraser.PhraseAsync(Question, Nsaid, cancel.Token));
    }

    private static async Task<(PhrasedAnswer? Phrased, TimeSpan Elapsed)> TimedPhraseAsync(LlmOptions options)
    {
        var phraser = PhraserHarness.Create(options);
        var started = Stopwatch.GetTimestamp();
        var phrased = await phraser.PhraseAsync(Question, Nsaid);
        return (phrased, Stopwatch.GetElapsedTime(started));
    }
}
