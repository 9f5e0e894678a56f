using System.Net;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Bot.Texts;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Bots;

/// <summary>
/// Turn deadlines with a slow engine (the real one behind a delay): typing before the engine starts, a holding message
/// once the turn budget (2 s here) is spent, the answer after it, and a clear "try again" when the time limit (6 s here)
/// passes, whether or not the engine honours cancellation.
/// </summary>
[Collection(BotHostCollection.Name)]
public sealed class DeadlineTests(BotHostFixture fixture) : GuardedHostTests(fixture, Deadlines)
{
    private static readonly Dictionary<string, string> Deadlines = new()
    {
        // Margins for a loaded CI machine: the real engine answers well inside 2 s, and the slowed one (3.5 s plus
        // the real engine) well inside 6 s.
        ["LabelBot:Turns:BudgetSeconds"] = "2",
        ["LabelBot:Turns:TimeLimitSeconds"] = "6",
    };

    private static readonly TimeSpan SlowEngine = TimeSpan.FromSeconds(3.5);

    public override async Task DisposeAsync()
    {
        // A test may leave the engine slow: in-flight turns finish at once while the host stops.
        Host.Engine.Delay = TimeSpan.Zero;
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Fast_engine_gets_typing_then_the_answer_and_no_holding_message()
    {
        var user = new TeamsActivities(Teams.ServiceUrl);
        IReadOnlyList<string> seenWhenEngineStarted = [];
        Host.Engine.OnCalled = () => seenWhenEngineStarted = Kinds(user);

        using var response = await TeamsActivities.PostAsync(Host.Http, user.Message("What are the warnings for ciprofloxacin?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["typing"], seenWhenEngineStarted);
        Assert.Equal(["typing", "answer"], Kinds(user));
    }

    [Fact]
    public async Task Slow_engine_gets_a_holding_message_within_the_budget_then_the_answer()
    {
        var user = new TeamsActivities(Teams.ServiceUrl);
        IReadOnlyList<string> seenWhenEngineStarted = [];
        IReadOnlyList<string> seenWhenEngineFinished = [];
        Host.Engine.Delay = SlowEngine;
        Host.Engine.OnCalled = () => seenWhenEngineStarted = Kinds(user);
        Host.Engine.OnFinished = () => seenWhenEngineFinished = Kinds(user);

        using var response = await TeamsActivities.PostAsync(Host.Http, user.Message("What are the warnings for ciprofloxacin?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["typing"], seenWhenEngineStarted);
        // The holding message went out while the engine was still working.
        Assert.Equal(["typing", "holding"], seenWhenEngineFinished);
        Assert.Equal(["typing", "holding", "answer"], Kinds(user));
        var answer = Teams.For(user.ConversationId).Last().Activity;
        Assert.Matches(@"\[\d+\]", (string)answer["text"]!);
    }

    [Fact]
    public async Task Web_chat_gets_the_holding_message_before_a_slow_answer()
    {
        Host.Engine.Delay = SlowEngine;
        var client = new DirectLineTestClient(Host.Http);
        await client.StartAsync();

        var id = await client.PostTextAsync("What are the side effects of atorvastatin?");

        await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == id && ((string?)a["text"])?.Contains('[', StringComparison.Ordinal) == true);
        var replies = client.Received.Where(a => (string?)a["replyToId"] == id && (string?)a["from"]?["role"] == "bot").Select(a => (string?)a["type"] == "typing" ? "typing" : (string?)a["text"]).ToList();
        Assert.Equal("typing", replies[0]);
        Assert.Equal(BotTexts.Get(BotTexts.StillWorking), replies[1]);
        Assert.Equal(3, replies.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Engine_that_never_answers_is_given_up_on_at_the_time_limit(bool ignoresCancellation)
    {
        var user = new TeamsActivities(Teams.ServiceUrl);
        Host.Engine.Delay = TimeSpan.FromSeconds(30);
        Host.Engine.IgnoreCancellation = ignoresCancellation;
        var cancellations = Host.Engine.Cancellations;
        try
        {
            using var response = await TeamsActivities.PostAsync(Host.Http, user.Message("What are the warnings for ciprofloxacin?"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            Host.Engine.IgnoreCancellation = false;
        }

        Assert.Equal(["typing", "holding", "timed_out"], Kinds(user));
        Assert.Contains("911", (string)Teams.For(user.ConversationId).Last().Activity["text"]!, StringComparison.Ordinal);
        // Given up on, not waited for: the turn is over while the stuck engine is still inside its call (no clock read).
        if (ignoresCancellation)
        {
            Assert.Equal(1, Host.Engine.Running);
        }
        else
        {
            Assert.Equal(cancellations + 1, Host.Engine.Cancellations);
        }
    }

    /// <summary>What the channel received so far, as "typing", "holding", "timed_out" or "answer".</summary>
    private List<string> Kinds(TeamsActivities user) => Teams.For(user.ConversationId).Select(s => s.Activity).Select(Kind).ToList();

    private static string Kind(JObject activity) => (string?)activity["type"] == "typing" ? "typing"
        : (string?)activity["text"] == BotTexts.Get(BotTexts.StillWorking) ? "holding"
        : (string?)activity["text"] == BotTexts.Get(BotTexts.AnswerTimedOut) ? "timed_out"
        : "answer";
}
