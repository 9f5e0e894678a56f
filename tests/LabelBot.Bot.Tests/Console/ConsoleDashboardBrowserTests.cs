using System.Net;
using System.Text.Json;
using LabelBot.Bot.Backend;
using LabelBot.Bot.Console;
using LabelBot.Bot.Conversations;
using LabelBot.Bot.Feedback;
using LabelBot.Bot.Handoff;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Bot.Viewer;
using LabelBot.Core.Answering;
using LabelBot.Core.Labels;
using Microsoft.Playwright;

namespace LabelBot.Bot.Tests.Console;

/// <summary>
/// Issue 18 item 4 in Chromium: the console dashboard drawn by chart.js from seeded cases and feedback (named urgencies,
/// median and longest wait by the host's clock, cases per day, not-helpful answers by section and label), a case page
/// whose cited passage opens the label viewer, antiforgery and authorization refusals, axe-core on every console page.
/// Saves artifacts/e2e/console.png, console-375.png, console-case.png, console-case-375.png and console-axe.json.
/// </summary>
[Collection(BotHostCollection.Name)]
public sealed class ConsoleDashboardBrowserTests(BotHostFixture fixture)
{
    private const string Key = BotHostFixture.PharmacistKey;
    private const int PhoneWidth = 375;
    private const string Question = "What are the warnings for naproxen?";
    private static readonly float Timeout = 90_000;
    // The host's clock, not the machine's; far enough ahead that the browser keeps the session cookie it expires by.
    private static readonly DateTimeOffset Now = new(2099, 3, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Dashboard_charts_the_seeded_queue_and_a_case_page_opens_its_cited_passage_in_the_viewer()
    {
        var clock = new SettableClock(Now);
        await using var host = await GuardedBotHost.StartAsync(fixture, new Dictionary<string, string> { ["LabelBot:PharmacistKey"] = Key },
            clock: clock, databasePath: RepoPaths.NewTempDatabasePath("console-dashboard"));
        var seeded = await SeedAsync(host, clock);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserChecks.LaunchChromiumAsync(playwright);
        // BypassCSP only so axe-core can be injected; the console's own scripts load under its CSP (script-src 'self').
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, ViewportSize = new ViewportSize { Width = 1200, Height = 1000 } });
        var page = await context.NewPageAsync();
        var axe = new Dictionary<string, object>();

        await page.GotoAsync(new Uri(host.Host.BaseUrl, "pharmacist/signin").ToString());
        axe["signin"] = await AxeCleanAsync(page, "sign-in");
        await page.Locator("input[name='name']").FillAsync("Avery Chen");
        await page.Locator("input[name='key']").FillAsync(Key);
        await page.Locator("form[action='/pharmacist/signin'] button[type='submit']").ClickAsync();
        await page.WaitForURLAsync(new Uri(host.Host.BaseUrl, "pharmacist").ToString(), new() { Timeout = Timeout });
        // The page reloads itself every 30 s unless this is off: a slow machine must not lose the page mid-check.
        await page.Locator("#auto-refresh").UncheckAsync();

        // Each chart's data as chart.js holds it (drawn from the page's numbers), against what was seeded.
        var urgency = await ChartAsync(page, "chart-waiting");
        Assert.Equal(["Emergency", "Urgent", "Soon", "Routine"], urgency.Labels);
        Assert.Equal([1, 2, 1, 3], urgency.Values);
        var perDay = await ChartAsync(page, "chart-per-day");
        Assert.Equal(DashboardModel.Days, perDay.Values.Count);
        Assert.Equal("Mar 20", perDay.Labels[^1]);
        Assert.Equal([1, 0, 1, 0, 1, 4], perDay.Values.TakeLast(6));
        Assert.Equal(7, perDay.Values.Sum());
        var bySection = await ChartAsync(page, "chart-feedback-section");
        Assert.Equal(seeded.BySection, bySection.Labels.Zip(bySection.Values).ToDictionary(p => p.First, p => p.Second));
        var byLabel = await ChartAsync(page, "chart-feedback-label");
        Assert.Equal(seeded.ByLabel, byLabel.Labels.Zip(byLabel.Values).ToDictionary(p => p.First, p => p.Second));

