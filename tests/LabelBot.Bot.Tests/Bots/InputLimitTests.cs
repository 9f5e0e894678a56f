using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LabelBot.Bot.Settings;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Bot.Texts;
using LabelBot.Core.Answering.Prompts;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Bots;

/// <summary>What the bot does with files and oversized or empty messages, over /api/messages and Direct Line, and that none of them reaches the engine.</summary>
[Collection(BotHostCollection.Name)]
public sealed class InputLimitTests(BotHostFixture fixture) : IAsyncLifetime
{
    private GuardedBotHost _host = null!;
    private FakeChannelServer _teams = null!;

    public async Task InitializeAsync()
    {
        _host = await GuardedBotHost.StartAsync(fixture);
        _teams = await FakeChannelServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _teams.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Teams_question_with_a_file_is_answered_and_told_the_file_was_ignored()
    {
        var user = new TeamsActivities(_teams.ServiceUrl);
        var message = user.Message("What are the warnings for ciprofloxacin?");
        message["attachments"] = new JArray(
            new JObject { ["contentType"] = "text/html", ["content"] = "<p>What are the warnings for ciprofloxacin?</p>" },
            new JObject { ["contentType"] = "image/png", ["contentUrl"] = "https://example.invalid/rash.png", ["name"] = "rash.png" });
        var callsBefore = _host.Engine.Calls;

        using var response = await TeamsActivities.PostAsync(_host.Http, message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = _teams.For(user.ConversationId).Select(s => s.Activity).ToList();
        var messages = sent.Where(a => (string?)a["type"] == "message").ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal(BotTexts.Get(BotTexts.AttachmentsIgnored), (string?)messages[0]["text"]);
        Assert.Matches(@"\[\d+\]", (string)messages[1]["text"]!);
        Assert.Equal(callsBefore + 1, _host.Engine.Calls);
        // The notice comes first, then typing while the engine works, then the answer.
        Assert.Equal(new string?[] { "message", "typing", "message" }, sent.Select(a => (string?)a["type"]));
    }

    [Fact]
    public async Task Teams_own_html_copy_of_the_text_is_not_an_ignored_attachment()
    {
        var user = new TeamsActivities(_teams.ServiceUrl);
        var message = user.Message("What are the warnings for ciprofloxacin?");
        message["attachments"] = new JArray(new JObject { ["contentType"] = "text/html", ["content"] = "<p>What are the warnings for ciprofloxacin?</p>" });

        using var response = await TeamsActivities.PostAsync(_host.Http, message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(_teams.For(user.ConversationId), s => (string?)s.Activity["type"] == "message").Activity;
        Assert.NotEqual(BotTexts.Get(BotTexts.AttachmentsIgnored), (string?)reply["text"]);
    }

    [Fact]
    public async Task Web_chat_upload_with_typed_text_is_answered_and_told_the_file_was_ignored()
    {
        var client = new DirectLineTestClient(_host.Http);
        await client.StartAsync();
        using var form = new MultipartFormDataContent();
        var activityPart = new StringContent(new JObject
        {
            ["type"] = "message",
            ["text"] = "What are the side effects of atorvastatin?",
            ["from"] = new JObject { ["id"] = client.UserId },
        }.ToString(), Encoding.UTF8);
        activityPart.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.microsoft.activity");
        form.Add(activityPart, "activity", "blob");
        var file = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47]);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "label-photo.png");
        using var upload = new HttpRequestMessage(HttpMethod.Post, new Uri($"v3/directline/conversations/{client.ConversationId}/upload?userId={client.UserId}", UriKind.Relative)) { Content = form };
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.Token);

        using var uploaded = await _host.Http.SendAsync(upload);

        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var uploadId = (string)JObject.Parse(await uploaded.Content.ReadAsStringAsync())["id"]!;
        await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == uploadId && ((string?)a["text"])?.Contains('[', StringComparison.Ordinal) == true);
        var replies = client.Received.Where(a => DirectLineTestClient.IsBotMessage(a) && (string?)a["replyToId"] == uploadId).ToList();
        Assert.Equal(2, replies.Count);
        Assert.Equal(BotTexts.Get(BotTexts.AttachmentsIgnored), (string?)replies[0]["text"]);
        Assert.Matches(@"\[\d+\]", (string)replies[1]["text"]!);
    }

    [Fact]
    public async Task Oversized_empty_and_file_only_messages_never_reach_the_engine()
    {
        var options = _host.Host.Service<LabelBotHostOptions>();
        var user = new TeamsActivities(_teams.ServiceUrl);
        var fileOnly = user.Message(null);
        fileOnly["attachments"] = new JArray(new JObject { ["contentType"] = "image/png", ["contentUrl"] = "https://example.invalid/x.png", ["name"] = "x.png" });
        var tooLong = user.Message(new string('a', options.MaxQuestionLength) + " cipro?");
        var callsBefore = _host.Engine.Calls;

        foreach (var (activity, expected) in new[] { (tooLong, BotTexts.TooLong), (user.Message("  "), BotTexts.EmptyMessage), (fileOnly, BotTexts.AttachmentsOnly) })
        {
            var before = _teams.For(user.ConversationId).Count;
            using var response = await TeamsActivities.PostAsync(_host.Http, activity);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var reply = Assert.Single(_teams.For(user.ConversationId).Skip(before)).Activity;
            Assert.StartsWith(PromptCatalog.Default.Get(expected).Body[..24], (string?)reply["text"], StringComparison.Ordinal);
        }
        Assert.Equal(callsBefore, _host.Engine.Calls);

        // Exactly at the cap is a question.
        using (var atCap = await TeamsActivities.PostAsync(_host.Http, user.Message(new string('a', options.MaxQuestionLength - 6) + " cipro")))
        {
            Assert.Equal(HttpStatusCode.OK, atCap.StatusCode);
        }
        Assert.Equal(callsBefore + 1, _host.Engine.Calls);
    }
}
