using System.Globalization;
using System.Net;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Bot.Texts;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Bots;

/// <summary>
/// Per-conversation and per-address limits on a host of their own (3 messages per conversation, 8 requests per address
/// per hour); each test speaks from its own address (X-Forwarded-For from loopback, which the host trusts).
/// </summary>
[Collection(BotHostCollection.Name)]
public sealed class RateLimitTests(BotHostFixture fixture) : GuardedHostTests(fixture, Limits)
{
    private static readonly Dictionary<string, string> Limits = new()
    {
        ["LabelBot:RateLimit:MessagesPerConversation"] = "3",
        ["LabelBot:RateLimit:RequestsPerIp"] = "8",
        // Hour-long windows: a permit comes back every 450 s (20 min per conversation), never during a test on a slow
        // machine (with one-minute windows an address regained a permit every 7.5 s).
        ["LabelBot:RateLimit:ConversationWindowSeconds"] = "3600",
        ["LabelBot:RateLimit:IpWindowSeconds"] = "3600",
        // Teams messages come "from" other addresses here, and there is no app id in tests.
        ["Bot:AllowUnauthenticated"] = "true",
    };

    [Fact]
    public async Task Web_chat_conversation_over_its_limit_is_asked_to_slow_down_and_the_engine_is_not_asked()
    {
        using var http = Host.ClientFrom("198.51.100.1");
        var client = new DirectLineTestClient(http);
        await client.StartAsync();
        string[] questions = ["What is atorvastatin used for?", "What are the warnings for ciprofloxacin?", "What are the side effects of ibuprofen?"];
        foreach (var question in questions)
        {
            var id = await client.PostTextAsync(question);
            var answer = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == id);
            Assert.NotEqual(BotTexts.Get(BotTexts.SlowDown), (string?)answer["text"]);
        }
        var callsBefore = Host.Engine.Calls;

        var fourthId = await client.PostTextAsync("Does cipro interact with antacids?");

        var reply = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == fourthId);
        Assert.Equal(BotTexts.Get(BotTexts.SlowDown), (string?)reply["text"]);
        Assert.Contains("911", (string)reply["text"]!, StringComparison.Ordinal);
        Assert.Equal(callsBefore, Host.Engine.Calls);

        // The limit is the conversation's: another conversation is answered.
        using var otherHttp = Host.ClientFrom("198.51.100.2");
        var other = new DirectLineTestClient(otherHttp);
        await other.StartAsync();
        var otherId = await other.PostTextAsync("Does cipro interact with antacids?");
        Assert.NotEqual(BotTexts.Get(BotTexts.SlowDown), (string?)(await other.WaitForBotMessageAsync(a => (string?)a["replyToId"] == otherId))["text"]);
        Assert.Equal(callsBefore + 1, Host.Engine.Calls);
    }

    [Fact]
    public async Task Teams_conversation_over_its_limit_gets_the_slow_down_reply_with_200()
    {
        using var http = Host.ClientFrom("198.51.100.3");
        var user = new TeamsActivities(Teams.ServiceUrl);
        for (var i = 0; i < 4; i++)
        {
            // Empty messages: cheap, and never taken for retries of each other.
            using var response = await TeamsActivities.PostAsync(http, user.Message(" "));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var texts = Teams.For(user.ConversationId).Select(s => (string?)s.Activity["text"]).ToList();
        Assert.Equal(Enumerable.Repeat(BotTexts.Get(BotTexts.EmptyMessage), 3).Append(BotTexts.Get(BotTexts.SlowDown)), texts);
    }

    [Fact]
    public async Task Address_over_its_limit_gets_slow_down_replies_in_its_conversations_and_429_for_new_ones()
    {
        const string Address = "198.51.100.9";
        using var http = Host.ClientFrom(Address);
        // 8 requests: two conversation starts (2 each) and two messages in each conversation (within its own limit of 3).
        var first = new DirectLineTestClient(http);
        await first.StartAsync();
        await PostEmptyAsync(first, expectSlowDown: false);
        await PostEmptyAsync(first, expectSlowDown: false);
        var second = new DirectLineTestClient(http);
        await second.StartAsync();
        await PostEmptyAsync(second, expectSlowDown: false);
        await PostEmptyAsync(second, expectSlowDown: false);

        // 9th: the second conversation still has a message left, the address does not.
        await PostEmptyAsync(second, expectSlowDown: true);

        // No conversation to reply in: 429 with Retry-After, for both ways of starting one.
        foreach (var path in new[] { "v3/directline/tokens/generate", "v3/directline/conversations" })
        {
            using var refused = await http.PostAsync(new Uri(path, UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 1, 3600 / 8); // at most one replenishment period
            Assert.Equal("TooManyRequests", (string?)JObject.Parse(await refused.Content.ReadAsStringAsync())["error"]!["code"]);
        }

        // Bot Framework messages from that address: still 200, and the user reads "slow down".
        var teamsUser = new TeamsActivities(Teams.ServiceUrl);
        using (var response = await TeamsActivities.PostAsync(http, teamsUser.Message("What are the warnings for ciprofloxacin?")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(BotTexts.Get(BotTexts.SlowDown), (string?)Assert.Single(Teams.For(teamsUser.ConversationId)).Activity["text"]);

        // Another address is not affected.
        using var otherHttp = Host.ClientFrom("198.51.100.10");
        await new DirectLineTestClient(otherHttp).StartAsync();
    }

    [Fact]
    public async Task A_flood_from_one_address_never_gets_a_server_error()
    {
        using var http = Host.ClientFrom("198.51.100.20");
        var client = new DirectLineTestClient(http);
        await client.StartAsync();
        var user = new TeamsActivities(Teams.ServiceUrl);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
        {
            if (i % 2 == 0)
            {
                using var teams = await TeamsActivities.PostAsync(http, user.Message(" ", id: "flood-" + i.ToString(CultureInfo.InvariantCulture)));
                return teams.StatusCode;
            }
            var posted = await client.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{client.ConversationId}/activities",
                new JObject { ["type"] = "message", ["text"] = "", ["from"] = new JObject { ["id"] = client.UserId } });
            return posted.Status;
        }));
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var texts = Teams.For(user.ConversationId).Select(s => (string?)s.Activity["text"]).ToList();
        Assert.Equal(15, texts.Count);
        Assert.Contains(BotTexts.Get(BotTexts.SlowDown), texts);
    }

    private static async Task PostEmptyAsync(DirectLineTestClient client, bool expectSlowDown)
    {
        var id = await client.PostTextAsync("");
        var reply = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == id);
        Assert.Equal(BotTexts.Get(expectSlowDown ? BotTexts.SlowDown : BotTexts.EmptyMessage), (string?)reply["text"]);
    }
}
