using System.Net;
using System.Text.RegularExpressions;
using LabelBot.Bot.Feedback;
using LabelBot.Bot.Rendering;
using LabelBot.Bot.Settings;
using LabelBot.Bot.Telemetry;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Bot.Texts;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Channels.Teams;

/// <summary>Teams-shaped activities posted to /api/messages of the real host; replies land on a fake Teams connector.</summary>
[Collection(BotHostCollection.Name)]
public sealed partial class TeamsChannelTests(BotHostFixture fixture) : IAsyncLifetime
{
    private FakeChannelServer _teams = null!;
    private TeamsActivities _activities = null!;

    private HttpClient Http => fixture.Host.Http;

    public async Task InitializeAsync()
    {
        _teams = await FakeChannelServer.StartAsync();
        _activities = new TeamsActivities(_teams.ServiceUrl);
    }

    public async Task DisposeAsync() => await _teams.DisposeAsync();

    [Fact]
    public async Task Label_question_gets_cited_answer_with_citations_card_and_the_teams_feedback_loop()
    {
        var question = _activities.Message("What are the warnings for ciprofloxacin?");
        using var response = await TeamsActivities.PostAsync(Http, question);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var sent = _teams.For(_activities.ConversationId);
        Assert.Equal("typing", (string?)sent[0].Activity["type"]);
        var reply = Assert.Single(sent, s => (string?)s.Activity["type"] == "message").Activity;
        Assert.All(sent, s => Assert.Equal((string?)question["id"], s.ReplyToId));

        // Text carries [n] markers; Teams' AI entity has one Claim per marker, within Teams' length caps.
        var text = (string)reply["text"]!;
        var markers = CitationMarker().Matches(text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        Assert.NotEmpty(markers);
        var entity = Assert.Single(reply["entities"]!, e => (string?)e["type"] == TeamsCitationEntity.EntityType);
        Assert.Equal("Message", (string?)entity["@type"]);
        Assert.Equal("https://schema.org", (string?)entity["@context"]);
        // Offline extracts are label text, not AI text: no "AI generated" label.
        Assert.Null(entity["additionalType"]);
        var claims = entity["citation"]!.ToList();
        Assert.Equal(markers, claims.Select(c => (int)c["position"]!).Order().ToList());
        foreach (var claim in claims)
        {
            Assert.Equal("Claim", (string?)claim["@type"]);
            var appearance = claim["appearance"]!;
            Assert.Equal("DigitalDocument", (string?)appearance["@type"]);
            Assert.InRange(((string)appearance["name"]!).Length, 1, TeamsCitationEntity.MaxNameLength);
            Assert.InRange(((string)appearance["abstract"]!).Length, 1, TeamsCitationEntity.MaxAbstractLength);
            Assert.StartsWith("https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=", (string?)appearance["url"], StringComparison.Ordinal);
        }

        // The card lists each cited passage with product, version/date, section, full text and a DailyMed link.
        var attachment = Assert.Single(reply["attachments"]!);
        Assert.Equal(SourcesCard.ContentType, (string?)attachment["contentType"]);
        var card = (JObject)attachment["content"]!;
        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        foreach (var claim in claims)
        {
            var position = (int)claim["position"]!;
            var block = card["body"]!.Single(b => (string?)b["id"] == $"citation-{position}");
            var lines = block["items"]!.Where(i => (string?)i["type"] == "TextBlock").Select(i => (string)i["text"]!).ToList();
            Assert.StartsWith($"[{position}] ", lines[0], StringComparison.Ordinal);
            Assert.Contains(lines, l => l.StartsWith("Label version ", StringComparison.Ordinal) && VersionDate().IsMatch(l));
            Assert.Contains(lines, l => l.StartsWith("Section: ", StringComparison.Ordinal));
            var abstractText = ((string)claim["appearance"]!["abstract"]!).TrimEnd('…');
            Assert.Contains(lines, l => l.Contains(abstractText, StringComparison.Ordinal));
            var openUrl = block["items"]!.Single(i => (string?)i["type"] == "ActionSet")["actions"]![0]!;
            Assert.Equal((string?)claim["appearance"]!["url"], (string?)openUrl["url"]);
        }
        // Feedback is Teams' own thumbs, not card buttons.
        Assert.True((bool)reply["channelData"]!["feedbackLoopEnabled"]!);
        Assert.Null(card["actions"]);
    }

    [Fact]
    public async Task Dosing_question_is_redirected_with_the_pharmacist_action()
    {
        using var response = await TeamsActivities.PostAsync(Http, _activities.Message("How much ciprofloxacin should I take for a UTI?"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var reply = _teams.For(_activities.ConversationId).Single(s => (string?)s.Activity["type"] == "message").Activity;
        var actions = reply["suggestedActions"]!["actions"]!;
        Assert.Contains(actions, a => (string?)a["title"] == SuggestedActionsBuilder.TalkToPharmacist && (string?)a["type"] == "imBack");
        // SAFETY: a redirect does not state a dose amount in its own words.
        Assert.DoesNotMatch(DoseAmount(), (string)reply["text"]!);
        Assert.True((bool)reply["channelData"]!["feedbackLoopEnabled"]!);
    }

    [Fact]
    public async Task Bot_added_to_a_chat_says_what_it_does_and_does_not_do()
    {
        using var response = await TeamsActivities.PostAsync(Http, _activities.MembersAdded());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var welcome = Assert.Single(_teams.For(_activities.ConversationId)).Activity;
        Assert.Equal(BotTexts.Get(BotTexts.Welcome), (string?)welcome["text"]);
        Assert.Contains("FDA drug labels", (string)welcome["text"]!, StringComparison.Ordinal);
        Assert.Contains("don't", (string)welcome["text"]!, StringComparison.Ordinal);
        Assert.Contains("911", (string)welcome["text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retried_activity_is_answered_once()
    {
        var question = _activities.Message("What are the side effects of atorvastatin?", id: "1712345678901");
        using (var first = await TeamsActivities.PostAsync(Http, question))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        var afterFirst = _teams.For(_activities.ConversationId).Count;
        using (var retry = await TeamsActivities.PostAsync(Http, question))
        {
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        }
        Assert.True(afterFirst >= 2);
        Assert.Equal(afterFirst, _teams.For(_activities.ConversationId).Count);
    }

    [Theory]
    [InlineData("typing")]
    [InlineData("messageReaction")]
    [InlineData("installationUpdate")]
    [InlineData("event")]
    public async Task Non_message_activities_are_accepted_without_a_reply(string type)
    {
        var activity = _activities.Base(type);
        if (type == "messageReaction")
        {
            activity["reactionsAdded"] = new JArray(new JObject { ["type"] = "like" });
            activity["replyToId"] = "1712345678000";
        }
        using var response = await TeamsActivities.PostAsync(Http, activity);
        Assert.True(response.IsSuccessStatusCode, $"{type} → {(int)response.StatusCode}");
        Assert.Empty(_teams.For(_activities.ConversationId));
    }

    [Fact]
    public async Task Unknown_invoke_is_acknowledged_not_failed()
    {
        var invoke = _activities.Base("invoke");
        invoke["name"] = "composeExtension/query";
        invoke["value"] = new JObject { ["commandId"] = "search" };
        using var response = await TeamsActivities.PostAsync(Http, invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Empty_attachment_only_and_oversized_messages_get_a_fixed_reply()
    {
        var options = fixture.Host.Service<LabelBotHostOptions>();
        var attachmentOnly = _activities.Message(null);
        attachmentOnly["attachments"] = new JArray(new JObject { ["contentType"] = "image/png", ["contentUrl"] = "https://example.invalid/x.png", ["name"] = "rash.png" });
        var cases = new (JObject Activity, string Expected)[]
        {
            (_activities.Message("   "), BotTexts.Get(BotTexts.EmptyMessage)),
            (attachmentOnly, BotTexts.Get(BotTexts.AttachmentsOnly)),
            (_activities.Message(new string('a', 19_990) + " cipro?"), BotTexts.Render(BotTexts.TooLong, new Dictionary<string, string> { ["max"] = options.MaxQuestionLength.ToString(System.Globalization.CultureInfo.InvariantCulture) })),
        };
        foreach (var (activity, expected) in cases)
        {
            var before = _teams.For(_activities.ConversationId).Count;
            using var response = await TeamsActivities.PostAsync(Http, activity);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var reply = Assert.Single(_teams.For(_activities.ConversationId).Skip(before)).Activity;
            Assert.Equal(expected, (string?)reply["text"]);
        }
    }

    [Fact]
    public async Task Malformed_body_is_a_client_error()
    {
        using var content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri("api/messages", UriKind.Relative), content);
        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task Feedback_loop_vote_is_stored_for_the_rated_message_without_its_text_or_identifiers()
    {
        using (var answer = await TeamsActivities.PostAsync(Http, _activities.Message("What are the warnings for ciprofloxacin?")))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
        var reply = _teams.For(_activities.ConversationId).Single(s => (string?)s.Activity["type"] == "message");
        Assert.True((bool)reply.Activity["channelData"]!["feedbackLoopEnabled"]!);
        var sentBefore = _teams.For(_activities.ConversationId).Count;

        // What Teams posts when the user presses thumbs down on that message and types a comment.
        const string Typed = "Jane Doe, 555-867-5309, this was wrong for my son";
        var forged = FeedbackInvoke("dislike", Typed, replyToId: "reply-never-sent-" + Guid.NewGuid().ToString("N")[..6]);
        using (var response = await TeamsActivities.PostAsync(Http, FeedbackInvoke("dislike", Typed, reply.Id)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using (var response = await TeamsActivities.PostAsync(Http, forged))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Teams confirms the submission itself: nothing more is sent to the chat.
        Assert.Equal(sentBefore, _teams.For(_activities.ConversationId).Count);
        var conversation = IdHasher.Hash("msteams|" + _activities.ConversationId);
        var stored = (await fixture.Host.Service<IFeedbackStore>().ListRecentAsync(500)).Where(f => f.ConversationHash == conversation).ToList();
        var vote = Assert.Single(stored);
        Assert.Equal(reply.Id, vote.AnswerId);
        Assert.False(vote.Helpful);
        Assert.Null(vote.Reason);
        Assert.Equal("answer", vote.AnswerKind);
        Assert.Equal("msteams", vote.ChannelId);
        Assert.NotEmpty(vote.PassageIds);
        Assert.DoesNotContain(_activities.ConversationId, vote.ConversationHash, StringComparison.Ordinal);
    }

    /// <summary>Teams' <c>message/submitAction</c> invoke of the feedback loop (thumbs plus the typed comment).</summary>
    private JObject FeedbackInvoke(string reaction, string typed, string replyToId)
    {
        var invoke = _activities.Base("invoke");
        invoke["name"] = FeedbackVotes.TeamsInvokeName;
        invoke["replyToId"] = replyToId;
        invoke["value"] = new JObject
        {
            ["actionName"] = "feedback",
            ["actionValue"] = new JObject
            {
                ["reaction"] = reaction,
                ["feedback"] = new JObject { ["feedbackText"] = typed }.ToString(Newtonsoft.Json.Formatting.None),
            },
        };
        return invoke;
    }

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex CitationMarker();

    [GeneratedRegex(@"Label version \S+ · effective \d{4}-\d{2}-\d{2}")]
    private static partial Regex VersionDate();

    [GeneratedRegex(@"\b\d+(\.\d+)?\s?(mg|mcg|g|mL)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DoseAmount();
}
