using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LabelBot.Bot.Feedback;
using LabelBot.Bot.Rendering;
using LabelBot.Bot.Telemetry;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Bot.Texts;
using LabelBot.Core.Answering.Prompts;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Channels.DirectLine;

/// <summary>The Direct Line 3.0–compatible endpoint of the real host, driven over HTTP like Web Chat's polling transport.</summary>
[Collection(BotHostCollection.Name)]
public sealed class DirectLineTests(BotHostFixture fixture)
{
    private HttpClient Http => fixture.Host.Http;

    [Fact]
    public async Task Conversation_welcomes_then_answers_through_the_same_bot_with_watermarks()
    {
        var client = new DirectLineTestClient(Http);
        await client.StartAsync();

        var welcome = await client.WaitForBotMessageAsync(_ => true);
        Assert.Equal(BotTexts.Get(BotTexts.Welcome), (string?)welcome["text"]);
        Assert.Equal("directline", (string?)welcome["channelId"]);

        var questionId = await client.PostTextAsync("What are the warnings for ciprofloxacin?");
        Assert.StartsWith(client.ConversationId + "|", questionId, StringComparison.Ordinal);
        var answer = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == questionId);
        Assert.Matches(@"\[\d+\]", (string)answer["text"]!);
        // Web chat's own citations (no card) and thumbs; Teams' entity (with its abstracts) is not sent to web chat.
        Assert.Empty(answer["attachments"] ?? new JArray());
        var citations = answer["entities"]!.Single(e => (string?)e["type"] == WebChatCitations.EntityType)["citation"]!;
        Assert.Contains("dailymed.nlm.nih.gov", citations.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(citations, c => c["appearance"]!["abstract"] is not null);
        Assert.Equal(2, answer["entities"]!.Count(e => (string?)e["type"] == FeedbackVotes.VoteActionType));

        // The user's own message is in the transcript once, with the client's id for Web Chat to match.
        Assert.Single(client.Received, a => (string?)a["id"] == questionId && (string?)a["from"]?["id"] == client.UserId);
        Assert.Contains(client.Received, a => (string?)a["type"] == "typing");

        // Polling again from the latest watermark returns nothing new.
        Assert.Empty(await client.PollAsync());
    }

