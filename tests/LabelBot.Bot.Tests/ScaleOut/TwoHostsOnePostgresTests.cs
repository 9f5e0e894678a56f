using System.Net;
using LabelBot.Bot.Handoff;
using LabelBot.Bot.Tests.Infrastructure;
using Npgsql;

namespace LabelBot.Bot.Tests.ScaleOut;

/// <summary>
/// Scale-out: two bot host PROCESSES on different loopback ports share one PostgreSQL database. A user escalates on
/// host A, the pharmacist works on host B, and the reply reaches the user through host A; claims race across hosts.
/// </summary>
public sealed class TwoHostsOnePostgresTests
{
    private const string Key = "two-hosts-pharmacist-key-0123456789";
    private const string Reply = "Hello, this is the pharmacist on duty. I am answering from the other host.";

    [PostgresFact]
    public async Task A_case_filed_on_host_A_is_answered_from_host_B_and_the_reply_reaches_the_user_on_host_A()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("twohosts");
        var seed = Directory.CreateTempSubdirectory("labelbot-twohosts-");
        try
        {
            // One small real label keeps first-start seeding (embedding) short; the hand-off is what is under test.
            File.Copy(Path.Combine(RepoPaths.LabelsFolder, "minoxidil-1b5e2860.xml"), Path.Combine(seed.FullName, "minoxidil.xml"));
            var environment = new Dictionary<string, string>
            {
                ["LABELBOT_POSTGRES"] = database.ConnectionString,
                ["LABELBOT_PHARMACIST_KEY"] = Key,
                ["LABELBOT_DB"] = Path.Combine(seed.FullName, "unused.db"),
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            };
            await using var hostA = BotHostProcess.Start(environment, $"--LabelBot:LabelsFolder={seed.FullName}");
            Assert.Equal(1, await hostA.WaitUntilReadyAsync(TimeSpan.FromMinutes(4)));
            // B starts on the already-seeded database: it must find the label without ingesting anything.
            await using var hostB = BotHostProcess.Start(environment, $"--LabelBot:LabelsFolder={seed.FullName}");
            Assert.Equal(1, await hostB.WaitUntilReadyAsync(TimeSpan.FromMinutes(2)));

            var user = new DirectLineTestClient(hostA.Http);
            await user.StartAsync();
            var questionId = await user.PostTextAsync("What is Rogaine used for?");
            var answer = await user.WaitForBotMessageAsync(a => (string?)a["replyToId"] == questionId);
            Assert.Contains("[1]", (string?)answer["text"], StringComparison.Ordinal);
            var requestId = await user.PostTextAsync(HandoffCommands.TalkToPharmacist);
            var caseId = CaseIds.From(await user.WaitForBotMessageAsync(a => (string?)a["replyToId"] == requestId));

            // Host B's console lists the case filed on host A, with its transcript.
            var consoleB = new PharmacistApiClient(hostB.Http, Key);
            Assert.Single(await consoleB.ListAsync("waiting"), c => (string?)c["id"] == caseId);
            var waiting = await consoleB.CaseAsync(caseId);
            Assert.Contains(waiting["transcript"]!, t => (string?)t["role"] == "user" && ((string?)t["text"])!.Contains("Rogaine", StringComparison.Ordinal));

            // Two pharmacists, one on each host, claim at the same moment: exactly one wins.
            var consoleA = new PharmacistApiClient(hostA.Http, Key);
            var claims = await Task.WhenAll(consoleA.ClaimAsync(caseId, "Avery Chen"), consoleB.ClaimAsync(caseId, "Blake Rivera"));
            Assert.Single(claims, c => c.Status == HttpStatusCode.OK);
            Assert.Single(claims, c => c.Status == HttpStatusCode.Conflict);
            var winner = claims[0].Status == HttpStatusCode.OK ? "Avery Chen" : "Blake Rivera";

            // The winner replies from host B; the user, polling host A, receives it.
            Assert.Equal(HttpStatusCode.OK, (await consoleB.ReplyAsync(caseId, winner, Reply)).Status);
            await user.WaitForBotMessageAsync(a => ((string?)a["text"])?.Contains(Reply, StringComparison.Ordinal) == true);

            // The user's next message on host A lands in the same case, visible from host B.
            const string FollowUp = "Thank you, one more thing about the foam.";
            await user.PostTextAsync(FollowUp);
            await WaitUntilAsync(async () => (await consoleB.CaseAsync(caseId))["messages"]!
                .Any(t => (string?)t["role"] == "user" && (string?)t["text"] == FollowUp), TimeSpan.FromSeconds(30));

            // Many users escalating at once across both hosts: one case each, none lost, none duplicated.
            var users = Enumerable.Range(0, 10).Select(i => new DirectLineTestClient(i % 2 == 0 ? hostA.Http : hostB.Http)).ToList();
            await Task.WhenAll(users.Select(u => u.StartAsync()));
            var filed = await Task.WhenAll(users.Select(async u =>
            {
                var id = await u.PostTextAsync(HandoffCommands.TalkToPharmacist);
                // A retried click (same text again at once) must not open a second case.
                await u.PostTextAsync(HandoffCommands.TalkToPharmacist);
                return CaseIds.From(await u.WaitForBotMessageAsync(a => (string?)a["replyToId"] == id));
            }));
            Assert.Equal(10, filed.Distinct(StringComparer.Ordinal).Count());
            var listedA = (await consoleA.ListAsync("waiting")).Select(c => (string)c["id"]!).ToHashSet(StringComparer.Ordinal);
            var listedB = (await consoleB.ListAsync("waiting")).Select(c => (string)c["id"]!).ToHashSet(StringComparer.Ordinal);
            Assert.Equal(filed.ToHashSet(StringComparer.Ordinal), listedA);
            Assert.Equal(listedA, listedB);

            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM bot_escalation_cases;", connection);
            Assert.Equal(11L, await count.ExecuteScalarAsync());
        }
        finally
        {
            seed.Delete(recursive: true);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Condition not met in time.");
            }
            await Task.Delay(200);
        }
    }
}
