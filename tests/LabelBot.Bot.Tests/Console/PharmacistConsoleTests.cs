using System.Net;
using System.Net.Http.Headers;
using LabelBot.Bot.Console;
using LabelBot.Bot.Handoff;
using LabelBot.Bot.Rendering;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Bot.Texts;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Console;

/// <summary>The /pharmacist console: who gets in, the pages' forms (antiforgery, encoding), and the review of unhelpful answers.</summary>
[Collection(BotHostCollection.Name)]
public sealed class PharmacistConsoleTests(BotHostFixture fixture)
{
    private const string Key = BotHostFixture.PharmacistKey;

    private HttpClient Http => fixture.Host.Http;

    [Fact]
    public async Task Without_a_configured_key_every_console_request_is_refused()
    {
        Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("LABELBOT_PHARMACIST_KEY")),
            "LABELBOT_PHARMACIST_KEY is set in the test environment: this test needs a host without a key.");
        await using var host = await RunningBotHost.StartAsync(fixture.Host.DatabasePath);
        var api = new PharmacistApiClient(host.Http, Key);
        foreach (var path in new[] { "pharmacist", "pharmacist/signin", "pharmacist/console.css", "pharmacist/cases/C00000000", "pharmacist/api/cases", "pharmacist/api/feedback", "pharmacist/anything" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync(path)).Status);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await api.ClaimAsync("C00000000", "Avery Chen")).Status);
        using var browser = new ConsoleBrowser(host.BaseUrl);
        var signIn = await browser.PostFormAsync("pharmacist/signin", new Dictionary<string, string> { ["name"] = "Avery", ["key"] = Key });
        Assert.Equal(HttpStatusCode.Forbidden, signIn.Status);
        Assert.Empty(browser.Cookies.GetAllCookies());
    }

    [Fact]
    public async Task Console_rejects_unauthenticated_and_forged_access()
    {
        var api = new PharmacistApiClient(Http, Key);
        using var anonymous = new ConsoleBrowser(fixture.Host.BaseUrl);

        var page = await anonymous.GetAsync("pharmacist");
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/pharmacist/signin", page.Location);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("pharmacist/cases/C00000000")).Status);

        foreach (var authorization in new[] { "Bearer wrong-key-wrong-key", "Bearer " + Key + "x", "Basic " + Convert.ToBase64String("a:b"u8.ToArray()) })
        {
            var (status, _) = await api.SendAsync(HttpMethod.Get, "pharmacist/api/cases", null, null, authorization);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
        }
        using (var noAuth = await Http.GetAsync(new Uri("pharmacist/api/cases", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, noAuth.StatusCode);
        }

        // A forged or tampered session cookie is not a session.
        using (var forged = new HttpRequestMessage(HttpMethod.Get, new Uri("pharmacist/api/cases", UriKind.Relative)))
        {
            forged.Headers.Add("Cookie", $"{PharmacistAuthenticator.CookieName}=QXZlcnk.9999999999.forgedsignature");
            using var response = await Http.SendAsync(forged);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // Wrong key at sign-in: 401 and no session cookie; a post without the form's antiforgery token: 400.
        var wrong = await anonymous.SignInAsync("Mallory", "not-the-key-at-all");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.DoesNotContain(anonymous.Cookies.GetAllCookies(), c => c.Name == PharmacistAuthenticator.CookieName);
        using var noToken = new ConsoleBrowser(fixture.Host.BaseUrl);
        var withoutToken = await noToken.PostFormAsync("pharmacist/signin", new Dictionary<string, string> { ["name"] = "Avery", ["key"] = Key }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.Status);

        // A bearer call must name the pharmacist before acting.
        var (unnamed, _) = await api.SendAsync(HttpMethod.Post, "pharmacist/api/cases/C00000000/claim", null, null);
        Assert.Equal(HttpStatusCode.BadRequest, unnamed);
    }

    [Fact]
    public async Task Pharmacist_signs_in_and_works_a_case_through_the_pages()
    {
        var client = new DirectLineTestClient(Http);
        await client.StartAsync();
        const string Hostile = "<script>alert('x')</script> what does the label say about ibuprofen and <b>asthma</b>?";
        var questionId = await client.PostTextAsync(Hostile);
        await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == questionId);
        var requestId = await client.PostTextAsync(HandoffCommands.TalkToPharmacist);
        var caseId = CaseIds.From(await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == requestId));

        using var browser = new ConsoleBrowser(fixture.Host.BaseUrl);
        var signedIn = await browser.SignInAsync("Dana O'Neil", Key);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        var session = Assert.Single(browser.Cookies.GetAllCookies(), c => c.Name == PharmacistAuthenticator.CookieName);
        Assert.True(session.HttpOnly);
        Assert.Contains("samesite=strict", signedIn.Response.Headers.GetValues("Set-Cookie").First(h => h.StartsWith(PharmacistAuthenticator.CookieName, StringComparison.Ordinal)), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, session.Value, StringComparison.Ordinal);

        var list = await browser.GetAsync("pharmacist");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains($"/pharmacist/cases/{caseId}", list.Html, StringComparison.Ordinal);
        Assert.Contains("Signed in as Dana O&#x27;Neil", list.Html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", list.Response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        var detail = await browser.GetAsync($"pharmacist/cases/{caseId}");
        Assert.Equal(HttpStatusCode.OK, detail.Status);
        Assert.DoesNotContain("<script>alert", detail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>asthma</b>", detail.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", detail.Html, StringComparison.Ordinal);
        Assert.Contains("Claim this case", detail.Html, StringComparison.Ordinal);
        // Each cited passage links to the label viewer at the cited version (this host), DailyMed beside it.
        Assert.Matches(@"<a href=""/labels/1a02fa34[^""]*/v\d+\?passage=[^""]+"" target=""_blank"">Label viewer \(this version\)</a> · <a href=""https://dailymed", detail.Html);

        var claim = await browser.PostFormAsync($"pharmacist/cases/{caseId}/claim", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, claim.Status);
        Assert.Equal($"/pharmacist/cases/{caseId}?notice=claimed", claim.Location);
        var claimedPage = await browser.GetAsync(claim.Location!.TrimStart('/'));
        Assert.Contains("name=\"text\"", claimedPage.Html, StringComparison.Ordinal);

        // A cookie-authenticated API POST needs the console header (a cross-site form cannot add it).
        using (var noHeader = new HttpRequestMessage(HttpMethod.Post, new Uri($"pharmacist/api/cases/{caseId}/close", UriKind.Relative)))
        {
            noHeader.Headers.Add("Cookie", $"{session.Name}={session.Value}");
            using var response = await Http.SendAsync(noHeader);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        const string Reply = "The ibuprofen label warns about asthma: let's talk it through.";
        var replied = await browser.PostFormAsync($"pharmacist/cases/{caseId}/reply", new Dictionary<string, string> { ["text"] = Reply });
        Assert.Equal($"/pharmacist/cases/{caseId}?notice=replied", replied.Location);
        var delivered = await client.WaitForBotMessageAsync(a => ((string?)a["text"])?.Contains(Reply, StringComparison.Ordinal) == true);
        Assert.StartsWith("**Pharmacist Dana O'Neil replied:**", (string)delivered["text"]!, StringComparison.Ordinal);

        var close = await browser.PostFormAsync($"pharmacist/cases/{caseId}/close", new Dictionary<string, string>());
        Assert.Equal($"/pharmacist/cases/{caseId}?notice=closed", close.Location);
        await client.WaitForBotMessageAsync(a => (string?)a["text"] == BotTexts.Get(BotTexts.EscalationClosed));
        var closedPage = await browser.GetAsync($"pharmacist/cases/{caseId}");
        Assert.Contains("pharmacist:Dana O&#x27;Neil", closedPage.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Claim this case", closedPage.Html, StringComparison.Ordinal);

        var signedOut = await browser.PostFormAsync("pharmacist/signout", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signedOut.Status);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("pharmacist")).Status);
    }

    [Fact]
    public async Task Console_lists_answers_marked_not_helpful_with_reasons_and_cited_passages()
    {
        var client = new DirectLineTestClient(Http);
        await client.StartAsync();
        var questionId = await client.PostTextAsync("What are the warnings for naproxen?");
        var answer = await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == questionId);
        var notHelpful = WebChatAnswers.NotHelpfulCardValue(answer);
        const string reason = "wrong_section";
        notHelpful[FeedbackAction.ReasonInputId] = reason;

        var posted = await client.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{client.ConversationId}/activities", new JObject
        {
            ["type"] = "message",
            ["from"] = new JObject { ["id"] = client.UserId },
            ["value"] = notHelpful,
        });
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        await client.WaitForBotMessageAsync(a => (string?)a["text"] == BotTexts.Get(BotTexts.FeedbackThanks));

        var api = new PharmacistApiClient(Http, Key);
        var (status, body) = await api.GetAsync("pharmacist/api/feedback");
        Assert.Equal(HttpStatusCode.OK, status);
        var item = Assert.Single(body!["notHelpful"]!, f => (string?)f["answerId"] == (string?)notHelpful["answerId"]);
        Assert.Equal(reason, (string?)item["reason"]);
        // The cited passages are the answer's own (from the transcript), whatever the client sends back.
        Assert.NotEmpty(item["passages"]!);
        Assert.All(item["passages"]!, p => Assert.False(string.IsNullOrWhiteSpace((string?)p["text"])));

        using var browser = new ConsoleBrowser(fixture.Host.BaseUrl);
        await browser.SignInAsync("Avery Chen", Key);
        var list = await browser.GetAsync("pharmacist");
        Assert.Contains(reason, list.Html, StringComparison.Ordinal);
        Assert.Contains("dailymed.nlm.nih.gov", list.Html, StringComparison.Ordinal);
    }
}
