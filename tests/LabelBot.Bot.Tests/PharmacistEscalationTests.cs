using System.Globalization;
using System.Net;
using LabelBot.Bot.Conversations;
using LabelBot.Bot.Handoff;
using LabelBot.Bot.Rendering;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Bot.Texts;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests;

/// <summary>
/// "Talk to a pharmacist" end to end over HTTP on the real host: the hand-off from web chat and Teams, the console
/// API claiming and replying, the reply arriving in the user's own conversation, a restart in between, and the race.
/// </summary>
[Collection(BotHostCollection.Name)]
public sealed class PharmacistEscalationTests(BotHostFixture fixture)
{
    private const string Key = BotHostFixture.PharmacistKey;

    private HttpClient Http => fixture.Host.Http;

    [Fact]
    public async Task Web_chat_escalation_reaches_a_pharmacist_whose_reply_comes_back_until_the_case_is_closed()
    {
        var api = new PharmacistApiClient(Http, Key);
        var client = new DirectLineTestClient(Http);
        await client.StartAsync();

        var questionId = await client.PostTextAsync("How much ciprofloxacin should I take for a UTI?");
        var redirect = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == questionId);
        Assert.Contains(redirect["suggestedActions"]!["actions"]!, a => (string?)a["value"] == HandoffCommands.TalkToPharmacist);