        // Waits by the host's clock: 10 min, 30 min, 50 min, 2 h, 1 d, 3 d, 40 d.
        Assert.Equal("2 h 0 min", await page.Locator("#figure-median-wait").InnerTextAsync());
        Assert.Equal("40 d", await page.Locator("#figure-longest-wait").InnerTextAsync());
        // Readable without the picture or its colour: a text alternative and a table of the same numbers.
        Assert.Equal("Cases waiting by urgency: Emergency 1, Urgent 2, Soon 1, Routine 3", await page.Locator("#chart-waiting").GetAttributeAsync("aria-label"));
        Assert.Equal("2", await page.Locator("figure:has(#chart-waiting) tr:has(th:text-is('Urgent')) td").InnerTextAsync());
        var text = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotMatch(@"Urgency\s*\d", text);
        Assert.Contains("Emergency", await page.Locator("tr.urgency-1").First.InnerTextAsync(), StringComparison.Ordinal);
        axe["dashboard"] = await AxeCleanAsync(page, "dashboard");
        var screenshots = Path.Combine(RepoPaths.ArtifactsFolder, "e2e");
        Directory.CreateDirectory(screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "console.png"), FullPage = true });

        // At 375 px: nothing wider than the screen, charts still drawn.
        await page.SetViewportSizeAsync(PhoneWidth, 812);
        Assert.Equal([1, 2, 1, 3], (await ChartAsync(page, "chart-waiting")).Values);
        Assert.True(await page.EvaluateAsync<bool>($"() => document.documentElement.scrollWidth <= {PhoneWidth}"), "the dashboard is wider than 375 px");
        axe["dashboard-375"] = await AxeCleanAsync(page, "dashboard at 375 px");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "console-375.png"), FullPage = true });
        await page.SetViewportSizeAsync(1200, 1000);

        // The case page links the cited passage to the viewer, at the cited version, highlighted.
        await page.GotoAsync(new Uri(host.Host.BaseUrl, $"pharmacist/cases/{seeded.CitedCaseId}").ToString());
        Assert.Contains("Emergency", await page.Locator(".case-facts").InnerTextAsync(), StringComparison.Ordinal);
        axe["case"] = await AxeCleanAsync(page, "case page");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "console-case.png"), FullPage = true });
        await page.SetViewportSizeAsync(PhoneWidth, 812);
        Assert.True(await page.EvaluateAsync<bool>($"() => document.documentElement.scrollWidth <= {PhoneWidth}"), "the case page is wider than 375 px");
        axe["case-375"] = await AxeCleanAsync(page, "case page at 375 px");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "console-case-375.png"), FullPage = true });
        await page.SetViewportSizeAsync(1200, 1000);
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Label viewer (this version)" }).First;
        var viewer = await page.RunAndWaitForPopupAsync(() => link.ClickAsync(), new() { Timeout = Timeout });
        await viewer.WaitForLoadStateAsync(LoadState.Load);
        Assert.Equal(new Uri(host.Host.BaseUrl, LabelViewerLinks.CitationPath(seeded.Citation)).ToString(), viewer.Url);
        var cited = viewer.Locator(".passage.cited");
        Assert.Equal(1, await cited.CountAsync());
        Assert.Equal($"p-{seeded.Citation.PassageId}", await cited.GetAttributeAsync("id"));

        await File.WriteAllTextAsync(Path.Combine(screenshots, "console-axe.json"), JsonSerializer.Serialize(axe, new JsonSerializerOptions { WriteIndented = true }));
    }

    [Fact]
    public async Task A_form_post_without_its_antiforgery_token_and_an_unauthenticated_api_call_change_nothing()
    {
        // A database of its own: the shared host's queue positions stay as other tests expect them.
        await using var host = await GuardedBotHost.StartAsync(fixture, new Dictionary<string, string> { ["LabelBot:PharmacistKey"] = Key },
            databasePath: RepoPaths.NewTempDatabasePath("console-forms"));
        var queue = host.Host.Service<IEscalationQueue>();
        var caseId = (await queue.FileAsync(Draft(EscalationReason.Dosing, []))).Case.Id;
        using var browser = new ConsoleBrowser(host.Host.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync("Avery Chen", Key)).Status);

        // Signed in, but the claim form posted without the page's token (as a cross-site form would be): refused.
        var forged = await browser.PostFormAsync($"pharmacist/cases/{caseId}/claim", new Dictionary<string, string>(), withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Contains("The form expired", forged.Html, StringComparison.Ordinal);
        // No session at all: the API refuses reading and acting.
        using var anonymous = new HttpClient { BaseAddress = host.Host.BaseUrl };
        using (var read = await anonymous.GetAsync(new Uri($"pharmacist/api/cases/{caseId}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        }
        using (var act = await anonymous.PostAsync(new Uri($"pharmacist/api/cases/{caseId}/claim", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, act.StatusCode);
        }
        var unchanged = await queue.GetAsync(caseId);
        Assert.Equal(EscalationStatus.Waiting, unchanged!.Status);
        Assert.Null(unchanged.ClaimedBy);

        // The same form with its token works.
        var detail = await browser.GetAsync($"pharmacist/cases/{caseId}");
        Assert.Contains("Soon", detail.Html, StringComparison.Ordinal);
        var claimed = await browser.PostFormAsync($"pharmacist/cases/{caseId}/claim", new Dictionary<string, string>());
        Assert.Equal($"/pharmacist/cases/{caseId}?notice=claimed", claimed.Location);
        Assert.Equal("Avery Chen", (await queue.GetAsync(caseId))!.ClaimedBy);
    }

    private sealed record Seeded(string CitedCaseId, Citation Citation, Dictionary<string, int> BySection, Dictionary<string, int> ByLabel);

    private sealed record ChartData(IReadOnlyList<string> Labels, IReadOnlyList<int> Values);

    /// <summary>
    /// Seven waiting cases (1 emergency, 2 adverse events, 1 dosing, 3 plain requests) and one closed, filed at known
    /// times before <see cref="Now"/>; the emergency's transcript is a real answer with citations. Three answers marked
    /// not helpful, citing real passages of two labels.
    /// </summary>
    private async Task<Seeded> SeedAsync(GuardedBotHost host, SettableClock clock)
    {
        var queue = host.Host.Service<IEscalationQueue>();
        Assert.True(fixture.Host.Service<BotBackend>().TryGetEngine(out var engine));
        var answer = await engine.AnswerAsync(new AnswerRequest(Question, "console-e2e-" + Guid.NewGuid().ToString("N")));
        var citation = answer.Citations.OrderBy(c => c.N).First();
        var transcript = new[] { TranscriptEntry.FromUser(Question, Now.AddMinutes(-11)), TranscriptEntry.FromBot(answer, "a-console-e2e", Now.AddMinutes(-11)) };

        async Task<string> FileAsync(EscalationReason reason, TimeSpan ago, IReadOnlyList<TranscriptEntry>? turns = null)
        {
            clock.Now = Now - ago;
            return (await queue.FileAsync(Draft(reason, turns ?? []))).Case.Id;
        }
        var cited = await FileAsync(EscalationReason.Emergency, TimeSpan.FromMinutes(10), transcript);
        await FileAsync(EscalationReason.AdverseEvent, TimeSpan.FromMinutes(30));
        await FileAsync(EscalationReason.AdverseEvent, TimeSpan.FromHours(2));
        await FileAsync(EscalationReason.Dosing, TimeSpan.FromMinutes(50));
        await FileAsync(EscalationReason.UserRequest, TimeSpan.FromDays(1));
        await FileAsync(EscalationReason.UserRequest, TimeSpan.FromDays(3));
        await FileAsync(EscalationReason.UserRequest, TimeSpan.FromDays(40));
        var closed = await FileAsync(EscalationReason.Personal, TimeSpan.FromDays(5));
        Assert.True(await queue.CloseAsync(closed, EscalationNames.SystemActor, "closed"));
        clock.Now = Now;

        // Not-helpful votes citing real passages: two of one label's section, one of another label's other section.
        var store = fixture.Host.Service<BotBackend>().LabelStore!;
        var labels = (await store.ListLabelsAsync()).OrderBy(l => l.SetId, StringComparer.Ordinal).ToList();
        var first = labels[0];
        var firstPassages = await store.GetPassagesAsync(first.SetId);
        var pair = firstPassages.GroupBy(p => p.TopSectionTitle).First(g => g.Count() >= 2 && !string.IsNullOrWhiteSpace(g.Key)).Take(2).ToList();
        var second = labels[1];
        var other = (await store.GetPassagesAsync(second.SetId)).First(p => !string.IsNullOrWhiteSpace(p.TopSectionTitle) && p.TopSectionTitle != pair[0].TopSectionTitle);
        var feedback = host.Host.Service<IFeedbackStore>();
        async Task VoteAsync(string answerId, params Passage[] passages) =>
            await feedback.SaveAsync(new FeedbackEntry(Now.AddHours(-1), "directline", "hash-" + answerId, answerId, "answer", false, "wrong_section", passages.Select(p => p.Id).ToList()));
        await VoteAsync("a-both", pair[0], pair[1]);
        await VoteAsync("a-one", pair[0]);
        await VoteAsync("a-other", other);
        // Counted per answer: a-both cites one section of one label once.
        return new Seeded(cited, citation,
            new Dictionary<string, int> { [pair[0].TopSectionTitle] = 2, [other.TopSectionTitle] = 1 },
            new Dictionary<string, int> { [first.Title] = 2, [second.Title] = 1 });
    }

    private static NewEscalationCase Draft(EscalationReason reason, IReadOnlyList<TranscriptEntry> transcript) => new(
        "directline", "console-test-" + Guid.NewGuid().ToString("N"), DeliveryRoute.LocalDirectLine, "{}", reason, false, transcript);

    private static async Task<ChartData> ChartAsync(IPage page, string id)
    {
        // Waits for chart.js (loaded with defer) to have drawn the chart.
        await page.WaitForFunctionAsync($"() => window.Chart && Chart.getChart('{id}')", null, new() { Timeout = Timeout });
        var json = await page.EvaluateAsync<string>($"() => {{ const c = Chart.getChart('{id}'); return JSON.stringify({{ labels: c.data.labels, values: c.data.datasets[0].data }}); }}");
        return JsonSerializer.Deserialize<ChartData>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private static async Task<IReadOnlyList<BrowserChecks.AxeViolation>> AxeCleanAsync(IPage page, string where)
    {
        var violations = await BrowserChecks.RunAxeAsync(page);
        Assert.Empty(BrowserChecks.Serious(violations, where));
        return violations;
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
