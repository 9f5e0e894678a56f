using System.Text;
using LabelBot.Bot.Conversations;
using LabelBot.Bot.DirectLine;
using LabelBot.Bot.Escalation;
using LabelBot.Bot.Hosting;
using LabelBot.Bot.Pharmacist;
using LabelBot.Bot.Storage;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Core.Answering;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests;

/// <summary>The host's SQLite stores on a fresh file: the queue's guarantees, the Direct Line store across instances, bounded transcripts, redaction and the console cookie.</summary>
public sealed class BotStoresTests : IDisposable
{
    private readonly string _databasePath = RepoPaths.NewTempDatabasePath("stores");
    private readonly BotDatabase _database;

    public BotStoresTests() => _database = new BotDatabase(new LabelBotHostOptions { DatabasePath = _databasePath });

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(_databasePath)!, recursive: true);
    }

    private SqliteEscalationQueue NewQueue() => new(new BotDatabase(new LabelBotHostOptions { DatabasePath = _databasePath }), TimeProvider.System);

    private static NewEscalationCase Draft(string conversation, EscalationReason reason, bool adverseEvent = false) => new(
        "directline", conversation, DeliveryRoute.LocalDirectLine, "{}", reason, adverseEvent,
        [TranscriptEntry.FromUser("question", DateTimeOffset.UtcNow)]);

    [Fact]
    public async Task Of_many_concurrent_claims_exactly_one_wins()
    {
        var queue = NewQueue();
        var filed = await queue.FileAsync(Draft("conv-race", EscalationReason.Dosing));
        // Separate queue instances (as separate hosts on one file would be), all at once.
        var claims = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => NewQueue().TryClaimAsync(filed.Case.Id, $"Pharmacist {i}"))));
        Assert.Single(claims, won => won);
        var stored = await queue.GetAsync(filed.Case.Id);
        Assert.Equal(EscalationStatus.Claimed, stored!.Status);
        var audit = await queue.ListAuditAsync(filed.Case.Id);
        var winner = Assert.Single(audit, a => a.Action == "claimed");
        Assert.Equal(EscalationNames.PharmacistActor(stored.ClaimedBy!), winner.Actor);
        Assert.Equal(11, audit.Count(a => a.Action == "claim_refused"));
    }

    [Fact]
    public async Task A_conversation_has_one_open_case_and_urgent_cases_queue_first()
    {
        var queue = NewQueue();
        var plain = await queue.FileAsync(Draft("conv-a", EscalationReason.UserRequest));
        var again = await queue.FileAsync(Draft("conv-a", EscalationReason.Dosing));
        Assert.False(again.Created);
        Assert.Equal(plain.Case.Id, again.Case.Id);
        var emergency = await queue.FileAsync(Draft("conv-b", EscalationReason.Emergency));
        var dosing = await queue.FileAsync(Draft("conv-c", EscalationReason.Dosing));

        Assert.Equal(1, await queue.QueuePositionAsync(emergency.Case.Id));
        Assert.Equal(2, await queue.QueuePositionAsync(dosing.Case.Id));
        Assert.Equal(3, await queue.QueuePositionAsync(plain.Case.Id));
        var waiting = await queue.ListAsync([EscalationStatus.Waiting], 10);
        Assert.Equal([emergency.Case.Id, dosing.Case.Id, plain.Case.Id], waiting.Select(c => c.Id).ToList());

        // Consent to an adverse-event report raises the case's urgency.
        Assert.True(await queue.MarkAdverseEventReportAsync(plain.Case.Id));
        var flagged = await queue.GetAsync(plain.Case.Id);
        Assert.True(flagged!.AdverseEventReport);
        Assert.Equal(EscalationReason.AdverseEvent, flagged.Reason);
        Assert.Equal(2, await queue.QueuePositionAsync(plain.Case.Id));

        Assert.True(await queue.CloseAsync(plain.Case.Id, EscalationNames.UserActor, "cancelled_by_user"));
        Assert.False(await queue.CloseAsync(plain.Case.Id, EscalationNames.UserActor, "cancelled_by_user"));
        Assert.Equal(0, await queue.QueuePositionAsync(plain.Case.Id));
        Assert.True((await queue.FileAsync(Draft("conv-a", EscalationReason.UserRequest))).Created);
    }

    [Fact]
    public async Task Only_the_claiming_pharmacist_replies_and_nothing_is_added_after_close()
    {
        var queue = NewQueue();
        var id = (await queue.FileAsync(Draft("conv-m", EscalationReason.Personal))).Case.Id;
        var now = DateTimeOffset.UtcNow;
        Assert.False(await queue.AddMessageAsync(id, TranscriptEntry.FromPharmacist("hi", "Avery", now)));
        Assert.True(await queue.TryClaimAsync(id, "Avery"));
        Assert.False(await queue.AddMessageAsync(id, TranscriptEntry.FromPharmacist("mine", "Blake", now)));
        Assert.True(await queue.AddMessageAsync(id, TranscriptEntry.FromPharmacist("hello", "Avery", now)));
        Assert.True(await queue.AddMessageAsync(id, TranscriptEntry.FromUser("thanks", now)));
        var answered = await queue.GetAsync(id);
        Assert.Equal(EscalationStatus.Answered, answered!.Status);
        Assert.Equal(["hello", "thanks"], answered.Messages.Select(m => m.Text).ToList());
        Assert.Equal(TranscriptRole.User, (await queue.ListAsync([EscalationStatus.Answered], 10)).Single(c => c.Id == id).LastMessageRole);

        Assert.True(await queue.CloseAsync(id, EscalationNames.PharmacistActor("Avery"), "closed"));
        Assert.False(await queue.AddMessageAsync(id, TranscriptEntry.FromUser("late", now)));
        Assert.Null(await queue.FindOpenAsync("conv-m"));
        Assert.Equal(["filed", "claimed", "pharmacist_replied", "user_message", "closed"], (await queue.ListAuditAsync(id)).Select(a => a.Action).ToList());
    }

    [Fact]
    public async Task Direct_line_conversations_survive_a_new_store_instance_and_tokens_are_stored_hashed()
    {
        var first = new SqliteDirectLineStore(_database, TimeProvider.System);
        var issued = await first.CreateConversationAsync("web-user-1");
        Assert.True(await first.MarkStartedAsync(issued.Conversation.Id));
        Assert.False(await first.MarkStartedAsync(issued.Conversation.Id));
        for (var i = 0; i < 3; i++)
        {
            await first.AppendAsync(issued.Conversation.Id, new JObject { ["type"] = "message", ["text"] = "m" + i });
        }

        var second = new SqliteDirectLineStore(new BotDatabase(new LabelBotHostOptions { DatabasePath = _databasePath }), TimeProvider.System);
        Assert.Equal(issued.Conversation.Id, (await second.FindByTokenAsync(issued.Token))!.Id);
        Assert.Null(await second.FindByTokenAsync(issued.Token + "x"));
        Assert.False(await second.MarkStartedAsync(issued.Conversation.Id));
        var fromOne = await second.GetActivitiesAsync(issued.Conversation.Id, 1);
        Assert.Equal("3", fromOne!.Watermark);
        Assert.Equal(["m1", "m2"], fromOne.Activities.Select(a => (string)a["text"]!).ToList());
        Assert.Equal($"{issued.Conversation.Id}|0000002", (string?)fromOne.Activities[1]["id"]);
        Assert.Null(await second.GetActivitiesAsync("unknown", 0));
        Assert.Null(await second.AppendAsync("unknown", new JObject()));
        Assert.NotNull(await second.RefreshTokenAsync(issued.Token));

        SqliteConnection.ClearAllPools();
        var fileText = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(_databasePath)) +
            (File.Exists(_databasePath + "-wal") ? Encoding.Latin1.GetString(await File.ReadAllBytesAsync(_databasePath + "-wal")) : "");
        Assert.DoesNotContain(issued.Token, fileText, StringComparison.Ordinal);
        Assert.Contains(DirectLineTokens.Hash(issued.Token), fileText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Direct_line_store_keeps_the_last_activities_with_absolute_watermarks_and_forgets_idle_conversations()
    {
        const int Kept = 60;
        var store = new SqliteDirectLineStore(_database, TimeProvider.System, Kept);
        var id = (await store.CreateConversationAsync(null)).Conversation.Id;
        var total = Kept + 5;
        // A burst of concurrent appends (bot replies racing the user's next message), then the rest in order.
        const int Concurrent = 40;
        await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(i => Task.Run(() => store.AppendAsync(id, new JObject { ["text"] = "c" }))));
        for (var i = Concurrent; i < total; i++)
        {
            await store.AppendAsync(id, new JObject { ["text"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
        var all = await store.GetActivitiesAsync(id, 0);
        Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), all!.Watermark);
        Assert.Equal(Kept, all.Activities.Count);
        Assert.Equal((total - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)all.Activities[^1]["text"]);
        // Concurrent appends never share a position: every position from first to last is used once.
        var first = await store.GetActivitiesAsync(id, 0);
        Assert.Equal(Enumerable.Range(5, Kept).Select(p => $"{id}|{p:D7}").ToList(), first!.Activities.Select(a => (string)a["id"]!).ToList());

        Assert.Equal(0, await store.DeleteInactiveAsync(DateTimeOffset.UtcNow.AddDays(-1)));
        Assert.Equal(1, await store.DeleteInactiveAsync(DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Null(await store.FindConversationAsync(id));
    }

    [Fact]
    public async Task Transcripts_keep_the_last_turns_per_conversation()
    {
        var options = new EscalationOptions { TranscriptTurns = 30 };
        var store = new SqliteConversationTranscriptStore(_database, options);
        var citation = new Citation(1, "set", "3", "2024-01-01", "Title", "34071-1", "5.1", "Warnings", "p1", "quoted text", "https://dailymed.nlm.nih.gov/x");
        for (var i = 0; i < 20; i++)
        {
            var result = new AnswerResult(AnswerKind.Answer, "answer " + i, [citation], [], [], 1);
            await store.AppendAsync("conv-t", [TranscriptEntry.FromUser("question " + i, DateTimeOffset.UtcNow), TranscriptEntry.FromBot(result, "a" + i, DateTimeOffset.UtcNow)]);
        }
        await store.AppendAsync("conv-other", [TranscriptEntry.FromUser("elsewhere", DateTimeOffset.UtcNow)]);

        var kept = await store.GetAsync("conv-t");
        Assert.Equal(30, kept.Count);
        Assert.Equal("question 5", kept[0].Text);
        Assert.Equal("answer 19", kept[^1].Text);
        Assert.Equal(citation, Assert.Single(kept[^1].Citations!));
        Assert.Single(await store.GetAsync("conv-other"));
    }

    [Theory]
    [InlineData("mail me at jane.doe+rx@example.co.uk please", "mail me at [email removed] please")]
    [InlineData("call (555) 123-4567 or +1 555 123 4567", "call [phone removed] or [phone removed]")]
    [InlineData("my MRN is 00123456 and SSN 123-45-6789", "my MRN is [number removed] and SSN [number removed]")]
    [InlineData("born 01/02/1980", "born [number removed]")]
    [InlineData("I take 500 mg twice a day since 2019", "I take 500 mg twice a day since 2019")]
    [InlineData("What are the warnings for ciprofloxacin?", "What are the warnings for ciprofloxacin?")]
    public void Redaction_removes_obvious_identifiers_and_keeps_the_question(string input, string expected) =>
        Assert.Equal(expected, TranscriptRedactor.Redact(input));

    [Fact]
    public void Console_session_cookie_is_signed_expires_and_dies_with_the_key()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var authenticator = new PharmacistAuthenticator(new LabelBotHostOptions { PharmacistKey = "first-key-0123456789" }, clock);
        Assert.True(authenticator.KeyMatches("first-key-0123456789"));
        Assert.False(authenticator.KeyMatches("first-key-012345678"));
        Assert.False(authenticator.KeyMatches(""));

        var cookie = IssueCookie(authenticator, "Avery Chen");
        Assert.Equal(new PharmacistIdentity("Avery Chen", false), authenticator.Authenticate(RequestWithCookie(cookie)));

        var parts = cookie.Split('.');
        var renamed = Convert.ToBase64String(Encoding.UTF8.GetBytes("Mallory")).TrimEnd('=') + "." + parts[1] + "." + parts[2];
        Assert.Null(authenticator.Authenticate(RequestWithCookie(renamed)));
        var other = new PharmacistAuthenticator(new LabelBotHostOptions { PharmacistKey = "second-key-0123456789" }, clock);
        Assert.Null(other.Authenticate(RequestWithCookie(cookie)));

        clock.Advance(PharmacistAuthenticator.SessionLifetime + TimeSpan.FromMinutes(1));
        Assert.Null(authenticator.Authenticate(RequestWithCookie(cookie)));
        Assert.False(new PharmacistAuthenticator(new LabelBotHostOptions(), clock).IsEnabled);
    }

    [Theory]
    [InlineData("  Dana   O'Neil ", "Dana O'Neil")]
    [InlineData("Dr. José-María Núñez", "Dr. José-María Núñez")]
    [InlineData("<script>", null)]
    [InlineData("", null)]
    [InlineData("a\u0000b", null)]
    public void Pharmacist_names_are_normalised_or_refused(string input, string? expected) => Assert.Equal(expected, PharmacistNames.Normalize(input));

    private static string IssueCookie(PharmacistAuthenticator authenticator, string name)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        authenticator.SignIn(context.Response, name);
        var header = context.Response.Headers.SetCookie.ToString();
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", header, StringComparison.OrdinalIgnoreCase);
        var value = header.Split(';')[0];
        return value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..];
    }

    private static Microsoft.AspNetCore.Http.HttpRequest RequestWithCookie(string cookie)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Headers.Cookie = $"{PharmacistAuthenticator.CookieName}={cookie}";
        return context.Request;
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