        // The suggested action comes back as the user's text.
        var requestId = await client.PostTextAsync(HandoffCommands.TalkToPharmacist);
        var started = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == requestId);
        var caseId = CaseIds.From(started);
        var startedText = (string)started["text"]!;
        Assert.Matches(@"number \*\*\d+\*\* in the queue", startedText);
        Assert.Contains("911", startedText, StringComparison.Ordinal);
        Assert.Contains(started["suggestedActions"]!["actions"]!, a => (string?)a["value"] == HandoffCommands.CancelRequest);

        // The Bot Framework hand-off event went into the conversation, carrying the case and the transcript.
        var handoff = Assert.Single(client.Received, a => (string?)a["type"] == "event" && (string?)a["name"] == "handoff.initiate");
        Assert.Equal(caseId, (string?)handoff["value"]!["caseId"]);
        Assert.Equal("dosing", (string?)handoff["value"]!["reason"]);
        var handedOver = handoff["attachments"]!.Single(a => (string?)a["name"] == "Transcript")["content"]!["activities"]!;
        Assert.Contains(handedOver, a => ((string?)a["text"])?.Contains("How much ciprofloxacin", StringComparison.Ordinal) == true);

        // The console lists it as waiting, with the reason taken from the redirect the user reacted to.
        var listed = Assert.Single(await api.ListAsync("waiting"), c => (string?)c["id"] == caseId);
        Assert.Equal("dosing", (string?)listed["reason"]);
        Assert.Equal(EscalationReason.Dosing.Urgency(), (int)listed["urgency"]!);
        Assert.Equal("directline", (string?)listed["channel"]);
        var waiting = await api.CaseAsync(caseId);
        Assert.Contains(waiting["transcript"]!, t => (string?)t["role"] == "user" && ((string?)t["text"])!.Contains("ciprofloxacin", StringComparison.Ordinal));
        Assert.Contains(waiting["transcript"]!, t => (string?)t["role"] == "bot" && (string?)t["kind"] == "dosing_redirect");

        var (claimed, _) = await api.ClaimAsync(caseId, "Avery Chen");
        Assert.Equal(HttpStatusCode.OK, claimed);
        await client.WaitForBotMessageAsync(a => (string?)a["text"] == BotTexts.Get(BotTexts.EscalationClaimed));

        // While the pharmacist has the case, the user's messages go to it (redacted), not to the engine: the bot only
        // acknowledges them.
        var followUpId = await client.PostTextAsync("Can I take it with milk? Call me at 555-123-4567 or write to jo.doe@example.com");
        var acknowledged = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == followUpId);
        Assert.Equal(BotTexts.Render(BotTexts.PharmacistMessageReceived, new Dictionary<string, string> { ["case_id"] = caseId }), (string?)acknowledged["text"]);
        Assert.Single(client.Received, a => (string?)a["replyToId"] == followUpId);
        var followUp = (await api.CaseAsync(caseId))["messages"]!.Last(m => (string?)m["role"] == "user");
        Assert.Contains("milk", (string)followUp["text"]!, StringComparison.Ordinal);
        Assert.Contains(TranscriptRedactor.Phone, (string)followUp["text"]!, StringComparison.Ordinal);
        Assert.Contains(TranscriptRedactor.Email, (string)followUp["text"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("555-123-4567", (await api.CaseAsync(caseId)).ToString(), StringComparison.Ordinal);

        const string Reply = "Dairy alone can reduce absorption: take ciprofloxacin 2 hours before or 6 hours after milk.";
        var (replied, replyBody) = await api.ReplyAsync(caseId, "Avery Chen", Reply);
        Assert.Equal(HttpStatusCode.OK, replied);
        Assert.Equal("answered", (string?)replyBody!["case"]!["status"]);
        var delivered = await client.WaitForBotMessageAsync(a => ((string?)a["text"])?.Contains(Reply, StringComparison.Ordinal) == true);
        Assert.StartsWith("**Pharmacist Avery Chen replied:**", (string)delivered["text"]!, StringComparison.Ordinal);

        var (closed, _) = await api.CloseAsync(caseId, "Avery Chen");
        Assert.Equal(HttpStatusCode.OK, closed);
        await client.WaitForBotMessageAsync(a => (string?)a["text"] == BotTexts.Get(BotTexts.EscalationClosed));

        // The bot resumes.
        var againId = await client.PostTextAsync("What are the warnings for ciprofloxacin?");
        var answer = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == againId);
        Assert.Matches(@"\[\d+\]", (string)answer["text"]!);

        var audit = (await api.CaseAsync(caseId))["audit"]!.ToList();
        var actions = audit.Select(a => (string)a["action"]!).ToList();
        Assert.Equal(["filed", "claimed", "user_notified_claimed", "user_message", "pharmacist_replied", "closed", "user_notified_closed"], actions);
        Assert.Equal("user", (string?)audit[0]["actor"]);
        Assert.Equal("pharmacist:Avery Chen", (string?)audit[1]["actor"]);
        Assert.DoesNotContain(audit, a => ((string?)a["detail"])?.Contains("milk", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Teams_conversation_gets_the_reply_proactively_and_the_pharmacists_channel_gets_a_card()
    {
        const string PharmacistsChannel = "19:pharmacists-labelbot@thread.tacv2";
        await using var teams = await FakeChannelServer.StartAsync();
        await using var host = await RunningBotHost.StartAsync(fixture.Host.DatabasePath, new Dictionary<string, string>
        {
            ["LabelBot:PharmacistKey"] = Key,
            ["Escalation:OpeningHours"] = "Monday to Friday, 9 am to 5 pm Eastern",
            ["Escalation:MinutesPerCase"] = "7",
            ["Escalation:ConsoleUrl"] = "https://labelbot.example.org/pharmacist",
            ["Escalation:PharmacistsChannel:ServiceUrl"] = teams.ServiceUrl.ToString(),
            ["Escalation:PharmacistsChannel:ConversationId"] = PharmacistsChannel,
            ["Escalation:PharmacistsChannel:TenantId"] = TeamsActivities.TenantId,
        });
        await host.WaitUntilReadyAsync(BotHostFixture.SeedTimeout);
        var api = new PharmacistApiClient(host.Http, Key);
        var user = new TeamsActivities(teams.ServiceUrl);

        using (var question = await TeamsActivities.PostAsync(host.Http, user.Message("What are the side effects of atorvastatin?")))
        {
            Assert.Equal(HttpStatusCode.OK, question.StatusCode);
        }
        // Typed, not the button: the engine's escalation kind.
        var request = user.Message("I want to talk to a pharmacist please");
        using (var response = await TeamsActivities.PostAsync(host.Http, request))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var sent = teams.For(user.ConversationId);
        var started = sent.Last(s => (string?)s.Activity["type"] == "message").Activity;
        var caseId = CaseIds.From(started);
        Assert.Contains("Pharmacists are available Monday to Friday, 9 am to 5 pm Eastern.", (string)started["text"]!, StringComparison.Ordinal);
        var wait = System.Text.RegularExpressions.Regex.Match((string)started["text"]!, @"number \*\*(\d+)\*\* in the queue \(expected wait about (\d+) minutes\)");
        Assert.True(wait.Success, (string?)started["text"]);
        Assert.Equal(int.Parse(wait.Groups[1].Value, CultureInfo.InvariantCulture) * 7, int.Parse(wait.Groups[2].Value, CultureInfo.InvariantCulture));
        // Teams answers event activities with 400: no handoff event there, the case is in LabelBot's own queue.
        Assert.DoesNotContain(sent, s => (string?)s.Activity["type"] == "event");

        var card = Assert.Single(teams.For(PharmacistsChannel)).Activity;
        Assert.Contains(caseId, card.ToString(), StringComparison.Ordinal);
        Assert.Contains($"https://labelbot.example.org/pharmacist/cases/{caseId}", card.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("atorvastatin", card.ToString(), StringComparison.OrdinalIgnoreCase);

        var kept = await api.CaseAsync(caseId);
        Assert.Equal("msteams", (string?)kept["channel"]);
        Assert.Equal("user_request", (string?)kept["reason"]);
        Assert.Contains(kept["transcript"]!, t => (string?)t["role"] == "bot" && t["citations"]?.Any() == true);
        // The typed request is part of what the pharmacist reads.
        Assert.Equal("I want to talk to a pharmacist please", (string?)kept["transcript"]!.Last()["text"]);

        Assert.Equal(HttpStatusCode.OK, (await api.ClaimAsync(caseId, "Blake Rivera")).Status);
        const string Reply = "Muscle pain on atorvastatin should be reported to your prescriber promptly.";
        Assert.Equal(HttpStatusCode.OK, (await api.ReplyAsync(caseId, "Blake Rivera", Reply)).Status);
        var proactive = teams.For(user.ConversationId).Last();
        Assert.Contains(Reply, (string)proactive.Activity["text"]!, StringComparison.Ordinal);
        Assert.StartsWith("**Pharmacist Blake Rivera replied:**", (string)proactive.Activity["text"]!, StringComparison.Ordinal);
        Assert.Equal("message", (string?)proactive.Activity["type"]);
        Assert.Equal(user.ConversationId, (string?)proactive.Activity["conversation"]!["id"]);

        // The user's next message goes to the pharmacist: the bot only acknowledges it.
        var before = teams.For(user.ConversationId).Count;
        using (var followUp = await TeamsActivities.PostAsync(host.Http, user.Message("Thanks, should I stop taking it?")))
        {
            Assert.Equal(HttpStatusCode.OK, followUp.StatusCode);
        }
        Assert.Equal(before + 1, teams.For(user.ConversationId).Count);
        Assert.Equal(BotTexts.Render(BotTexts.PharmacistMessageReceived, new Dictionary<string, string> { ["case_id"] = caseId }),
            (string?)teams.For(user.ConversationId).Last().Activity["text"]);
        Assert.Contains((await api.CaseAsync(caseId))["messages"]!, m => (string?)m["text"] == "Thanks, should I stop taking it?");

        Assert.Equal(HttpStatusCode.OK, (await api.CloseAsync(caseId, "Blake Rivera")).Status);
        Assert.Equal(BotTexts.Get(BotTexts.EscalationClosed), (string?)teams.For(user.ConversationId).Last().Activity["text"]);
    }

    [Fact]
    public async Task An_escalation_made_while_another_process_holds_the_database_write_lock_is_filed_once_after_it_is_released()
    {
        var api = new PharmacistApiClient(Http, Key);
        var client = new DirectLineTestClient(Http);
        await client.StartAsync();
        var questionId = await client.PostTextAsync("How much ciprofloxacin should I take for a UTI?");
        await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == questionId);
        var waitingBefore = (await api.ListAsync()).Count;

        // Another writer (an ingest, a backup, a second tool) holds the write lock for a few seconds, shorter than
        // the 30 s busy timeout: the user's request waits for it rather than failing or being dropped.
        Task<string> request;
        await using (var writer = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={fixture.Host.DatabasePath};Pooling=False"))
        {
            await writer.OpenAsync();
            await using var lockCommand = writer.CreateCommand();
            lockCommand.CommandText = "BEGIN EXCLUSIVE;";
            await lockCommand.ExecuteNonQueryAsync();
            request = client.PostTextAsync(HandoffCommands.TalkToPharmacist);
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.False(request.IsCompleted, "the request did not wait for the lock");
            lockCommand.CommandText = "ROLLBACK;";
            await lockCommand.ExecuteNonQueryAsync();
        }

        var requestId = await request;
        var caseId = CaseIds.From(await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == requestId));
        var cases = await api.ListAsync();
        Assert.Single(cases, c => (string?)c["id"] == caseId);
        Assert.Equal(waitingBefore + 1, cases.Count);
        Assert.Contains((await api.CaseAsync(caseId))["transcript"]!, t => (string?)t["role"] == "user" && ((string?)t["text"])!.Contains("ciprofloxacin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nothing_is_lost_when_the_host_restarts_between_escalation_and_reply_and_no_message_text_is_logged()
    {
        const string Question = "I'm pregnant, can I take ibuprofen? (I'm sam.lee@example.com)";
        const string Reply = "Please check with your obstetrician before using ibuprofen during pregnancy.";
        var settings = new Dictionary<string, string> { ["LabelBot:PharmacistKey"] = Key };
        var logs = new LogCapture();
        var client = default(DirectLineTestClient)!;
        string caseId;
        int seenBeforeRestart;

        var first = await RunningBotHost.StartAsync(fixture.Host.DatabasePath, settings, logs: logs);
        try
        {
            await first.WaitUntilReadyAsync(BotHostFixture.SeedTimeout);
            client = new DirectLineTestClient(first.Http);
            await client.StartAsync();
            var questionId = await client.PostTextAsync(Question);
            await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == questionId);
            var requestId = await client.PostTextAsync(HandoffCommands.TalkToPharmacist);
            caseId = CaseIds.From(await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == requestId));
            seenBeforeRestart = client.Received.Count;
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = await RunningBotHost.StartAsync(fixture.Host.DatabasePath, settings, logs: logs);
        await second.WaitUntilReadyAsync(BotHostFixture.SeedTimeout);
        client.Http = second.Http;
        var api = new PharmacistApiClient(second.Http, Key);

        var kept = await api.CaseAsync(caseId);
        Assert.Equal("waiting", (string?)kept["status"]);
        var userTurn = kept["transcript"]!.First(t => (string?)t["role"] == "user");
        Assert.Contains("ibuprofen", (string)userTurn["text"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("sam.lee@example.com", (string)userTurn["text"]!, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await api.ClaimAsync(caseId, "Avery Chen")).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.ReplyAsync(caseId, "Avery Chen", Reply)).Status);
        // Same token, same watermark, new host: the page's polling picks the reply up.
        await client.WaitForBotMessageAsync(a => ((string?)a["text"])?.Contains(Reply, StringComparison.Ordinal) == true);
        var everything = await client.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{client.ConversationId}/activities?watermark=0", null);
        Assert.Equal(HttpStatusCode.OK, everything.Status);
        Assert.True(everything.Body!["activities"]!.Count() >= seenBeforeRestart + 2);

        // Application logs name the case and the action, never what anyone wrote, nor who (ids, names, addresses).
        var lines = logs.Lines;
        Assert.Contains(lines, l => l.Contains(caseId, StringComparison.Ordinal) && l.Contains("claimed", StringComparison.Ordinal));
        foreach (var secret in new[] { "pregnant", "sam.lee@example.com", "obstetrician", "Avery", client.ConversationId, client.UserId })
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Two_pharmacists_claiming_the_same_case_at_once_only_one_wins()
    {
        var api = new PharmacistApiClient(Http, Key);
        var caseId = await EscalateFromWebChatAsync();

        var claims = await Task.WhenAll(api.ClaimAsync(caseId, "Avery Chen"), api.ClaimAsync(caseId, "Blake Rivera"));
        Assert.Single(claims, c => c.Status == HttpStatusCode.OK);
        Assert.Single(claims, c => c.Status == HttpStatusCode.Conflict);
        var winner = claims[0].Status == HttpStatusCode.OK ? "Avery Chen" : "Blake Rivera";
        var loser = winner == "Avery Chen" ? "Blake Rivera" : "Avery Chen";

        var stored = await api.CaseAsync(caseId);
        Assert.Equal(winner, (string?)stored["claimedBy"]);
        Assert.Equal("claimed", (string?)stored["status"]);
        // The loser can neither reply nor close; the audit shows both attempts.
        Assert.Equal(HttpStatusCode.Conflict, (await api.ReplyAsync(caseId, loser, "I'll take this one.")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await api.CloseAsync(caseId, loser)).Status);
        var audit = (await api.CaseAsync(caseId))["audit"]!;
        Assert.Contains(audit, a => (string?)a["action"] == "claimed" && (string?)a["actor"] == "pharmacist:" + winner);
        Assert.Contains(audit, a => (string?)a["action"] == "claim_refused" && (string?)a["actor"] == "pharmacist:" + loser);
    }

    [Fact]
    public async Task User_can_cancel_a_request_and_ask_again_later()
    {
        var api = new PharmacistApiClient(Http, Key);
        var client = new DirectLineTestClient(Http);
        await client.StartAsync();
        var requestId = await client.PostTextAsync(HandoffCommands.TalkToPharmacist);
        var caseId = CaseIds.From(await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == requestId));
        Assert.Equal("user_request", (string?)(await api.CaseAsync(caseId))["reason"]);

        // Asking again while waiting does not file a second case.
        var againId = await client.PostTextAsync("talk to a pharmacist");
        Assert.Equal(caseId, CaseIds.From(await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == againId)));

        var cancelId = await client.PostTextAsync(HandoffCommands.CancelRequest);
        var cancelled = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == cancelId);
        Assert.Equal(BotTexts.Get(BotTexts.EscalationCancelled), (string?)cancelled["text"]);
        var closed = await api.CaseAsync(caseId);
        Assert.Equal("closed", (string?)closed["status"]);
        Assert.Equal("user", (string?)closed["closedBy"]);
        Assert.Contains(closed["audit"]!, a => (string?)a["action"] == "cancelled_by_user");
        Assert.DoesNotContain(await api.ListAsync(), c => (string?)c["id"] == caseId);

        var newRequestId = await client.PostTextAsync(HandoffCommands.TalkToPharmacist);
        Assert.NotEqual(caseId, CaseIds.From(await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == newRequestId)));
    }

    [Fact]
    public async Task Described_side_effect_gets_the_adverse_event_reply_and_with_consent_a_flagged_case()
    {
        var api = new PharmacistApiClient(Http, Key);
        var client = new DirectLineTestClient(Http);
        await client.StartAsync();
        const string AllStatuses = "waiting,claimed,answered,closed";
        var casesBefore = (await api.ListAsync(AllStatuses)).Count;
        var reportId = await client.PostTextAsync("I started Lipitor and now I have a rash");
        var reply = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == reportId);
        var text = (string)reply["text"]!;
        Assert.Contains("1-800-FDA-1088", text, StringComparison.Ordinal);
        Assert.Contains("healthcare provider", text, StringComparison.Ordinal);
        var actions = reply["suggestedActions"]!["actions"]!.Select(a => (string?)a["value"]).ToList();
        Assert.Contains(SuggestedActionsBuilder.ReportSideEffect, actions);
        Assert.Contains(SuggestedActionsBuilder.TalkToPharmacist, actions);
        // The reply can be rated like any answer (thumbs).
        Assert.Contains(reply["entities"]!, e => (string?)e["type"] == FeedbackVotes.VoteActionType);

        // Nothing is filed until the user agrees.
        Assert.Equal(casesBefore, (await api.ListAsync(AllStatuses)).Count);
        var consentId = await client.PostTextAsync(SuggestedActionsBuilder.ReportSideEffect);
        var filed = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == consentId);
        Assert.Contains("1-800-FDA-1088", (string)filed["text"]!, StringComparison.Ordinal);
        var caseId = CaseIds.From(filed);

        var stored = await api.CaseAsync(caseId);
        Assert.True((bool)stored["adverseEvent"]!);
        Assert.Equal("adverse_event", (string?)stored["reason"]);
        Assert.Equal(EscalationReason.AdverseEvent.Urgency(), (int)stored["urgency"]!);
        Assert.Contains(stored["transcript"]!, t => (string?)t["kind"] == "adverse_event");
        Assert.Contains(stored["audit"]!, a => (string?)a["action"] == "filed" && ((string?)a["detail"])!.Contains("adverse_event=True", StringComparison.Ordinal));
        // Urgent cases come first in the waiting list.
        var waiting = await api.ListAsync("waiting");
        Assert.Equal(waiting.Select(c => (int)c["urgency"]!).Order().ToList(), waiting.Select(c => (int)c["urgency"]!).ToList());
    }

    private async Task<string> EscalateFromWebChatAsync()
    {
        var client = new DirectLineTestClient(Http);
        await client.StartAsync();
        var requestId = await client.PostTextAsync(HandoffCommands.TalkToPharmacist);
        return CaseIds.From(await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == requestId));
    }
}
