using LabelBot.Bot.Rendering;
using LabelBot.Bot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LabelBot.Bot.Tests.Viewer;

/// <summary>
/// The viewer in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright): from a web chat answer's citation
/// pop-up to the highlighted passage, and the same page at 375 px with JavaScript off. Saves artifacts/e2e/viewer.png
/// (and viewer-superseded.png).
/// </summary>
[Collection(ViewerHostCollection.Name)]
public sealed class LabelViewerBrowserTests(ViewerHostFixture fixture)
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const int PhoneWidth = 375;
    private const int PhoneHeight = 812;
    private static readonly float Timeout = 90_000;

    [Fact]
    public async Task The_web_chat_citation_pop_up_opens_the_cited_passage_which_reads_at_375_px_without_javascript()
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

        // 1. Web chat: the citation pop-up's viewer link (a path on this host) opens the viewer at the cited passage.
        var chat = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 1200 } });
        await chat.GotoAsync(fixture.Host.BaseUrl.ToString());
        await chat.GetByText("I answer questions about medicines").First.WaitForAsync(new() { Timeout = Timeout });
        var sendBox = chat.Locator("[data-id='webchat-sendbox-input']");
        await sendBox.FillAsync("What does the diphenhydramine label say about drowsiness?");
        await sendBox.PressAsync("Enter");
        var citationButton = chat.Locator(".webchat__render-markdown__citation").First;
        await citationButton.WaitForAsync(new() { Timeout = Timeout });
        await citationButton.ClickAsync();
        var dialog = chat.Locator("dialog.webchat__citation-modal-dialog");
        await dialog.WaitForAsync(new() { Timeout = Timeout });
        var viewerLink = dialog.GetByRole(AriaRole.Link, new() { Name = SourcesCard.ViewerActionTitle });
        await viewerLink.WaitForAsync(new() { Timeout = Timeout });
        var popup = await chat.RunAndWaitForPopupAsync(() => viewerLink.ClickAsync(), new() { Timeout = Timeout });
        await popup.WaitForLoadStateAsync(LoadState.Load);
        var viewerUrl = new Uri(popup.Url);
        Assert.Equal(fixture.Host.BaseUrl.Authority, viewerUrl.Authority);
        Assert.StartsWith($"/labels/{ViewerHostFixture.SetId}/v{ViewerHostFixture.NewVersion}", viewerUrl.AbsolutePath, StringComparison.Ordinal);
        Assert.StartsWith("#p-", viewerUrl.Fragment, StringComparison.Ordinal);
        Assert.True(await popup.Locator(".passage.cited mark").First.IsVisibleAsync());

        // 2. The same link on a phone-sized screen with JavaScript off: the fragment scrolls the highlighted passage
        // into view, and nothing is wider than the screen (wide tables scroll inside their own box).
        var phone = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = PhoneWidth, Height = PhoneHeight },
            JavaScriptEnabled = false,
            DeviceScaleFactor = 1,
        });
        var page = await phone.NewPageAsync();
        var screenshot = Path.Combine(RepoPaths.ArtifactsFolder, "e2e", "viewer.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        try
        {
            await page.GotoAsync(viewerUrl.ToString());
            var cited = page.Locator(".passage.cited");
            Assert.Equal(1, await cited.CountAsync());
            var box = await cited.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.InRange(box.Y, 0, PhoneHeight - 40);
            Assert.InRange(box.X + box.Width, 0, PhoneWidth);
            Assert.Contains("Cited passage", await cited.InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
            foreach (var selector in new[] { "header.top", "main", "h1", "dl.facts", "article.label-text" })
            {
                var element = await page.Locator(selector).First.BoundingBoxAsync();
                Assert.NotNull(element);
                Assert.True(element.X >= 0 && element.X + element.Width <= PhoneWidth, $"{selector} spans {element.X}..{element.X + element.Width} px on a {PhoneWidth} px screen");
            }
        }
        finally
        {
            // The whole page: header (version, date, status), notices, contents and the highlighted passage.
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        }
        Assert.True(new FileInfo(screenshot).Length > 10_000, "screenshot looks empty");

        // 3. The superseded version on the phone: the notice is in the first screenful, with the way to the current one.
        var old = await phone.NewPageAsync();
        await old.GotoAsync(new Uri(fixture.Host.BaseUrl, $"labels/{ViewerHostFixture.SetId}/v{ViewerHostFixture.OldVersion}").ToString());
        var notice = old.GetByText("Not the current version.", new() { Exact = true });
        var noticeBox = await notice.BoundingBoxAsync();
        Assert.NotNull(noticeBox);
        Assert.InRange(noticeBox.Y + noticeBox.Height, 0, PhoneHeight);
        Assert.True(await old.GetByRole(AriaRole.Link, new() { Name = "Go to the current version (version 9)" }).IsVisibleAsync());
        await old.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ArtifactsFolder, "e2e", "viewer-superseded.png") });
    }
}
