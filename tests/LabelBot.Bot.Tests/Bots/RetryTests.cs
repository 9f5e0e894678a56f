using System.Net;
using LabelBot.Bot.Bots;
using LabelBot.Bot.Rendering;
using LabelBot.Bot.Tests.Infrastructure;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Bots;

/// <summary>
/// Channel retries under a new activity id (same conversation, same text, within the 30 s window) are answered once;
/// deliberate repeats after the window, or with another message in between, are answered. The host's wall clock is
/// moved forward instead of waiting.
/// </summary>
[Collection(BotHostCollection.Name)]
public sealed class RetryTests(BotHostFixture fixture) : IAsyncLifetime
{
    private readonly ShiftableClock _clock = new();
    private GuardedBotHost _host = null!;
    private FakeChannelServer _teams = null!;

    public async Task InitializeAsync()
    {
        _host = await GuardedBotHost.StartAsync(fixture, clock: _clock);
        _teams = await FakeChannelServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _teams.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Teams_retry_under_a_new_id_is_answered_once_and_a_repeat_after_the_window_again()
    {
        var user = new TeamsActivities(_teams.ServiceUrl);
        const string Question = "What are the side effects of atorvastatin?";
        var calls = _host.Engine.Calls;

        await PostAsync(user.Message(Question, id: "1712345600001"));
        Assert.Equal(1, Answers(user));
        // Teams' retry: same text, new id, whitespace as the client re-rendered it.
        await PostAsync(user.Message("What are the  side effects of atorvastatin? ", id: "1712345600002"));
        _clock.Advance(TimeSpan.FromSeconds(20));
        await PostAsync(user.Message(Question, id: "1712345600003"));
        Assert.Equal(1, Answers(user));
        Assert.Equal(calls + 1, _host.Engine.Calls);

        // Each repeat restarted the window: 29 s after the last copy it is still a retry, 31 s after it is a new question.
        _clock.Advance(TimeSpan.FromSeconds(29));
        await PostAsync(user.Message(Question, id: "1712345600004"));
        Assert.Equal(1, Answers(user));
        _clock.Advance(TimeSpan.FromSeconds(31));
        await PostAsync(user.Message(Question, id: "1712345600005"));
        Assert.Equal(2, Answers(user));
        Assert.Equal(calls + 2, _host.Engine.Calls);
    }

    [Fact]
    public async Task Same_short_reply_is_answered_again_once_another_message_came_between()
    {
        var user = new TeamsActivities(_teams.ServiceUrl);
        await PostAsync(user.Message("yes"));
        await PostAsync(user.Message("yes"));
        Assert.Equal(1, Answers(user));

        await PostAsync(user.Message("What is ibuprofen used for?"));
        await PostAsync(user.Message("yes"));
        Assert.Equal(3, Answers(user));

        // Case matters: a retry is a copy, a retyped "Yes" is the user speaking.
        await PostAsync(user.Message("Yes"));
        Assert.Equal(4, Answers(user));
    }

    [Fact]
    public async Task Same_button_value_twice_within_the_window_is_one_feedback()
    {
        var user = new TeamsActivities(_teams.ServiceUrl);
        await PostAsync(user.Message("What are the warnings for ciprofloxacin?"));
        // A card button's value (the Emulator's); in Teams the answer is named by the id Teams gave the message.
        var answerId = _teams.For(user.ConversationId).Single(s => (string?)s.Activity["type"] == "message").Id;
        var helpful = new FeedbackAction(FeedbackRating.Helpful, answerId, "answer", [], null).ToSubmitData();

        for (var i = 0; i < 2; i++)
        {
            var submit = user.Message(null);
            submit["value"] = helpful.DeepClone();
            await PostAsync(submit);
        }
        Assert.Equal(2, Answers(user));
    }

    [Fact]
    public async Task Web_chat_resend_of_the_same_text_is_answered_once()
    {
        var client = new DirectLineTestClient(_host.Http);
        await client.StartAsync();
        var calls = _host.Engine.Calls;
        var firstId = await client.PostTextAsync("What are the warnings for ciprofloxacin?");
        await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == firstId);

        var resentId = await client.PostTextAsync("What are the warnings for ciprofloxacin?");

        // The post returns once its turn is over: whatever it sent is there to poll.
        Assert.NotEqual(firstId, resentId);
        await client.PollAsync();
        Assert.DoesNotContain(client.Received, a => DirectLineTestClient.IsBotMessage(a) && (string?)a["replyToId"] == resentId);
        Assert.Equal(calls + 1, _host.Engine.Calls);
    }

    [Fact]
    public async Task Retry_memory_forgets_conversations_once_their_window_has_passed()
    {
        var middleware = _host.Host.Service<DuplicateActivityMiddleware>();
        for (var i = 0; i < 3; i++)
        {
            await PostAsync(new TeamsActivities(_teams.ServiceUrl).Message(" ok "));
        }
        Assert.True(middleware.TrackedConversations >= 3);

        _clock.Advance(TimeSpan.FromMinutes(2));
        await PostAsync(new TeamsActivities(_teams.ServiceUrl).Message(" ok "));
        Assert.Equal(1, middleware.TrackedConversations);
    }

    private async Task PostAsync(JObject activity)
    {
        using var response = await TeamsActivities.PostAsync(_host.Http, activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private int Answers(TeamsActivities user) => _teams.For(user.ConversationId).Count(s => (string?)s.Activity["type"] == "message");
}
