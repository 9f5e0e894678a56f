using System.Net;
using LabelBot.Bot.Telemetry;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Bot.Texts;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Telemetry;

/// <summary>The host's logs during answered, rate-limited, retried, held and file-carrying turns: events yes, message text and raw ids never.</summary>
[Collection(BotHostCollection.Name)]
public sealed class LogPrivacyTests(BotHostFixture fixture)
{
    [Fact]
    public async Task Logs_name_events_and_hashed_conversations_but_never_text_or_raw_ids()
    {
        const string Question = "My daughter Mia takes ciprofloxacin, what are its warnings?";
        const string Other = "Does atorvastatin interact with grapefruit juice?";
        var logs = new LogCapture();
        var settings = new Dictionary<string, string>
        {
            ["LabelBot:RateLimit:MessagesPerConversation"] = "2",
            ["LabelBot:RateLimit:ConversationWindowSeconds"] = "3600",
            ["LabelBot:Turns:BudgetSeconds"] = "0.5",
            ["LabelBot:Turns:TimeLimitSeconds"] = "10",
        };
        await using var host = await GuardedBotHost.StartAsync(fixture, settings, logs);
        await using var teams = await FakeChannelServer.StartAsync();

        // Teams: a question with a file (held past the budget), its retries, another question, then one too many.
        var user = new TeamsActivities(teams.ServiceUrl);
        var question = user.Message(Question, id: "1712345699001");
        question["attachments"] = new JArray(new JObject { ["contentType"] = "image/jpeg", ["contentUrl"] = "https://example.invalid/mia-rash.jpg", ["name"] = "mia-rash.jpg" });
        host.Engine.Delay = TimeSpan.FromSeconds(1);
        await PostAsync(host, question);
        host.Engine.Delay = TimeSpan.Zero;
        await PostAsync(host, question);                                        // same id
        await PostAsync(host, user.Message(Question, id: "1712345699002"));    // same text, new id
        await PostAsync(host, user.Message(Other));
        await PostAsync(host, user.Message("Can I take ibuprofen with it?"));  // over the limit
        Assert.Equal(BotTexts.Get(BotTexts.SlowDown), (string?)teams.For(user.ConversationId).Last().Activity["text"]);

        // Web chat: a question and its resend.
        var client = new DirectLineTestClient(host.Http);
        await client.StartAsync();
        var id = await client.PostTextAsync(Other);
        await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == id);
        await client.PostTextAsync(Other);

        var lines = logs.Lines;
        var teamsHash = IdHasher.Hash("msteams|" + user.ConversationId);
        Assert.Contains(lines, l => l.Contains("Answered on msteams conversation " + teamsHash, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("holding message sent", StringComparison.Ordinal) && l.Contains(teamsHash, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Ignored 1 attachments", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Ignored a retried message", StringComparison.Ordinal) && l.Contains("(activity_id)", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l.Contains("Ignored a retried message", StringComparison.Ordinal) && l.Contains("(same_text)", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("slow down (conversation limit)", StringComparison.Ordinal) && l.Contains(teamsHash, StringComparison.Ordinal));

        string[] secrets =
        [
            Question, Other, "Mia", "ciprofloxacin", "atorvastatin", "grapefruit", "ibuprofen", "mia-rash.jpg", "example.invalid",
            user.ConversationId, user.UserId, user.UserAadObjectId, "Avery Pharmacist",
            client.ConversationId, client.UserId, client.Token,
        ];
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    private static async Task PostAsync(GuardedBotHost host, JObject activity)
    {
        using var response = await TeamsActivities.PostAsync(host.Http, activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