    [Fact]
    public async Task Welcome_suggests_first_questions_about_loaded_labels_that_get_cited_answers()
    {
        var client = new DirectLineTestClient(Http);
        await client.StartAsync();
        var welcome = await client.WaitForBotMessageAsync(_ => true);
        var actions = welcome["suggestedActions"]!["actions"]!.ToList();
        Assert.InRange(actions.Count, 1, WelcomeSuggestions.MaxSuggestions);

        var labels = await fixture.Host.Service<LabelBot.Bot.Backend.BotBackend>().LabelStore!.ListLabelsAsync();
        var names = labels.Where(l => l.IsCurrent).Select(WelcomeSuggestions.ShortName).ToList();
        foreach (var action in actions)
        {
            Assert.Equal("imBack", (string?)action["type"]);
            var question = (string)action["value"]!;
            Assert.Contains(names, n => question.Contains(n, StringComparison.Ordinal));
            var id = await client.PostTextAsync(question);
            var answer = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == id && a["entities"] is not null);
            Assert.Equal("answer", (string?)answer["channelData"]![AnswerReplyBuilder.ChannelDataKey]!["answerKind"]);
            Assert.NotEmpty(answer["entities"]!.Single(e => (string?)e["type"] == WebChatCitations.EntityType)["citation"]!);
        }
    }

    [Fact]
    public async Task Web_chat_thumbs_vote_event_is_stored_once_for_the_answer_and_a_forged_one_is_not()
    {
        var client = new DirectLineTestClient(Http);
        await client.StartAsync();
        var questionId = await client.PostTextAsync("What are the warnings for naproxen?");
        var answer = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == questionId);
        var down = (JObject)answer["entities"]!.Single(e => (string?)e["actionOption"] == FeedbackVotes.Downvote).DeepClone();
        var forged = (JObject)down.DeepClone();
        forged["object"] = "urn:labelbot:answer:never-issued";

        // What Web Chat 4.18 posts when a thumb is pressed: an event whose only entity is the pressed VoteAction.
        JObject Vote(JObject action) => new()
        {
            ["type"] = "event",
            ["name"] = FeedbackVotes.WebChatEventName,
            ["from"] = new JObject { ["id"] = client.UserId },
            ["entities"] = new JArray(action),
        };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{client.ConversationId}/activities", Vote(down))).Status);
        await client.WaitForBotMessageAsync(a => (string?)a["text"] == BotTexts.Get(BotTexts.FeedbackThanks));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{client.ConversationId}/activities", Vote(forged))).Status);
        await client.WaitForBotMessageAsync(a => (string?)a["text"] == BotTexts.Get(BotTexts.FeedbackUnknownAnswer));

        var conversation = IdHasher.Hash($"directline|{client.ConversationId}");
        var vote = Assert.Single(await fixture.Host.Service<IFeedbackStore>().ListRecentAsync(1000), f => f.ConversationHash == conversation);
        Assert.False(vote.Helpful);
        Assert.Null(vote.Reason);
        Assert.Equal("answer", vote.AnswerKind);
        Assert.NotEmpty(vote.PassageIds);
    }

    [Fact]
    public async Task Unknown_conversation_is_404_and_foreign_token_is_403()
    {
        var client = new DirectLineTestClient(Http);
        await client.StartAsync();
        var other = new DirectLineTestClient(Http);
        await other.StartAsync();

        var unknownGet = await client.SendAsync(HttpMethod.Get, "v3/directline/conversations/does-not-exist/activities?watermark=0", null);
        Assert.Equal(HttpStatusCode.NotFound, unknownGet.Status);
        var unknownPost = await client.SendAsync(HttpMethod.Post, "v3/directline/conversations/does-not-exist/activities", new JObject { ["type"] = "message", ["text"] = "hi" });
        Assert.Equal(HttpStatusCode.NotFound, unknownPost.Status);

        var foreign = await client.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{other.ConversationId}/activities", null);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.Status);
        var noToken = await client.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{client.ConversationId}/activities", null, token: null);
        Assert.Equal(HttpStatusCode.Forbidden, noToken.Status);
        var badWatermark = await client.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{client.ConversationId}/activities?watermark=-7x", null);
        Assert.Equal(HttpStatusCode.OK, badWatermark.Status);
    }

    [Fact]
    public async Task Malformed_and_oversized_posts_are_client_errors()
    {
        var client = new DirectLineTestClient(Http);
        await client.StartAsync();
        var url = new Uri($"v3/directline/conversations/{client.ConversationId}/activities", UriKind.Relative);

        foreach (var (body, expected) in new[] { ("{ nope", HttpStatusCode.BadRequest), ("[1,2]", HttpStatusCode.BadRequest), ("{\"text\":\"" + new string('x', 300_000) + "\"}", HttpStatusCode.RequestEntityTooLarge) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.Token);
            using var response = await Http.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
        }
    }

    [Fact]
    public async Task Long_empty_and_upload_only_messages_get_fixed_replies()
    {
        var client = new DirectLineTestClient(Http);
        await client.StartAsync();

        var longId = await client.PostTextAsync(new string('b', 20_000));
        var tooLong = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == longId);
        Assert.StartsWith(PromptCatalog.Default.Get(BotTexts.TooLong).Body[..20], (string)tooLong["text"]!, StringComparison.Ordinal);

        var emptyId = await client.PostTextAsync("");
        var empty = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == emptyId);
        Assert.Equal(BotTexts.Get(BotTexts.EmptyMessage), (string?)empty["text"]);

        using var form = new MultipartFormDataContent();
        var activityPart = new StringContent(new JObject { ["type"] = "message", ["from"] = new JObject { ["id"] = client.UserId } }.ToString(), Encoding.UTF8);
        activityPart.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.microsoft.activity");
        form.Add(activityPart, "activity", "blob");
        var file = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47]);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "photo.png");
        using var upload = new HttpRequestMessage(HttpMethod.Post, new Uri($"v3/directline/conversations/{client.ConversationId}/upload?userId={client.UserId}", UriKind.Relative)) { Content = form };
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.Token);
        using var uploaded = await Http.SendAsync(upload);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var uploadId = (string)JObject.Parse(await uploaded.Content.ReadAsStringAsync())["id"]!;
        var attachmentsOnly = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == uploadId);
        Assert.Equal(BotTexts.Get(BotTexts.AttachmentsOnly), (string?)attachmentsOnly["text"]);
    }

    [Fact]
    public async Task Token_refresh_extends_the_same_token_and_rejects_unknown_ones()
    {
        var client = new DirectLineTestClient(Http);
        await client.StartAsync();
        var refreshed = await client.SendAsync(HttpMethod.Post, "v3/directline/tokens/refresh", null);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal(client.ConversationId, (string?)refreshed.Body!["conversationId"]);
        var unknown = await client.SendAsync(HttpMethod.Post, "v3/directline/tokens/refresh", null, token: "made-up-token");
        Assert.Equal(HttpStatusCode.Forbidden, unknown.Status);
        var reconnect = await client.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{client.ConversationId}?watermark=0", null);
        Assert.Equal(HttpStatusCode.OK, reconnect.Status);
    }

    [Fact]
    public async Task No_endpoint_lets_anyone_post_as_the_bot()
    {
        var client = new DirectLineTestClient(Http);
        await client.StartAsync();
        using var forged = new HttpRequestMessage(HttpMethod.Post, new Uri($"v3/conversations/{client.ConversationId}/activities", UriKind.Relative))
        {
            Content = new StringContent("{\"type\":\"message\",\"text\":\"I am the bot, take 40 mg\"}", Encoding.UTF8, "application/json"),
        };
        forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.Token);
        using var response = await Http.SendAsync(forged);
        Assert.False(response.IsSuccessStatusCode);
        await client.PollAsync();
        Assert.DoesNotContain(client.Received, a => ((string?)a["text"])?.Contains("40 mg", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Health_reports_the_loaded_label_count()
    {
        using var response = await Http.GetAsync(new Uri("healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ready", (string?)body["status"]);
        Assert.Equal(fixture.LabelCount, (int)body["labels"]!);
        Assert.True(fixture.LabelCount > 0);
    }
}
