using LabelBot.Core.Answering.Phrasing;
using LabelBot.Llm.Tests.TestSupport;

namespace LabelBot.Llm.Tests.Phrasing;

public sealed class CircuitBreakerTests
{
    private const string Question = "Can ibuprofen cause stomach bleeding?";
    private const string GoodAnswer = "This NSAID may cause severe stomach bleeding [1].";
    private static readonly IReadOnlyList<NumberedPassage> Nsaid = Passages.Nsaid();

    [Fact]
    public async Task Circuit_opens_after_consecutive_failures_and_later_turns_skip_the_server()
    {
        var healthy = false;
        await using var server = new LoopbackChatServer((_, _) => Volatile.Read(ref healthy) ? ScriptedReply.Completion(GoodAnswer) : ScriptedReply.Error(500));
        var options = PhraserHarness.OpenAICompatible(server);
        options.MaxRetries = 0;
        options.BreakAfterFailures = 3;
        // Long enough that the two calls made while open cannot outlast the break on a loaded machine.
        options.BreakSeconds = 4;
        var logs = new CollectingLoggerFactory();
        var phraser = PhraserHarness.Create(options, logs);

        for (var turn = 1; turn <= 3; turn++)
        {
            Assert.Null(await phraser.PhraseAsync(Question, Nsaid));
            Assert.Equal(turn, server.RequestCount);
        }

        // Open: the next turns go straight to the extractive answer without touching the server.
        Volatile.Write(ref healthy, true);
        Assert.Null(await phraser.PhraseAsync(Question, Nsaid));
        Assert.Null(await phraser.PhraseAsync(Question, Nsaid));
        Assert.Equal(3, server.RequestCount);
        Assert.Contains(logs.Lines, l => l.Contains("circuit open", StringComparison.Ordinal));

        // After the break a trial call goes through and closes the circuit again.
        await Task.Delay(TimeSpan.FromSeconds(options.BreakSeconds + 0.3));
        Assert.Equal(GoodAnswer, (await phraser.PhraseAsync(Question, Nsaid))?.Text);
        Assert.Equal(GoodAnswer, (await phraser.PhraseAsync(Question, Nsaid))?.Text);
        Assert.Equal(5, server.RequestCount);
    }

    [Fact]
    public async Task A_success_between_failures_keeps_the_circuit_closed()
    {
        await using var server = new LoopbackChatServer(
            ScriptedReply.Error(500), ScriptedReply.Error(500), ScriptedReply.Completion(GoodAnswer), ScriptedReply.Error(500), ScriptedReply.Completion(GoodAnswer));
        var options = PhraserHarness.OpenAICompatible(server);
        options.MaxRetries = 0;
        options.BreakAfterFailures = 3;
        var phraser = PhraserHarness.Create(options);

        for (var turn = 1; turn <= 5; turn++)
        {
            await phraser.PhraseAsync(Question, Nsaid);
        }

        Assert.Equal(5, server.RequestCount);
    }

    [Fact]
    public async Task Model_declining_to_answer_is_not_a_failure()
    {
        await using var server = new LoopbackChatServer(ScriptedReply.Completion("NOT_IN_PASSAGES"));
        var options = PhraserHarness.OpenAICompatible(server);
        options.BreakAfterFailures = 2;
        var phraser = PhraserHarness.Create(options);

        for (var turn = 1; turn <= 4; turn++)
        {
            Assert.Null(await phraser.PhraseAsync(Question, Nsaid));
        }

        Assert.Equal(4, server.RequestCount);
    }
}
