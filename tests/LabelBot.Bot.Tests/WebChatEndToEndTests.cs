using System.Text.RegularExpressions;
using LabelBot.Bot.Rendering;
using LabelBot.Bot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LabelBot.Bot.Tests;

/// <summary>
/// The web chat page in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright): a cited answer, then a
/// dosing question redirected with the pharmacist action. Saves artifacts/e2e/webchat.png.
/// </summary>
[Collection(BotHostCollection.Name)]
public sealed partial class WebChatEndToEndTests(BotHostFixture fixture)
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private static readonly float Timeout = 90_000;

    [Fact]
    public async Task Page_shows_a_cited_answer_then_redirects_dosing_to_a_pharmacist()
    {
        // Fails (never skips) without the browser: CI installs it with apt-get install chromium.
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install it with `apt-get update && apt-get install -y chromium` (CI does).");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 1400 } });
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };
        var screenshot = Path.Combine(RepoPaths.ArtifactsFolder, "e2e", "webchat.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);

        try
        {
            await page.GotoAsync(fixture.Host.BaseUrl.ToString());
            await page.GetByText("I answer questions about medicines").First.WaitForAsync(new() { Timeout = Timeout });

            var sendBox = page.Locator("[data-id='webchat-sendbox-input']");
            await sendBox.FillAsync("What are the warnings for ciprofloxacin?");
            await sendBox.PressAsync("Enter");

            // The answer: text with [n] markers and the sources card with a DailyMed link per citation.
            await page.GetByRole(AriaRole.Button, new() { Name = "Open label on DailyMed" }).First.WaitForAsync(new() { Timeout = Timeout });
            var transcript = await page.Locator("#webchat").InnerTextAsync();
            Assert.Matches(CitationMarker(), transcript);
            Assert.Contains("Label version", transcript, StringComparison.Ordinal);
            Assert.Contains("Was this answer helpful?", transcript, StringComparison.Ordinal);
            // One sources presentation: the card, not also a text block of raw links; quotes shown without cross-references.
            Assert.DoesNotContain("Sources:", transcript, StringComparison.Ordinal);
            Assert.DoesNotContain("https://dailymed", transcript, StringComparison.Ordinal);
            Assert.DoesNotContain("[see ", transcript, StringComparison.OrdinalIgnoreCase);

            await sendBox.FillAsync("How much ciprofloxacin should I take?");
            await sendBox.PressAsync("Enter");
            var pharmacist = page.GetByRole(AriaRole.Button, new() { Name = SuggestedActionsBuilder.TalkToPharmacist });
            await pharmacist.First.WaitForAsync(new() { Timeout = Timeout });
            Assert.True(await pharmacist.First.IsVisibleAsync());
        }
        finally
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        }

        Assert.True(new FileInfo(screenshot).Length > 10_000, "screenshot looks empty");
        Assert.DoesNotContain(consoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex CitationMarker();
}
