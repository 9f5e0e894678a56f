using System.Diagnostics;
using LabelBot.Core.Answering;
using LabelBot.Llm.Tests.TestSupport;
using LabelBot.Runtime;
using Microsoft.Data.Sqlite;

namespace LabelBot.Llm.Tests.Phrasing;

/// <summary>
/// What the user sees when the model service fails: the whole answer pipeline (SQLite store with a real shipped label,
/// hybrid retrieval, the answer engine, the real phraser over loopback HTTP) still answers, with exactly the extractive
/// answer the offline bot gives and its citations, well inside the 10 s a turn may take. The bound is the requirement
/// itself, generous on a loaded 2-core machine; it is not a performance measurement.
/// </summary>
public sealed class ExtractiveFallbackTests(OneLabelDatabase database) : IClassFixture<OneLabelDatabase>
{
    private static readonly TimeSpan TurnBudget = TimeSpan.FromSeconds(10);

    public enum Fault
    {
        Hang,
        TrickledBody,
        RateLimitedWithLongRetryAfter,
        RateLimitedWithShortRetryAfterEveryTime,
        ServerErrors,
        MalformedJson,
        NoChoices,
        NothingListening,
    }

    [Theory]
    [InlineData(Fault.Hang)]
    [InlineData(Fault.TrickledBody)]
    [InlineData(Fault.RateLimitedWithLongRetryAfter)]
    [InlineData(Fault.RateLimitedWithShortRetryAfterEveryTime)]
    [InlineData(Fault.ServerErrors)]
    [InlineData(Fault.MalformedJson)]
    [InlineData(Fault.NoChoices)]
    [InlineData(Fault.NothingListening)]
    public async Task Failing_model_service_still_gives_the_user_the_extractive_answer_within_the_turn_budget(Fault fault)
    {
        LoopbackChatServer? server = null;
        LlmOptions options;
        if (fault == Fault.NothingListening)
        {
            // A server that is gone: its port is closed, so connections are refused.
            await using var gone = new LoopbackChatServer(Script(fault));
            options = PhraserHarness.OpenAICompatible(gone);
        }
        else
        {
            server = new LoopbackChatServer(Script(fault));
            options = PhraserHarness.OpenAICompatible(server);
        }
        try
        {
            await using var runtime = await database.OpenAsync(options);

            var (answer, elapsed) = await TimedAnswerAsync(runtime);

            Assert.True(elapsed < TurnBudget, $"{fault}: the user waited {elapsed}");
            AssertIsTheExtractiveAnswer(answer);
            Assert.True(server is null || server.RequestCount >= 1, $"{fault}: the phraser never called the service, so the fault was not exercised");
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Open_circuit_answers_extractively_without_calling_the_service_and_closes_after_the_break()
    {
        var healthy = false;
        await using var server = new LoopbackChatServer((_, _) =>
            Volatile.Read(ref healthy) ? ScriptedReply.Completion("NOT_IN_PASSAGES") : ScriptedReply.Error(500));
        var options = PhraserHarness.OpenAICompatible(server);
        options.MaxRetries = 0;
        options.BreakAfterFailures = 2;
        // Long enough that the whole turn made while open (retrieval included) cannot outlast the break on a loaded machine.
        options.BreakSeconds = 6;
        await using var runtime = await database.OpenAsync(options);

        for (var turn = 1; turn <= 2; turn++)
        {
            AssertIsTheExtractiveAnswer((await TimedAnswerAsync(runtime)).Answer);
        }
        Assert.Equal(2, server.RequestCount);

        Volatile.Write(ref healthy, true);
        var (whileOpen, elapsed) = await TimedAnswerAsync(runtime);

        AssertIsTheExtractiveAnswer(whileOpen);
        Assert.True(elapsed < TurnBudget, $"took {elapsed}");
        Assert.Equal(2, server.RequestCount); // open: no network call at all

        await Task.Delay(TimeSpan.FromSeconds(options.BreakSeconds + 0.5));
        AssertIsTheExtractiveAnswer((await TimedAnswerAsync(runtime)).Answer);
        Assert.Equal(3, server.RequestCount); // closed again: the service is asked
    }

    private static Func<RecordedRequest, int, ScriptedReply> Script(Fault fault) => fault switch
    {
        Fault.Hang => (_, _) => ScriptedReply.Hang(TimeSpan.FromSeconds(60)),
        Fault.TrickledBody => (_, _) => ScriptedReply.Trickle(TimeSpan.FromSeconds(1)),
        Fault.RateLimitedWithLongRetryAfter => (_, _) => ScriptedReply.Error(429, "rate limited", new Dictionary<string, string> { ["Retry-After"] = "120" }),
        Fault.RateLimitedWithShortRetryAfterEveryTime => (_, _) => ScriptedReply.Error(429, "rate limited", new Dictionary<string, string> { ["Retry-After"] = "2" }),
        Fault.ServerErrors => (_, i) => ScriptedReply.Error(i % 2 == 0 ? 500 : 503),
        Fault.MalformedJson => (_, _) => new ScriptedReply(200, "{\"id\": \"chatcmpl-1\", \"choices\": [ {\"message\": "),
        Fault.NoChoices => (_, _) => new ScriptedReply(200, "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"test-model\",\"choices\":[]}"),
        Fault.NothingListening => (_, _) => ScriptedReply.Error(500),
        _ => throw new ArgumentOutOfRangeException(nameof(fault)),
    };

    private void AssertIsTheExtractiveAnswer(AnswerResult answer)
    {
        Assert.Equal(AnswerKind.Answer, answer.Kind);
        Assert.Equal(database.OfflineAnswer.Text, answer.Text);
        Assert.NotEmpty(answer.Citations);
        Assert.Equal(database.OfflineAnswer.Citations.Select(c => c.PassageId), answer.Citations.Select(c => c.PassageId));
    }

    private static async Task<(AnswerResult Answer, TimeSpan Elapsed)> TimedAnswerAsync(LabelBotRuntime runtime)
    {
        var started = Stopwatch.GetTimestamp();
        var answer = await runtime.Engine.AnswerAsync(new AnswerRequest(OneLabelDatabase.Question));
        return (answer, Stopwatch.GetElapsedTime(started));
    }
}

/// <summary>
/// A SQLite label database holding one small shipped label (data/labels), ingested once for the class, and the answer
/// the offline (no LLM) bot gives to <see cref="Question"/>, which every fallback must reproduce.
/// </summary>
public sealed class OneLabelDatabase : IAsyncLifetime
{
    public const string Question = "What is the pyrithione zinc dandruff shampoo used for?";

    private const string Label = "pyrithione-zinc-69baf948.xml";

    private readonly string _folder = Directory.CreateTempSubdirectory("labelbot-llm-fallback-").FullName;

    public AnswerResult OfflineAnswer { get; private set; } = null!;

    private string DatabasePath => Path.Combine(_folder, "labels.db");

    public async Task<LabelBotRuntime> OpenAsync(LlmOptions llm) => await LabelBotRuntime.OpenAsync(new RuntimeOptions(DatabasePath) { Llm = llm });

    public async Task InitializeAsync()
    {
        await using var offline = await OpenAsync(new LlmOptions());
        var report = await offline.IngestAsync([Path.Combine(LabelsFolder(), Label)]);
        Assert.Equal(1, report.Added);
        OfflineAnswer = await offline.Engine.AnswerAsync(new AnswerRequest(Question));
        Assert.Equal(AnswerKind.Answer, OfflineAnswer.Kind); // the fallback tests need a question the label answers
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private static string LabelsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LabelBot.sln")))
            {
                return Path.Combine(dir.FullName, "data", "labels");
            }
        }
        throw new DirectoryNotFoundException("LabelBot.sln not found above " + AppContext.BaseDirectory);
    }
}
