using System.Globalization;
using LabelBot.Bot.Channels.DirectLine;
using LabelBot.Bot.Conversations;
using LabelBot.Bot.Feedback;
using LabelBot.Bot.Handoff;
using LabelBot.Bot.Settings;
using LabelBot.Bot.Storage;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Core.Answering;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Storage;

/// <summary>
/// What every implementation of the host's stores guarantees, run once per database (SQLite file, PostgreSQL) on a
/// fresh, empty database per test. Each <c>New…</c> call opens its own database handle, as a separate host process
/// would, so the concurrency tests race real connections, not one in-process object.
/// </summary>
public abstract class BotStoreContractTests : IAsyncLifetime
{
    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    protected abstract IEscalationQueue NewQueue();

    protected abstract IDirectLineStore NewDirectLineStore(TimeProvider? clock = null, DirectLineOptions? limits = null);

    protected abstract IConversationTranscriptStore NewTranscriptStore(EscalationOptions options);

    protected abstract IFeedbackStore NewFeedbackStore();

    /// <summary>Everything the Direct Line tables hold, as text (to prove a token is never stored in the clear).</summary>
    protected abstract Task<string> ReadStoredDirectLineTextAsync();

    /// <summary>Stores whose database cannot be reached (the retention service must survive that).</summary>
    protected abstract (IConversationTranscriptStore Transcripts, IDirectLineStore DirectLine) NewUnreachableStores();

