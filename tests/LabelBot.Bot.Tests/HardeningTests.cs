using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LabelBot.Bot.Channels.DirectLine;
using LabelBot.Bot.Feedback;
using LabelBot.Bot.Handoff;
using LabelBot.Bot.Rendering;
using LabelBot.Bot.Settings;
using LabelBot.Bot.Storage;
using LabelBot.Bot.Telemetry;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Bot.Texts;
using LabelBot.Core.Answering.Prompts;
using LabelBot.Storage.Sqlite;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests;

/// <summary>
/// Issue 16: each test replays one reproduced attack over loopback HTTP against the real host and checks it no longer
/// works. Every test speaks from an address of its own (X-Forwarded-For from loopback, which the host trusts).
/// </summary>
[Collection(BotHostCollection.Name)]
public sealed class StorageBoundsTests(BotHostFixture fixture) : GuardedHostTests(fixture, Limits)
{
    private static readonly Dictionary<string, string> Limits = new()
    {
        ["LabelBot:RateLimit:MessagesPerConversation"] = "6",
        ["LabelBot:RateLimit:ConversationWindowSeconds"] = "3600",
        ["LabelBot:DirectLine:PageSize"] = "5",
        ["LabelBot:DirectLine:MaxUserActivityBytes"] = "8192",
        ["LabelBot:DirectLine:MaxBytesPerConversation"] = "40000",
    };

