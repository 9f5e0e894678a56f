using System.Text.Json;
using System.Text.RegularExpressions;
using LabelBot.Bot.Backend;
using LabelBot.Bot.Feedback;
using LabelBot.Bot.Rendering;
using LabelBot.Bot.Telemetry;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Bot.Texts;
using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Extractive;
using Microsoft.Playwright;

namespace LabelBot.Bot.Tests.Channels.DirectLine;

/// <summary>
/// The web chat page in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright), used with the keyboard only:
/// a cited answer whose sources are Web Chat's own citation buttons and pop-up (once, no card), thumbs whose vote is
/// stored, a dosing question redirected with the pharmacist action, the layout at 375 px, and an axe-core check.
/// Saves artifacts/e2e/webchat.png, webchat-375.png and axe.json.
/// </summary>
[Collection(BotHostCollection.Name)]
public sealed partial class WebChatEndToEndTests(BotHostFixture fixture)
{
    private const string Question = "What are the warnings for ciprofloxacin?";
    private const int PhoneWidth = 375;
    private const string CitationDialog = "dialog.webchat__citation-modal-dialog";
    private static readonly float Timeout = 90_000;

    [Fact]
    public async Task Keyboard_user_gets_inline_citations_with_the_quote_votes_with_thumbs_and_is_redirected_for_dosing()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserChecks.LaunchChromiumAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 1400 } });
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };
        // The page's own Direct Line traffic: the conversation id (to find the stored vote) and the vote event it posts.
        var posted = new List<(string Url, string Body)>();
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.Contains("/activities", StringComparison.Ordinal))
            {
                lock (posted)
                {
                    posted.Add((request.Url, request.PostData ?? ""));
                }
            }
        };
        var screenshot = Path.Combine(RepoPaths.ArtifactsFolder, "e2e", "webchat.png");
        var phoneScreenshot = Path.Combine(RepoPaths.ArtifactsFolder, "e2e", "webchat-375.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);

        try
        {
            await page.GotoAsync(fixture.Host.BaseUrl.ToString());
            await page.GetByText("I answer questions about medicines").First.WaitForAsync(new() { Timeout = Timeout });
            // First questions built from the loaded labels are offered under the welcome.
            await page.Locator(".webchat__suggested-action").First.WaitForAsync(new() { Timeout = Timeout });
            Assert.InRange(await page.Locator(".webchat__suggested-action").CountAsync(), 1, WelcomeSuggestions.MaxSuggestions);

            // Keyboard only: the page starts in the send box.
            var sendBox = page.Locator("[data-id='webchat-sendbox-input']");
            Assert.Equal("webchat-sendbox-input", await page.EvaluateAsync<string?>("() => document.activeElement && document.activeElement.getAttribute('data-id')"));
            await page.Keyboard.TypeAsync(Question);
            await page.Keyboard.PressAsync("Enter");

            // The answer: [n] markers are Web Chat citation buttons; sources shown once, with no card and no text list.
            var citationButton = page.Locator(".webchat__render-markdown__citation").First;
            await citationButton.WaitForAsync(new() { Timeout = Timeout });
            var transcript = await page.Locator("#webchat").InnerTextAsync();
            Assert.Equal(0, await page.Locator(".ac-adaptiveCard").CountAsync());
            Assert.DoesNotContain("Sources:", transcript, StringComparison.Ordinal);
            Assert.DoesNotContain("cite:", transcript, StringComparison.Ordinal);
            Assert.DoesNotContain("Open label on DailyMed", transcript, StringComparison.Ordinal);
            Assert.DoesNotContain("https://dailymed", transcript, StringComparison.Ordinal);
            Assert.DoesNotContain("[see ", transcript, StringComparison.OrdinalIgnoreCase);

            // The pop-up of [1] (opened with the keyboard) quotes the label, names section and version, and links the label.
            var expected = await ExpectedFirstCitationAsync();
            await citationButton.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            var dialog = page.Locator(CitationDialog);
            await dialog.WaitForAsync(new() { Timeout = Timeout });
            var popup = Collapse(await dialog.InnerTextAsync());
            var quote = Collapse(QuoteDisplay.Render(expected.Quote));
            Assert.Contains(quote[..Math.Min(60, quote.Length)], popup, StringComparison.Ordinal);
            Assert.Contains("Section: " + CitationText.Section(expected), popup, StringComparison.Ordinal);
            Assert.Contains("Label: " + CitationVersionText.For(expected), popup, StringComparison.Ordinal);
            Assert.Equal(CitationText.Link(expected), await dialog.GetByRole(AriaRole.Link, new() { Name = "Open the label on DailyMed" }).GetAttributeAsync("href"));
            await page.Keyboard.PressAsync("Escape");
            await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden, Timeout = Timeout });

            // Thumbs in the activity status; a vote (keyboard) is thanked and stored for this conversation.
            var like = page.GetByRole(AriaRole.Button, new() { Name = "Like" }).First;
            Assert.True(await like.IsVisibleAsync());
            Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Dislike" }).First.IsVisibleAsync());
            await like.FocusAsync();
            await page.RunAndWaitForRequestAsync(
                () => page.Keyboard.PressAsync("Enter"),
                r => r.Method == "POST" && (r.PostData ?? "").Contains(FeedbackVotes.WebChatEventName, StringComparison.Ordinal),
                new() { Timeout = Timeout });
            // (Web Chat's Markdown turns the text's apostrophes typographic: its first words are matched.)
            await page.GetByText(BotTexts.Get(BotTexts.FeedbackThanks).Split(':')[0]).First.WaitForAsync(new() { Timeout = Timeout });
            List<(string Url, string Body)> sent;
            lock (posted)
            {
                sent = [.. posted];
            }
            var vote = JsonDocument.Parse(Assert.Single(sent, p => p.Body.Contains(FeedbackVotes.WebChatEventName, StringComparison.Ordinal)).Body).RootElement;
            Assert.Equal("event", vote.GetProperty("type").GetString());
            Assert.Equal(FeedbackVotes.Upvote, vote.GetProperty("entities")[0].GetProperty("actionOption").GetString());
            var conversationId = Uri.UnescapeDataString(ConversationInUrl().Match(sent[0].Url).Groups[1].Value);
            var stored = await fixture.Host.Service<IFeedbackStore>().ListRecentAsync(1000);
            var entry = Assert.Single(stored, e => e.ConversationHash == IdHasher.Hash($"directline|{conversationId}"));
            Assert.True(entry.Helpful);
            Assert.Equal("answer", entry.AnswerKind);
            Assert.Contains(expected.PassageId, entry.PassageIds);

            await sendBox.FocusAsync();
            await page.Keyboard.TypeAsync("How much ciprofloxacin should I take?");
            await page.Keyboard.PressAsync("Enter");
            var pharmacist = page.GetByRole(AriaRole.Button, new() { Name = SuggestedActionsBuilder.TalkToPharmacist });
            await pharmacist.First.WaitForAsync(new() { Timeout = Timeout });
            Assert.True(await pharmacist.First.IsVisibleAsync());
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });

            // A phone: nothing wider than the screen, the send box and the thumbs still on it.
            await page.SetViewportSizeAsync(PhoneWidth, 812);
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= PhoneWidth, "the page scrolls sideways at 375 px");
            Assert.True(await sendBox.IsVisibleAsync());
            var box = await like.BoundingBoxAsync();
            Assert.True(box is not null && box.X + box.Width <= PhoneWidth, "the thumbs leave the screen at 375 px");
        }
        finally
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = File.Exists(screenshot) ? phoneScreenshot : screenshot, FullPage = true });
        }

        Assert.True(new FileInfo(screenshot).Length > 10_000, "screenshot looks empty");
        Assert.True(new FileInfo(phoneScreenshot).Length > 10_000, "375 px screenshot looks empty");
        Assert.DoesNotContain(consoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Chat_page_with_an_answer_and_its_citation_pop_up_has_no_serious_or_critical_axe_violations()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserChecks.LaunchChromiumAsync(playwright);
        var report = new Dictionary<string, object>();
        foreach (var width in new[] { 1100, PhoneWidth })
        {
            // The page forbids inline scripts (CSP); this context alone lets the local axe-core file in.
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, ViewportSize = new ViewportSize { Width = width, Height = 900 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(fixture.Host.BaseUrl.ToString());
            await page.Locator(".webchat__suggested-action").First.WaitForAsync(new() { Timeout = Timeout });
            await page.Locator("[data-id='webchat-sendbox-input']").FillAsync(Question);
            await page.Keyboard.PressAsync("Enter");
            await page.GetByRole(AriaRole.Button, new() { Name = "Like" }).First.WaitForAsync(new() { Timeout = Timeout });
            var page1 = await BrowserChecks.RunAxeAsync(page);
            await page.Locator(".webchat__render-markdown__citation").First.ClickAsync();
            await page.Locator(CitationDialog).WaitForAsync(new() { Timeout = Timeout });
            var popup = await BrowserChecks.RunAxeAsync(page);
            report[$"{width}px"] = new { page = page1, citationPopup = popup };
            Assert.Empty(page1.Where(v => v.Impact is "serious" or "critical").Select(v => $"{width}px page: {v.Id} ({v.Impact}, {v.Nodes} nodes): {v.Help}"));
            Assert.Empty(popup.Where(v => v.Impact is "serious" or "critical").Select(v => $"{width}px pop-up: {v.Id} ({v.Impact}, {v.Nodes} nodes): {v.Help}"));
        }
        var output = Path.Combine(RepoPaths.ArtifactsFolder, "e2e", "axe.json");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The first citation the offline engine gives for <see cref="Question"/> (answers are deterministic).</summary>
    private async Task<Citation> ExpectedFirstCitationAsync()
    {
        Assert.True(fixture.Host.Service<BotBackend>().TryGetEngine(out var engine));
        var result = await engine.AnswerAsync(new AnswerRequest(Question, "e2e-expected-" + Guid.NewGuid().ToString("N")));
        return result.Citations.OrderBy(c => c.N).First();
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex(@"/conversations/([^/]+)/activities")]
    private static partial Regex ConversationInUrl();
}