    protected static NewEscalationCase Draft(string conversation, EscalationReason reason, bool adverseEvent = false) => new(
        "directline", conversation, DeliveryRoute.LocalDirectLine, "{}", reason, adverseEvent,
        [TranscriptEntry.FromUser("question", DateTimeOffset.UtcNow)]);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [StoreFact]
    public async Task Of_many_concurrent_claims_from_separate_hosts_exactly_one_wins()
    {
        var queue = NewQueue();
        var filed = await queue.FileAsync(Draft("conv-race", EscalationReason.Dosing));
        var claims = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => NewQueue().TryClaimAsync(filed.Case.Id, $"Pharmacist {i}"))));
        Assert.Single(claims, won => won);
        var stored = await queue.GetAsync(filed.Case.Id);
        Assert.Equal(EscalationStatus.Claimed, stored!.Status);
        var audit = await queue.ListAuditAsync(filed.Case.Id);
        var winner = Assert.Single(audit, a => a.Action == "claimed");
        Assert.Equal(EscalationNames.PharmacistActor(stored.ClaimedBy!), winner.Actor);
        Assert.Equal(11, audit.Count(a => a.Action == "claim_refused"));
    }

    [StoreFact]
    public async Task Concurrent_filings_for_one_conversation_from_separate_hosts_make_one_case()
    {
        var filings = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => NewQueue().FileAsync(Draft("conv-twice", EscalationReason.Dosing)))));
        Assert.Single(filings, f => f.Created);
        var id = Assert.Single(filings.Select(f => f.Case.Id).Distinct());
        var queue = NewQueue();
        Assert.Equal(id, Assert.Single(await queue.ListAsync([EscalationStatus.Waiting], 100)).Id);
        Assert.Single(await queue.ListAuditAsync(id), a => a.Action == "filed");
        Assert.Equal(id, (await queue.FindOpenAsync("conv-twice"))!.Id);
    }

    [StoreFact]
    public async Task Concurrent_filings_for_many_conversations_lose_and_duplicate_nothing()
    {
        var hosts = Enumerable.Range(0, 4).Select(_ => NewQueue()).ToList();
        var filings = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            Task.Run(() => hosts[i % hosts.Count].FileAsync(Draft("conv-" + Invariant(i % 12), EscalationReason.UserRequest)))));
        Assert.Equal(12, filings.Count(f => f.Created));
        var listed = await hosts[0].ListAsync([EscalationStatus.Waiting], 100);
        Assert.Equal(12, listed.Count);
        Assert.Equal(filings.Select(f => f.Case.Id).Distinct().Order(StringComparer.Ordinal), listed.Select(c => c.Id).Order(StringComparer.Ordinal));
        foreach (var filing in filings.Where(f => f.Created))
        {
            Assert.Single(await hosts[1].ListAuditAsync(filing.Case.Id), a => a.Action == "filed");
        }
    }

    [StoreFact]
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
        Assert.Equal(0, await queue.QueuePositionAsync("C00000000"));
        var waiting = await queue.ListAsync([EscalationStatus.Waiting], 10);
        Assert.Equal([emergency.Case.Id, dosing.Case.Id, plain.Case.Id], waiting.Select(c => c.Id).ToList());
        Assert.Equal([EscalationReason.Emergency, EscalationReason.Dosing, EscalationReason.UserRequest], waiting.Select(c => c.Reason).ToList());

        // Consent to an adverse-event report raises the case's urgency.
        Assert.True(await queue.MarkAdverseEventReportAsync(plain.Case.Id));
        var flagged = await queue.GetAsync(plain.Case.Id);
        Assert.True(flagged!.AdverseEventReport);
        Assert.Equal(EscalationReason.AdverseEvent, flagged.Reason);
        Assert.Equal(2, await queue.QueuePositionAsync(plain.Case.Id));
        Assert.Single(flagged.Transcript);

        Assert.True(await queue.CloseAsync(plain.Case.Id, EscalationNames.UserActor, "cancelled_by_user"));
        Assert.False(await queue.CloseAsync(plain.Case.Id, EscalationNames.UserActor, "cancelled_by_user"));
        Assert.False(await queue.MarkAdverseEventReportAsync(plain.Case.Id));
        Assert.Equal(0, await queue.QueuePositionAsync(plain.Case.Id));
        var closed = await queue.GetAsync(plain.Case.Id);
        Assert.Equal(EscalationStatus.Closed, closed!.Status);
        Assert.Equal(EscalationNames.UserActor, closed.ClosedBy);
        Assert.NotNull(closed.ClosedUtc);
        Assert.True((await queue.FileAsync(Draft("conv-a", EscalationReason.UserRequest))).Created);
    }

    [StoreFact]
    public async Task Only_the_claiming_pharmacist_replies_and_nothing_is_added_after_close()
    {
        var queue = NewQueue();
        var id = (await queue.FileAsync(Draft("conv-m", EscalationReason.Personal))).Case.Id;
        var now = DateTimeOffset.UtcNow;
        Assert.False(await queue.AddMessageAsync(id, TranscriptEntry.FromPharmacist("hi", "Avery", now)));
        Assert.True(await queue.TryClaimAsync(id, "Avery"));
        Assert.False(await NewQueue().TryClaimAsync(id, "Blake"));
        Assert.False(await queue.AddMessageAsync(id, TranscriptEntry.FromPharmacist("mine", "Blake", now)));
        Assert.True(await queue.AddMessageAsync(id, TranscriptEntry.FromPharmacist("hello", "Avery", now)));
        Assert.True(await queue.AddMessageAsync(id, TranscriptEntry.FromUser("thanks", now)));
        var answered = await NewQueue().GetAsync(id);
        Assert.Equal(EscalationStatus.Answered, answered!.Status);
        Assert.Equal("Avery", answered.ClaimedBy);
        Assert.Equal(["hello", "thanks"], answered.Messages.Select(m => m.Text).ToList());
        Assert.Equal("Avery", answered.Messages[0].Author);
        Assert.Equal(TranscriptRole.User, (await queue.ListAsync([EscalationStatus.Answered], 10)).Single(c => c.Id == id).LastMessageRole);

        await queue.AuditAsync(new CaseAuditEntry(id, now, EscalationNames.SystemActor, "delivery_failed", "route=LocalDirectLine"));
        Assert.True(await queue.CloseAsync(id, EscalationNames.PharmacistActor("Avery"), "closed"));
        Assert.False(await queue.AddMessageAsync(id, TranscriptEntry.FromUser("late", now)));
        Assert.Null(await queue.FindOpenAsync("conv-m"));
        Assert.Null(await queue.GetAsync("C00000000"));
        var audit = await queue.ListAuditAsync(id);
        Assert.Equal(["filed", "claimed", "claim_refused", "pharmacist_replied", "user_message", "delivery_failed", "closed"], audit.Select(a => a.Action).ToList());
        Assert.Equal("route=LocalDirectLine", audit[5].Detail);
    }

    [StoreFact]
    public async Task Direct_line_conversations_survive_a_new_store_instance_and_tokens_are_stored_hashed()
    {
        var first = NewDirectLineStore();
        var issued = await first.CreateConversationAsync("web-user-1");
        Assert.True(await first.MarkStartedAsync(issued.Conversation.Id));
        Assert.False(await first.MarkStartedAsync(issued.Conversation.Id));
        for (var i = 0; i < 3; i++)
        {
            await first.AppendAsync(issued.Conversation.Id, new JObject { ["type"] = "message", ["text"] = "m" + Invariant(i) });
        }

        var second = NewDirectLineStore();
        var found = await second.FindByTokenAsync(issued.Token);
        Assert.Equal(issued.Conversation.Id, found!.Id);
        Assert.Equal("web-user-1", found.UserId);
        Assert.Null(await second.FindByTokenAsync(issued.Token + "x"));
        Assert.False(await second.MarkStartedAsync(issued.Conversation.Id));
        var fromOne = await second.GetActivitiesAsync(issued.Conversation.Id, 1);
        Assert.Equal("3", fromOne!.Watermark);
        Assert.Equal(["m1", "m2"], fromOne.Activities.Select(a => (string)a["text"]!).ToList());
        Assert.Equal($"{issued.Conversation.Id}|0000002", (string?)fromOne.Activities[1]["id"]);
        Assert.Equal("3", (await second.GetActivitiesAsync(issued.Conversation.Id, 3))!.Watermark);
        Assert.Null(await second.GetActivitiesAsync("unknown", 0));
        Assert.Null(await second.AppendAsync("unknown", new JObject()));
        Assert.Null(await second.FindConversationAsync("unknown"));
        Assert.False(await second.MarkStartedAsync("unknown"));

        // A token past its lifetime neither finds nor refreshes its conversation.
        var later = NewDirectLineStore(new ManualClock(DateTimeOffset.UtcNow + DirectLineTokens.Lifetime + TimeSpan.FromHours(1)));
        Assert.Null(await later.FindByTokenAsync(issued.Token));
        Assert.Null(await later.RefreshTokenAsync(issued.Token));
        Assert.Null(await second.RefreshTokenAsync("not-a-token"));

        var stored = await ReadStoredDirectLineTextAsync();
        Assert.DoesNotContain(issued.Token, stored, StringComparison.Ordinal);
        Assert.Contains(DirectLineTokens.Hash(issued.Token), stored, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Token_refresh_rotates_the_old_token_expires_after_its_grace_and_no_token_outlives_the_conversation()
    {
        var limits = new DirectLineOptions { TokenMinutes = 60, MaxConversationHours = 3, RefreshGraceSeconds = 60 };
        var start = DateTimeOffset.UtcNow;
        var issued = await NewDirectLineStore(new ManualClock(start), limits).CreateConversationAsync(null);

        var at = start.AddMinutes(30);
        var refreshed = await NewDirectLineStore(new ManualClock(at), limits).RefreshTokenAsync(issued.Token);
        Assert.NotEqual(issued.Token, refreshed!.Token);
        Assert.Equal(issued.Conversation.Id, refreshed.Conversation.Id);
        Assert.Equal(at.AddMinutes(60), refreshed.Conversation.TokenExpiresUtc, TimeSpan.FromSeconds(1));
        // Within the grace both work; after it only the new one (and the old one cannot be refreshed again).
        Assert.NotNull(await NewDirectLineStore(new ManualClock(at.AddSeconds(59)), limits).FindByTokenAsync(issued.Token));
        var afterGrace = NewDirectLineStore(new ManualClock(at.AddSeconds(61)), limits);
        Assert.Null(await afterGrace.FindByTokenAsync(issued.Token));
        Assert.Null(await afterGrace.RefreshTokenAsync(issued.Token));
        Assert.Equal(issued.Conversation.Id, (await afterGrace.FindByTokenAsync(refreshed.Token))!.Id);

        // Refreshing every 50 minutes never gets past the conversation's 3 hours.
        var token = refreshed.Token;
        var now = at;
        for (var i = 0; i < 10; i++)
        {
            now = now.AddMinutes(50);
            var next = await NewDirectLineStore(new ManualClock(now), limits).RefreshTokenAsync(token);
            if (next is null)
            {
                break;
            }
            Assert.True(next.Conversation.TokenExpiresUtc <= start.AddHours(3).AddSeconds(1), $"token expires {next.Conversation.TokenExpiresUtc}");
            token = next.Token;
        }
        Assert.True(now <= start.AddHours(3).AddMinutes(50), "refreshes went on past the absolute lifetime");
        Assert.Null(await NewDirectLineStore(new ManualClock(start.AddHours(3).AddSeconds(1)), limits).FindByTokenAsync(token));
    }

    [StoreFact]
    public async Task Direct_line_reads_are_paged_and_a_conversation_keeps_at_most_its_byte_budget()
    {
        var limits = new DirectLineOptions { PageSize = 7, MaxBytesPerConversation = 20_000, MaxUserActivityBytes = 4096 };
        var store = NewDirectLineStore(limits: limits);
        var id = (await store.CreateConversationAsync(null)).Conversation.Id;
        for (var i = 0; i < 20; i++)
        {
            await store.AppendAsync(id, new JObject { ["text"] = Invariant(i) });
        }
        // Pages of 7 with a watermark to continue, as Direct Line does: 7 + 7 + 6, then nothing new.
        var seen = new List<string>();
        var watermark = 0;
        var pages = new List<int>();
        while (true)
        {
            var page = (await store.GetActivitiesAsync(id, watermark))!;
            pages.Add(page.Activities.Count);
            seen.AddRange(page.Activities.Select(a => (string)a["text"]!));
            var next = int.Parse(page.Watermark, CultureInfo.InvariantCulture);
            if (next == watermark)
            {
                break;
            }
            watermark = next;
        }
        Assert.Equal([7, 7, 6, 0], pages);
        Assert.Equal(Enumerable.Range(0, 20).Select(Invariant), seen);

        // 3 KB activities against a 20,000-byte budget: only the newest six stay.
        var big = new string('b', 3000);
        for (var i = 0; i < 30; i++)
        {
            await store.AppendAsync(id, new JObject { ["text"] = big + Invariant(i) });
        }
        var kept = (await store.GetActivitiesAsync(id, 0))!.Activities;
        Assert.InRange(kept.Sum(a => a.ToString(Newtonsoft.Json.Formatting.None).Length), 1, limits.MaxBytesPerConversation);
        Assert.Equal(big + "29", (string?)kept[^1]["text"]);
        Assert.Equal(6, kept.Count);
    }

    [StoreFact]
    public async Task A_host_holds_at_most_its_conversation_cap()
    {
        var store = NewDirectLineStore(limits: new DirectLineOptions { MaxConversations = 3 });
        for (var i = 0; i < 3; i++)
        {
            await store.CreateConversationAsync(null);
        }
        await Assert.ThrowsAsync<DirectLineFullException>(() => store.CreateConversationAsync(null));
        // Idle conversations expire and make room again.
        Assert.Equal(3, await store.DeleteInactiveAsync(DateTimeOffset.UtcNow.AddMinutes(1)));
        await store.CreateConversationAsync(null);
    }

    [StoreFact]
    public async Task Direct_line_store_keeps_the_last_activities_with_absolute_watermarks_and_forgets_idle_conversations()
    {
        const int Kept = 60;
        var store = NewDirectLineStore(limits: new DirectLineOptions { MaxActivitiesPerConversation = Kept, PageSize = 1000 });
        var id = (await store.CreateConversationAsync(null)).Conversation.Id;
        var total = Kept + 5;
        // A burst of concurrent appends (bot replies racing the user's next message), then the rest in order.
        const int Concurrent = 40;
        await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => Task.Run(() => store.AppendAsync(id, new JObject { ["text"] = "c" }))));
        for (var i = Concurrent; i < total; i++)
        {
            await store.AppendAsync(id, new JObject { ["text"] = Invariant(i) });
        }
        var all = await store.GetActivitiesAsync(id, 0);
        Assert.Equal(Invariant(total), all!.Watermark);
        Assert.Equal(Kept, all.Activities.Count);
        Assert.Equal(Invariant(total - 1), (string?)all.Activities[^1]["text"]);
        // Concurrent appends never share a position: every position from first to last is used once.
        Assert.Equal(Enumerable.Range(5, Kept).Select(p => $"{id}|{p:D7}").ToList(), all.Activities.Select(a => (string)a["id"]!).ToList());

        Assert.Equal(0, await store.DeleteInactiveAsync(DateTimeOffset.UtcNow.AddDays(-1)));
        Assert.Equal(1, await store.DeleteInactiveAsync(DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Null(await store.FindConversationAsync(id));
        Assert.Null(await store.GetActivitiesAsync(id, 0));
    }

    [StoreFact]
    public async Task Concurrent_appends_from_two_hosts_get_gap_free_watermarks_and_a_poller_misses_nothing()
    {
        const int PerHost = 20;
        var hostA = NewDirectLineStore();
        var hostB = NewDirectLineStore();
        var id = (await hostA.CreateConversationAsync(null)).Conversation.Id;

        // A third host polls with the watermarks it is given, as the web chat page does, while A and B append.
        var reader = NewDirectLineStore();
        var polled = new List<string>();
        var poller = Task.Run(async () =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var watermark = 0;
            while (watermark < 2 * PerHost)
            {
                var set = await reader.GetActivitiesAsync(id, watermark, timeout.Token);
                polled.AddRange(set!.Activities.Select(a => (string)a["id"]!));
                watermark = int.Parse(set.Watermark, CultureInfo.InvariantCulture);
                await Task.Delay(2, timeout.Token);
            }
        });
        var appended = await Task.WhenAll(Enumerable.Range(0, PerHost).SelectMany(i => new[]
        {
            Task.Run(() => hostA.AppendAsync(id, new JObject { ["text"] = "A" + Invariant(i) })),
            Task.Run(() => hostB.AppendAsync(id, new JObject { ["text"] = "B" + Invariant(i) })),
        }));
        await poller;

        var expectedIds = Enumerable.Range(0, 2 * PerHost).Select(p => $"{id}|{p:D7}").ToList();
        Assert.Equal(expectedIds, appended.Select(a => a!).Order(StringComparer.Ordinal).ToList());
        // The poller saw every activity exactly once, in order: no watermark ever ran ahead of a missing activity.
        Assert.Equal(expectedIds, polled);
        var all = await hostB.GetActivitiesAsync(id, 0);
        Assert.Equal(Invariant(2 * PerHost), all!.Watermark);
        var texts = all.Activities.Select(a => (string)a["text"]!).ToList();
        Assert.Equal(Enumerable.Range(0, PerHost).SelectMany(i => new[] { "A" + Invariant(i), "B" + Invariant(i) }).Order(StringComparer.Ordinal),
            texts.Order(StringComparer.Ordinal));
    }

    [StoreFact]
    public async Task Transcripts_keep_the_last_turns_per_conversation()
    {
        var options = new EscalationOptions { TranscriptTurns = 30 };
        var store = NewTranscriptStore(options);
        var citation = new Citation(1, "set", "3", "2024-01-01", "Title", "34071-1", "5.1", "Warnings", "p1", "quoted text", "https://dailymed.nlm.nih.gov/x");
        for (var i = 0; i < 20; i++)
        {
            var result = new AnswerResult(AnswerKind.Answer, "answer " + Invariant(i), [citation], [], [], 1);
            await store.AppendAsync("conv-t", [TranscriptEntry.FromUser("question " + Invariant(i), DateTimeOffset.UtcNow), TranscriptEntry.FromBot(result, "a" + Invariant(i), DateTimeOffset.UtcNow)]);
        }
        await store.AppendAsync("conv-other", [TranscriptEntry.FromPharmacist("elsewhere", "Avery", DateTimeOffset.UtcNow)]);
        await store.AppendAsync("conv-other", []);

        var kept = await NewTranscriptStore(options).GetAsync("conv-t");
        Assert.Equal(30, kept.Count);
        Assert.Equal("question 5", kept[0].Text);
        Assert.Equal("answer 19", kept[^1].Text);
        Assert.Equal(TranscriptRole.Bot, kept[^1].Role);
        Assert.Equal("answer", kept[^1].Kind);
        Assert.Equal("a19", kept[^1].AnswerId);
        Assert.Equal(citation, Assert.Single(kept[^1].Citations!));
        var other = Assert.Single(await store.GetAsync("conv-other"));
        Assert.Equal("Avery", other.Author);
        Assert.Empty(await store.GetAsync("conv-none"));
    }

    [StoreFact]
    public async Task Transcript_appends_from_two_hosts_keep_turns_together_and_the_bound_exact()
    {
        var options = new EscalationOptions { TranscriptTurns = 8 };
        var hosts = new[] { NewTranscriptStore(options), NewTranscriptStore(options) };
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => hosts[i % 2].AppendAsync("conv-c",
            [TranscriptEntry.FromUser("q" + Invariant(i), DateTimeOffset.UtcNow), new TranscriptEntry(DateTimeOffset.UtcNow, TranscriptRole.Bot, "a" + Invariant(i))]))));
        var kept = await hosts[0].GetAsync("conv-c");
        Assert.Equal(8, kept.Count);
        // Each append is atomic and in order: every kept question is directly followed by its own answer.
        for (var k = 0; k < kept.Count; k += 2)
        {
            Assert.Equal(TranscriptRole.User, kept[k].Role);
            Assert.Equal("a" + kept[k].Text[1..], kept[k + 1].Text);
        }
    }

    [StoreFact]
    public async Task Feedback_is_listed_newest_first_and_not_helpful_votes_apart()
    {
        var store = NewFeedbackStore();
        var start = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.FromHours(2));
        await store.SaveAsync(new FeedbackEntry(start, "directline", "hash-a", "a1", "answer", true, null, ["p1", "p2"]));
        await store.SaveAsync(new FeedbackEntry(start.AddMinutes(1), "msteams", "hash-b", "a2", "not_in_label", false, "wrong_answer", []));
        await store.SaveAsync(new FeedbackEntry(start.AddMinutes(2), "directline", "hash-a", "a3", "answer", false, null, ["p3"]));

        var recent = await NewFeedbackStore().ListRecentAsync(10);
        Assert.Equal(["a3", "a2", "a1"], recent.Select(e => e.AnswerId).ToList());
        Assert.Equal(start, recent[2].CreatedUtc);
        Assert.Equal(TimeSpan.Zero, recent[2].CreatedUtc.Offset);
        Assert.True(recent[2].Helpful);
        Assert.Equal(["p1", "p2"], recent[2].PassageIds);
        Assert.Empty(recent[1].PassageIds);
        Assert.Equal("wrong_answer", recent[1].Reason);
        Assert.Equal("msteams", recent[1].ChannelId);
        Assert.Equal("hash-b", recent[1].ConversationHash);
        Assert.Equal("not_in_label", recent[1].AnswerKind);
        Assert.Null(recent[0].Reason);
        Assert.Equal(["a3", "a2"], (await store.ListNotHelpfulAsync(10)).Select(e => e.AnswerId).ToList());
        Assert.Equal("a3", Assert.Single(await store.ListRecentAsync(1)).AnswerId);
    }

    [StoreFact]
    public async Task Retention_deletes_old_transcripts_and_idle_web_chats_and_keeps_recent_ones_and_cases()
    {
        var now = DateTimeOffset.UtcNow;
        var options = new EscalationOptions { RetentionDays = 30 };
        var transcripts = NewTranscriptStore(options);
        await transcripts.AppendAsync("conv-mixed", [TranscriptEntry.FromUser("old", now.AddDays(-40)), TranscriptEntry.FromUser("recent", now.AddDays(-1))]);
        var stale = await NewDirectLineStore(new ManualClock(now.AddDays(-40))).CreateConversationAsync(null);
        var revived = await NewDirectLineStore(new ManualClock(now.AddDays(-40))).CreateConversationAsync(null);
        await NewDirectLineStore(new ManualClock(now.AddDays(-2))).AppendAsync(revived.Conversation.Id, new JObject { ["text"] = "still here" });
        var queue = NewQueue();
        var filed = await queue.FileAsync(Draft("conv-mixed", EscalationReason.Dosing));

        var service = new BotDataRetentionService(transcripts, NewDirectLineStore(), options, new ManualClock(now), NewLogger(new LogCapture()));
        await service.PurgeOnceAsync(CancellationToken.None);

        Assert.Equal(["recent"], (await transcripts.GetAsync("conv-mixed")).Select(t => t.Text).ToList());
        var directLine = NewDirectLineStore();
        Assert.Null(await directLine.FindConversationAsync(stale.Conversation.Id));
        Assert.NotNull(await directLine.FindConversationAsync(revived.Conversation.Id));
        Assert.Single((await directLine.GetActivitiesAsync(revived.Conversation.Id, 0))!.Activities);
        Assert.NotNull(await queue.GetAsync(filed.Case.Id));
    }

    [StoreFact]
    public async Task A_purge_against_an_unreachable_database_is_logged_without_text_and_does_not_throw()
    {
        var (transcripts, directLine) = NewUnreachableStores();
        var logs = new LogCapture();
        var service = new BotDataRetentionService(transcripts, directLine, new EscalationOptions(), TimeProvider.System, NewLogger(logs));
        await service.PurgeOnceAsync(CancellationToken.None);
        var line = Assert.Single(logs.Lines);
        Assert.StartsWith("Warning", line, StringComparison.Ordinal);
        Assert.Contains("Retention purge failed", line, StringComparison.Ordinal);
    }

    private static ILogger<BotDataRetentionService> NewLogger(LogCapture capture) =>
        new Logger<BotDataRetentionService>(new LoggerFactory([capture]));
}
