using System.Net;
using System.Text;
using LabelBot.Bot.Tests.Infrastructure;

namespace LabelBot.Bot.Tests.Hosting;

/// <summary>
/// A turn slower than the acknowledgement time (1 s here) does not hold the HTTP request that delivered the message: the
/// channel gets its answer (Direct Line: the activity id; /api/messages: 202) while the engine is still working, and the
/// bot's answer follows the usual way. Channels give up on a request long before a slow turn ends (Web Chat ~20 s,
/// Bot Framework 15 s) and would report a failed send for a message the bot is answering.
/// </summary>
[Collection(BotHostCollection.Name)]
public sealed class AcknowledgementTests(BotHostFixture fixture) : GuardedHostTests(fixture, Settings)
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["LabelBot:Turns:AcknowledgeSeconds"] = "1",
    };

    private static readonly TimeSpan SlowEngine = TimeSpan.FromSeconds(6);

    private volatile bool _engineFinished;

    public override async Task DisposeAsync()
    {
        Host.Engine.Delay = TimeSpan.Zero;
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Web_chat_gets_the_activity_id_while_the_engine_works_and_the_answer_after()
    {
        Host.Engine.Delay = SlowEngine;
        Host.Engine.OnFinished = () => _engineFinished = true;
        var client = new DirectLineTestClient(Host.Http);
        await client.StartAsync();

        var id = await client.PostTextAsync("What are the warnings for ciprofloxacin?");

        Assert.False(_engineFinished, "the POST waited for the whole turn");
        Assert.False(string.IsNullOrEmpty(id));
        var answer = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == id && ((string?)a["text"])?.Contains('[', StringComparison.Ordinal) == true);
        Assert.True(_engineFinished);
        Assert.Contains("ciprofloxacin", answer.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Teams_gets_202_while_the_engine_works_and_the_answer_reaches_the_channel_after()
    {
        Host.Engine.Delay = SlowEngine;
        Host.Engine.OnFinished = () => _engineFinished = true;
        var user = new TeamsActivities(Teams.ServiceUrl);

        using var response = await TeamsActivities.PostAsync(Host.Http, user.Message("What are the warnings for ciprofloxacin?"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(_engineFinished, "the request waited for the whole turn");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!Teams.For(user.ConversationId).Any(r => ((string?)r.Activity["text"])?.Contains('[', StringComparison.Ordinal) == true) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Single(Teams.For(user.ConversationId), r => ((string?)r.Activity["text"])?.Contains('[', StringComparison.Ordinal) == true);
        Assert.True(_engineFinished);
    }

    [Fact]
    public async Task A_fast_teams_turn_is_still_answered_200_after_its_replies()
    {
        var user = new TeamsActivities(Teams.ServiceUrl);

        using var response = await TeamsActivities.PostAsync(Host.Http, user.Message("What are the warnings for ciprofloxacin?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Teams.For(user.ConversationId), r => ((string?)r.Activity["text"])?.Contains('[', StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("{ nope", HttpStatusCode.BadRequest)]
    [InlineData("[1,2]", HttpStatusCode.BadRequest)]
    [InlineData("{\"text\":\"no type\"}", HttpStatusCode.BadRequest)]
    [InlineData("huge", HttpStatusCode.RequestEntityTooLarge)]
    public async Task A_body_that_is_not_one_activity_is_refused_before_any_turn(string body, HttpStatusCode expected)
    {
        var calls = Host.Engine.Calls;
        var json = body == "huge" ? "{\"type\":\"message\",\"text\":\"" + new string('x', 300_000) + "\"}" : body;
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await Host.Http.PostAsync(new Uri("api/messages", UriKind.Relative), content);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(calls, Host.Engine.Calls);
    }
}