    [Fact]
    public async Task Flood_of_large_and_refused_messages_stores_nothing_refused_and_a_conversation_stays_within_its_caps()
    {
        var options = Host.Host.Service<LabelBotHostOptions>();
        using var http = Host.ClientFrom("198.51.100.101");
        var client = new DirectLineTestClient(http);
        await client.StartAsync();

        // 250 KB messages (the reproduced attack): refused before anything is stored.
        var huge = new string('x', 250_000);
        for (var i = 0; i < 20; i++)
        {
            var (status, _) = await PostRawAsync(client, huge + i.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        }
        // Longer than a question may be but small enough to keep: answered "too long", not kept.
        var tooLongId = await client.PostTextAsync(new string('y', options.MaxQuestionLength + 10));
        Assert.StartsWith(PromptCatalog.Default.Get(BotTexts.TooLong).Body[..20], (string?)(await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == tooLongId))["text"], StringComparison.Ordinal);
        // Over the conversation's limit (6, the too-long message spent one): the last three get "slow down" and are not kept either.
        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var id = await client.PostTextAsync("");
            await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == id);
            ids.Add(id);
        }
        var slowDown = client.Received.Where(a => DirectLineTestClient.IsBotMessage(a) && (string?)a["text"] == BotTexts.Get(BotTexts.SlowDown)).ToList();
        Assert.Equal(3, slowDown.Count);

        // Read everything back page by page: pages hold at most PageSize and the watermark continues.
        var all = await ReadAllPagesAsync(client);
        Assert.All(all.Pages, count => Assert.InRange(count, 0, 5));
        Assert.True(all.Pages.Count > 2, "expected several pages");
        var userTexts = all.Activities.Where(a => (string?)a["from"]?["role"] == "user").Select(a => (string?)a["text"] ?? "").ToList();
        Assert.Equal(5, userTexts.Count);
        Assert.All(userTexts, t => Assert.Equal("", t));
        Assert.DoesNotContain(all.Activities, a => ((string?)a["id"])?.Contains("refused", StringComparison.Ordinal) == true);
        Assert.InRange(all.Activities.Sum(a => Encoding.UTF8.GetByteCount(a.ToString(Newtonsoft.Json.Formatting.None))), 1, 40_000 + 2_000);
        // The refused messages' replies still arrived, linked to ids that were never stored.
        Assert.Equal(ids.Skip(5), slowDown.Select(a => (string)a["replyToId"]!));
    }

    [Fact]
    public async Task Conversation_keeps_at_most_its_byte_budget_however_many_messages_arrive()
    {
        using var http = Host.ClientFrom("198.51.100.102");
        var client = new DirectLineTestClient(http);
        await client.StartAsync();
        var store = Host.Host.Service<IDirectLineStore>();
        // Bot-sized activities appended directly (as the bot's replies are): 3 KB each, 30 of them against a 40,000-byte budget.
        for (var i = 0; i < 30; i++)
        {
            await store.AppendAsync(client.ConversationId, new JObject { ["type"] = "message", ["text"] = new string('r', 3000) + i.ToString(CultureInfo.InvariantCulture) });
        }
        var all = await ReadAllPagesAsync(client);
        Assert.InRange(all.Activities.Sum(a => Encoding.UTF8.GetByteCount(a.ToString(Newtonsoft.Json.Formatting.None))), 1, 40_000);
        Assert.EndsWith("29", (string)all.Activities[^1]["text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uploads_count_the_bytes_actually_read_and_cap_parts_and_file_names()
    {
        using var http = Host.ClientFrom("198.51.100.104");
        var client = new DirectLineTestClient(http);
        await client.StartAsync();

        // 20 MB, chunked (no Content-Length): refused once 4 MB have been read. The host answers 413 and stops reading, so
        // the client sees either that answer or its own send cut off; either way nothing is stored (checked below).
        using (var chunked = NewUpload(client, new ChunkedMultipart(20 * 1024 * 1024)))
        {
            try
            {
                using var response = await http.SendAsync(chunked);
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            }
            catch (HttpRequestException ex) when (ex.InnerException is IOException)
            {
            }
        }

        // 1,000 file parts with 3,000-character names.
        using (var form = new MultipartFormDataContent())
        {
            for (var i = 0; i < 1000; i++)
            {
                var file = new ByteArrayContent([1, 2, 3]);
                file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
                form.Add(file, "file", new string('n', 3000) + i.ToString(CultureInfo.InvariantCulture) + ".png");
            }
            using var many = NewUpload(client, form);
            using var response = await http.SendAsync(many);
            // Over 4 MB of headers alone (413), else over the part and name caps (400): refused either way.
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge });
        }

        // 11 small files (over the 10-file cap) with short names, and one with a 300-character name.
        foreach (var (count, nameLength) in new[] { (11, 8), (1, 300) })
        {
            using var form = new MultipartFormDataContent();
            for (var i = 0; i < count; i++)
            {
                form.Add(new ByteArrayContent([1]), "file", new string('f', nameLength) + i.ToString(CultureInfo.InvariantCulture));
            }
            using var upload = NewUpload(client, form);
            using var response = await http.SendAsync(upload);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        // None of it reached the conversation.
        var all = await ReadAllPagesAsync(client);
        Assert.DoesNotContain(all.Activities, a => (string?)a["from"]?["role"] == "user");
    }

    internal static async Task<(List<JObject> Activities, List<int> Pages)> ReadAllPagesAsync(DirectLineTestClient client)
    {
        var activities = new List<JObject>();
        var pages = new List<int>();
        var watermark = "0";
        while (true)
        {
            var (status, body) = await client.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{client.ConversationId}/activities?watermark={watermark}", null);
            Assert.Equal(HttpStatusCode.OK, status);
            var page = body!["activities"]!.Cast<JObject>().ToList();
            pages.Add(page.Count);
            activities.AddRange(page);
            var next = (string)body["watermark"]!;
            if (next == watermark)
            {
                return (activities, pages);
            }
            watermark = next;
        }
    }

    private static Task<(HttpStatusCode Status, JObject? Body)> PostRawAsync(DirectLineTestClient client, string text) =>
        client.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{client.ConversationId}/activities", new JObject
        {
            ["type"] = "message",
            ["text"] = text,
            ["from"] = new JObject { ["id"] = client.UserId },
        });

    private static HttpRequestMessage NewUpload(DirectLineTestClient client, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"v3/directline/conversations/{client.ConversationId}/upload?userId={client.UserId}", UriKind.Relative)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.Token);
        return request;
    }

    /// <summary>A multipart body of one big file part, streamed without a Content-Length (HTTP/1.1 chunked).</summary>
    private sealed class ChunkedMultipart : HttpContent
    {
        private const string Boundary = "labelbot-chunked-test";
        private readonly int _fileBytes;

        public ChunkedMultipart(int fileBytes)
        {
            _fileBytes = fileBytes;
            Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
            var chunk = new byte[64 * 1024];
            try
            {
                for (var sent = 0; sent < _fileBytes; sent += chunk.Length)
                {
                    await stream.WriteAsync(chunk);
                }
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n"));
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                // The host stopped reading (413) before the end: expected.
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

/// <summary>Issue 16 item 1: the host-wide cap on stored conversations.</summary>
[Collection(BotHostCollection.Name)]
public sealed class ConversationCapTests(BotHostFixture fixture)
{
    [Fact]
    public async Task New_conversations_beyond_the_host_wide_cap_get_503_with_retry_after()
    {
        // The shared database already holds conversations (at least this one); a host capped at one refuses the next.
        var existing = new SqliteDirectLineStore(new SqliteBotDatabase(fixture.Host.Service<LabelBotHostOptions>().DatabasePath), TimeProvider.System, new DirectLineOptions());
        await existing.CreateConversationAsync(null);
        await using var capped = await GuardedBotHost.StartAsync(fixture, new Dictionary<string, string> { ["LabelBot:DirectLine:MaxConversations"] = "1" });
        using var http = capped.ClientFrom("198.51.100.103");
        foreach (var path in new[] { "v3/directline/tokens/generate", "v3/directline/conversations" })
        {
            using var refused = await http.PostAsync(new Uri(path, UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(refused.Headers.Contains("Retry-After"));
        }
    }
}

/// <summary>Issue 16 items 3, 4 and 6: tokens, failed authentication, and who may drive /api/messages.</summary>
[Collection(BotHostCollection.Name)]
public sealed class AuthenticationHardeningTests(BotHostFixture fixture)
{
    private const string Key = BotHostFixture.PharmacistKey;

    [Fact]
    public async Task Token_refresh_issues_a_new_token_the_old_one_ends_after_its_grace_and_no_token_outlives_the_conversation()
    {
        var clock = new ShiftableClock();
        await using var host = await GuardedBotHost.StartAsync(fixture, clock: clock);
        using var http = host.ClientFrom("198.51.100.111");
        var client = new DirectLineTestClient(http);
        await client.StartAsync();
        var first = client.Token;

        var (status, body) = await client.SendAsync(HttpMethod.Post, "v3/directline/tokens/refresh", null);
        Assert.Equal(HttpStatusCode.OK, status);
        var second = (string)body!["token"]!;
        Assert.NotEqual(first, second);
        Assert.Equal(client.ConversationId, (string?)body["conversationId"]);

        // Both work during the grace; afterwards only the new one.
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, Activities(client), null, first)).Status);
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(HttpMethod.Get, Activities(client), null, first)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(HttpMethod.Post, "v3/directline/tokens/refresh", null, first)).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, Activities(client), null, second)).Status);

        // Refreshing every 50 minutes keeps the conversation going for at most its 24 hours.
        var token = second;
        var elapsed = TimeSpan.FromSeconds(61);
        while (true)
        {
            clock.Advance(TimeSpan.FromMinutes(50));
            elapsed += TimeSpan.FromMinutes(50);
            var refreshed = await client.SendAsync(HttpMethod.Post, "v3/directline/tokens/refresh", null, token);
            if (refreshed.Status != HttpStatusCode.OK)
            {
                Assert.Equal(HttpStatusCode.Forbidden, refreshed.Status);
                break;
            }
            token = (string)refreshed.Body!["token"]!;
            Assert.True(elapsed < TimeSpan.FromHours(24), $"a token was refreshed {elapsed} after the conversation started");
        }
        Assert.True(elapsed <= TimeSpan.FromHours(24) + TimeSpan.FromMinutes(50));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(HttpMethod.Get, Activities(client), null, token)).Status);
    }

    [Fact]
    public async Task Guessing_the_pharmacist_key_or_a_token_is_limited_and_logged_on_every_authenticated_route()
    {
        var logs = new LogCapture();
        await using var host = await GuardedBotHost.StartAsync(fixture, new Dictionary<string, string> { ["LabelBot:PharmacistKey"] = Key }, logs);
        using var attacker = host.ClientFrom("198.51.100.112");
        var api = new PharmacistApiClient(attacker, Key);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            statuses.Add((await api.SendAsync(HttpMethod.Get, "pharmacist/api/cases", null, null, "Bearer wrong-key-" + i.ToString(CultureInfo.InvariantCulture))).Status);
        }
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 10).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 20)), statuses);
        // Blocked means blocked: the right key from that address waits too, on every authenticated route.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.GetAsync("pharmacist/api/cases")).Status);
        var dl = new DirectLineTestClient(attacker);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await dl.SendAsync(HttpMethod.Post, "v3/directline/tokens/refresh", null, "guessed-token")).Status);
        using (var messages = await TeamsActivities.PostAsync(attacker, new TeamsActivities(new Uri("http://127.0.0.1:9/")).Message("hi")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, messages.StatusCode);
        }
        // Another address is not affected.
        using var other = host.ClientFrom("198.51.100.113");
        Assert.Equal(HttpStatusCode.OK, (await new PharmacistApiClient(other, Key).GetAsync("pharmacist/api/cases")).Status);
        Assert.Equal(10, logs.Lines.Count(l => l.Contains("Authentication failed on pharmacist", StringComparison.Ordinal)));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("198.51.100.112", StringComparison.Ordinal) || l.Contains("wrong-key", StringComparison.Ordinal));

        // Direct Line tokens are guessed the same way, from a third address.
        using var guesser = host.ClientFrom("198.51.100.114");
        var victim = new DirectLineTestClient(host.Http);
        await victim.StartAsync();
        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            guesses.Add((await new DirectLineTestClient(guesser).SendAsync(HttpMethod.Get, Activities(victim), null, "guess-" + i.ToString(CultureInfo.InvariantCulture))).Status);
        }
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Forbidden, 10).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), guesses);
    }

    [Fact]
    public async Task A_pharmacist_key_shorter_than_32_characters_stops_the_host_with_a_clear_message()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => RunningBotHost.StartAsync(fixture.Host.DatabasePath,
            new Dictionary<string, string> { ["LabelBot:PharmacistKey"] = "only-twenty-seven-chars-key" }));
        Assert.Contains("at least 32 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_app_id_only_loopback_may_drive_the_bot_replies_go_only_to_allowed_service_urls_and_web_chat_conversations_are_off_limits()
    {
        await using var teams = await FakeChannelServer.StartAsync();
        await using var host = await GuardedBotHost.StartAsync(fixture, new Dictionary<string, string> { ["LabelBot:PharmacistKey"] = Key });

        // Another machine, no app id, open mode not enabled: 401, and no turn.
        var remoteUser = new TeamsActivities(teams.ServiceUrl);
        using var remote = host.ClientFrom("203.0.113.5");
        using (var response = await TeamsActivities.PostAsync(remote, remoteUser.Message("What are the warnings for ciprofloxacin?")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        Assert.Empty(teams.For(remoteUser.ConversationId));

        // A serviceUrl off the allow-list (server-side request forgery): 400, nothing sent anywhere.
        foreach (var target in new[] { "http://169.254.169.254/latest/", "https://attacker.example.com/", "file:///etc/passwd" })
        {
            var aimed = new TeamsActivities(teams.ServiceUrl).Message("What are the warnings for ciprofloxacin?");
            aimed["serviceUrl"] = target;
            using var response = await TeamsActivities.PostAsync(host.Http, aimed);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        Assert.Equal(0, host.Engine.Calls);

        // A web chat conversation's id (not its token) through /api/messages: refused, and its pharmacist case untouched.
        var victim = new DirectLineTestClient(host.Http);
        await victim.StartAsync();
        var request = await victim.PostTextAsync("I want to talk to a pharmacist");
        var caseId = CaseIds.From(await victim.WaitForBotMessageAsync(a => (string?)a["replyToId"] == request));
        foreach (var text in new[] { "Hello pharmacist, this is not the user", HandoffCommands.CancelRequest })
        {
            var forged = new TeamsActivities(teams.ServiceUrl).Message(text);
            forged["channelId"] = "directline";
            forged["conversation"] = new JObject { ["id"] = victim.ConversationId };
            using var response = await TeamsActivities.PostAsync(host.Http, forged);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        var stored = await new PharmacistApiClient(host.Http, Key).CaseAsync(caseId);
        Assert.Equal("waiting", (string?)stored["status"]);
        Assert.DoesNotContain(stored["messages"]!, m => ((string?)m["text"])?.Contains("not the user", StringComparison.Ordinal) == true);

        // Open mode, made explicit: another machine may call, replies still only to loopback.
        await using var open = await GuardedBotHost.StartAsync(fixture, new Dictionary<string, string> { ["Bot:AllowUnauthenticated"] = "true" });
        using var openRemote = open.ClientFrom("203.0.113.6");
        var allowed = new TeamsActivities(teams.ServiceUrl);
        using (var response = await TeamsActivities.PostAsync(openRemote, allowed.Message(" ")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Single(teams.For(allowed.ConversationId));
    }

    private static string Activities(DirectLineTestClient client) => $"v3/directline/conversations/{client.ConversationId}/activities?watermark=0";
}

/// <summary>Issue 16 items 7 and 8: feedback keeps no free text and only for issued answers; the pharmacist promise is honest.</summary>
[Collection(BotHostCollection.Name)]
public sealed class HonestyAndPrivacyTests(BotHostFixture fixture)
{
    private const string Key = BotHostFixture.PharmacistKey;

    [Fact]
    public async Task Feedback_keeps_a_reason_code_never_typed_text_and_refuses_answer_ids_never_issued()
    {
        await using var host = await GuardedBotHost.StartAsync(fixture);
        var client = new DirectLineTestClient(host.Http);
        await client.StartAsync();
        var questionId = await client.PostTextAsync("What are the warnings for naproxen?");
        var answer = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == questionId);
        var notHelpful = WebChatAnswers.NotHelpfulCardValue(answer);
        const string Typed = "Jane Doe-7f3a, call me on 555-867-5309 <img src=x onerror=alert(1)>";
        notHelpful[FeedbackAction.ReasonInputId] = Typed;
        var forged = (JObject)notHelpful.DeepClone();
        forged["answerId"] = "never-issued-" + Guid.NewGuid().ToString("N")[..8];

        await PostValueAsync(client, notHelpful);
        await client.WaitForBotMessageAsync(a => (string?)a["text"] == BotTexts.Get(BotTexts.FeedbackThanks));
        var forgedId = await PostValueAsync(client, forged);
        Assert.Equal(BotTexts.Get(BotTexts.FeedbackUnknownAnswer), (string?)(await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == forgedId))["text"]);

        var stored = await host.Host.Service<IFeedbackStore>().ListRecentAsync(500);
        var kept = Assert.Single(stored, e => e.AnswerId == (string?)notHelpful["answerId"]);
        Assert.Equal(FeedbackAction.OtherReason, kept.Reason);
        Assert.DoesNotContain(stored, e => e.AnswerId == (string?)forged["answerId"]);
        Assert.DoesNotContain(stored, e => e.Reason?.Contains("Jane", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Without_a_pharmacist_key_the_bot_promises_no_queue_files_no_case_and_warns_at_start()
    {
        var logs = new LogCapture();
        await using var host = await GuardedBotHost.StartAsync(fixture, logs: logs);
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Pharmacist escalation is disabled", StringComparison.Ordinal));
        var client = new DirectLineTestClient(host.Http);
        await client.StartAsync();

        var id = await client.PostTextAsync("I want to talk to a pharmacist");
        var reply = (string)(await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == id))["text"]!;
        Assert.Equal(BotTexts.Get(BotTexts.EscalationUnavailable), reply);
        Assert.DoesNotContain("queue", reply, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("911", reply, StringComparison.Ordinal);
        Assert.Contains("1-800-222-1222", reply, StringComparison.Ordinal);
        var conversationKey = IdHasher.Hash($"directline|{client.ConversationId}");
        Assert.Null(await host.Host.Service<IEscalationQueue>().FindOpenAsync(conversationKey));
    }

    [Fact]
    public async Task Outside_duty_hours_the_user_is_told_nobody_is_there_now_and_the_case_waits()
    {
        // Sunday 03:00 UTC, duty Monday to Friday 09:00–17:00 UTC.
        var clock = new ShiftableClock();
        var now = clock.GetUtcNow();
        var sunday = new DateTimeOffset(now.Year, now.Month, now.Day, 3, 0, 0, TimeSpan.Zero).AddDays(((int)DayOfWeek.Sunday - (int)now.DayOfWeek + 7) % 7 + 7);
        clock.Advance(sunday - now);
        await using var host = await GuardedBotHost.StartAsync(fixture, new Dictionary<string, string>
        {
            ["LabelBot:PharmacistKey"] = Key,
            ["Escalation:OpenDays"] = "Mon-Fri",
            ["Escalation:OpenFrom"] = "09:00",
            ["Escalation:OpenUntil"] = "17:00",
            ["Escalation:OpeningHours"] = "Monday to Friday, 9 am to 5 pm UTC",
        }, clock: clock);
        var client = new DirectLineTestClient(host.Http);
        await client.StartAsync();

        var id = await client.PostTextAsync("I want to talk to a pharmacist");
        var reply = (string)(await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == id))["text"]!;
        Assert.StartsWith("No pharmacist is available right now.", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("expected wait", reply, StringComparison.Ordinal);
        Assert.Contains("911", reply, StringComparison.Ordinal);
        var caseId = CaseIds.From(reply);
        Assert.Equal("waiting", (string?)(await new PharmacistApiClient(host.Http, Key).CaseAsync(caseId))["status"]);
    }

    [Fact]
    public async Task A_message_to_a_claimed_case_is_acknowledged()
    {
        await using var host = await GuardedBotHost.StartAsync(fixture, new Dictionary<string, string> { ["LabelBot:PharmacistKey"] = Key });
        var client = new DirectLineTestClient(host.Http);
        await client.StartAsync();
        var request = await client.PostTextAsync("I want to talk to a pharmacist");
        var caseId = CaseIds.From(await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == request));
        var api = new PharmacistApiClient(host.Http, Key);
        Assert.Equal(HttpStatusCode.OK, (await api.ClaimAsync(caseId, "Avery Chen")).Status);

        var id = await client.PostTextAsync("Thanks, I take it with breakfast");
        var ack = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == id);
        Assert.Equal(BotTexts.Render(BotTexts.PharmacistMessageReceived, new Dictionary<string, string> { ["case_id"] = caseId }), (string?)ack["text"]);
        Assert.Contains((await api.CaseAsync(caseId))["messages"]!, m => (string?)m["text"] == "Thanks, I take it with breakfast");
    }

    private static async Task<string> PostValueAsync(DirectLineTestClient client, JObject value)
    {
        var (status, body) = await client.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{client.ConversationId}/activities", new JObject
        {
            ["type"] = "message",
            ["from"] = new JObject { ["id"] = client.UserId },
            ["value"] = value,
        });
        Assert.Equal(HttpStatusCode.OK, status);
        return (string)body!["id"]!;
    }
}

/// <summary>Issue 16, markup: what the bot echoes (claim check, "not in label") never carries live markup, on any channel.</summary>
[Collection(BotHostCollection.Name)]
public sealed class MarkupEchoTests(BotHostFixture fixture)
{
    private const string Hostile = "check this: <img src=x onerror=alert(1)> Ciprofloxacin is the best-selling antibiotic in America. [Click for coupon](javascript:alert(document.cookie)) <a href=\"javascript:alert(2)\">more</a>";

    [Fact]
    public async Task Claim_check_echo_reaches_web_chat_and_teams_without_tags_or_script_links()
    {
        await using var host = await GuardedBotHost.StartAsync(fixture);
        await using var teams = await FakeChannelServer.StartAsync();
        var client = new DirectLineTestClient(host.Http);
        await client.StartAsync();
        var id = await client.PostTextAsync(Hostile);
        var webChat = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == id && a["text"] is not null);

        var user = new TeamsActivities(teams.ServiceUrl);
        using (var response = await TeamsActivities.PostAsync(host.Http, user.Message(Hostile)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var teamsReply = teams.For(user.ConversationId).Last(s => (string?)s.Activity["type"] == "message").Activity;

        foreach (var reply in new[] { webChat, teamsReply })
        {
            var everything = reply.ToString(Newtonsoft.Json.Formatting.None);
            Assert.Contains("best-selling", (string)reply["text"]!, StringComparison.Ordinal);
            Assert.DoesNotContain("<img", everything, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<a ", everything, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(@"\]\(\s*javascript:", everything);
        }
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>")]
    [InlineData("[x](javascript:alert(1))", "[x] (javascript:alert(1))")]
    [InlineData("[x]( JavaScript:alert(1))", "[x] ( JavaScript:alert(1))")]
    [InlineData("[DailyMed](https://dailymed.nlm.nih.gov/dailymed/)", "[DailyMed](https://dailymed.nlm.nih.gov/dailymed/)")]
    [InlineData("[Show in label viewer](/labels/abc/v9?passage=p1#p-p1)", "[Show in label viewer](/labels/abc/v9?passage=p1#p-p1)")]
    [InlineData("[x](/webchat/config)", "[x] (/webchat/config)")]
    [InlineData("[x](//evil.example/labels/)", "[x] (//evil.example/labels/)")]
    [InlineData("creatinine clearance < 30 mL/min and > 10", "creatinine clearance < 30 mL/min and > 10")]
    [InlineData("[ref]: javascript:alert(1)", "[ref] : javascript:alert(1)")]
    [InlineData("<!-- hidden --><svg onload=alert(1)>", "&lt;!-- hidden -->&lt;svg onload=alert(1)>")]
    public void Neutralizer_escapes_tags_and_breaks_unsafe_links_but_keeps_label_text(string input, string expected) =>
        Assert.Equal(expected, MarkupNeutralizer.Neutralize(input));
}

/// <summary>Issue 16 item 5: console sessions live on the server, so signing out or changing the key ends them.</summary>
[Collection(BotHostCollection.Name)]
public sealed class ConsoleSessionTests(BotHostFixture fixture)
{
    private const string Key = BotHostFixture.PharmacistKey;

    [Fact]
    public async Task Sign_out_ends_the_session_for_every_copy_of_the_cookie()
    {
        await using var host = await GuardedBotHost.StartAsync(fixture, new Dictionary<string, string> { ["LabelBot:PharmacistKey"] = Key });
        using var browser = new ConsoleBrowser(host.Host.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync("Avery Chen", Key)).Status);
        var cookie = browser.Cookies.GetCookieHeader(new Uri(host.Host.BaseUrl, "pharmacist"));
        Assert.Contains(PharmacistAuthenticatorCookie, cookie, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(host, cookie, "pharmacist")).StatusCode);

        // Signing out from the case list, as the page's button does.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("pharmacist")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync("pharmacist/signout", new Dictionary<string, string>())).Status);

        // The copy taken before signing out (as a stolen cookie would be) no longer opens anything.
        using var page = await GetWithCookieAsync(host, cookie, "pharmacist");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/pharmacist/signin", page.Headers.Location?.ToString());
        using var api = await GetWithCookieAsync(host, cookie, "pharmacist/api/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Changing_the_key_ends_every_session_and_the_key_ring_is_kept_encrypted_in_the_database()
    {
        var databasePath = RepoPaths.NewTempDatabasePath("console-keys");
        string cookie;
        var logs = new LogCapture();
        await using (var before = await GuardedBotHost.StartAsync(fixture, new Dictionary<string, string> { ["LabelBot:PharmacistKey"] = Key }, logs, databasePath: databasePath))
        {
            using var browser = new ConsoleBrowser(before.Host.BaseUrl);
            Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync("Avery Chen", Key)).Status);
            cookie = browser.Cookies.GetCookieHeader(new Uri(before.Host.BaseUrl, "pharmacist"));
            Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(before, cookie, "pharmacist")).StatusCode);
        }
        Assert.DoesNotContain(logs.Lines, l => l.Contains("No XML encryptor", StringComparison.Ordinal));
        var ring = await ReadKeyRingAsync(databasePath);
        Assert.NotEmpty(ring);
        Assert.All(ring, xml => Assert.Contains("encryptedKey", xml, StringComparison.Ordinal));
        Assert.All(ring, xml => Assert.DoesNotContain("masterKey", xml, StringComparison.Ordinal));

        // Another host on the same database with the same key accepts the session (the ring is shared) ...
        await using (var sameKey = await GuardedBotHost.StartAsync(fixture, new Dictionary<string, string> { ["LabelBot:PharmacistKey"] = Key }, databasePath: databasePath))
        {
            Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(sameKey, cookie, "pharmacist")).StatusCode);
        }
        // ... and after the key changes, nobody's session works.
        await using var rotated = await GuardedBotHost.StartAsync(fixture, new Dictionary<string, string> { ["LabelBot:PharmacistKey"] = Key + "-rotated" }, databasePath: databasePath);
        using var refused = await GetWithCookieAsync(rotated, cookie, "pharmacist");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/pharmacist/signin", refused.Headers.Location?.ToString());
    }

    private const string PharmacistAuthenticatorCookie = "labelbot_pharmacist=";

    private static async Task<HttpResponseMessage> GetWithCookieAsync(GuardedBotHost host, string cookie, string path)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = host.Host.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("Cookie", cookie);
        return await http.SendAsync(request);
    }

    private static async Task<List<string>> ReadKeyRingAsync(string databasePath)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT xml FROM bot_data_protection_keys";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }
}
