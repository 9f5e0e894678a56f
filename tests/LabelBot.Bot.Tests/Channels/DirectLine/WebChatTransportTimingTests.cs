using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using LabelBot.Bot.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LabelBot.Bot.Tests.Channels.DirectLine;

/// <summary>
/// The web chat page in Chromium with each Direct Line transport: the host's WebSocket stream (its default) and polling
/// (the fallback, chosen by the page's config as <c>WebChat:WebSocket=false</c> would). Both must answer every question;
/// the median time from pressing Enter to the rendered, cited answer of each is printed and written to
/// artifacts/e2e/transport-timing.json. The times are reported, never asserted: they depend on the machine's load.
/// </summary>
[Collection(BotHostCollection.Name)]
public sealed class WebChatTransportTimingTests(BotHostFixture fixture, ITestOutputHelper output)
{
    private const float Timeout = 90_000;

    private static readonly string[] Questions =
    [
        "What are the warnings for ciprofloxacin?",
        "What are the side effects of atorvastatin?",
        "What are the warnings for naproxen?",
        "What is ibuprofen used for?",
        "Does cipro interact with antacids?",
        "What are the side effects of ibuprofen?",
    ];

    [Fact]
    public async Task Both_transports_answer_every_question_and_the_median_send_to_answer_times_are_reported()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserChecks.LaunchChromiumAsync(playwright);
        var webSocket = await MeasureAsync(browser, useWebSocket: true);
        var polling = await MeasureAsync(browser, useWebSocket: false);

        var report = new JsonObject
        {
            ["questions"] = Questions.Length,
            ["webSocketMedianMs"] = Median(webSocket),
            ["pollingMedianMs"] = Median(polling),
            ["webSocketMs"] = new JsonArray([.. webSocket.Select(t => (JsonNode)t)]),
            ["pollingMs"] = new JsonArray([.. polling.Select(t => (JsonNode)t)]),
            ["loadAverage"] = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Trim() : null,
        };
        var path = Path.Combine(RepoPaths.ArtifactsFolder, "e2e", "transport-timing.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, report.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"send -> rendered answer, median of {Questions.Length}: WebSocket {Median(webSocket):F0} ms, polling {Median(polling):F0} ms ({path})"));
        Assert.Equal(Questions.Length, webSocket.Count);
        Assert.Equal(Questions.Length, polling.Count);
    }

    /// <summary>Asks every question on a fresh page; returns the milliseconds from Enter to the answer's citations on screen.</summary>
    private async Task<List<double>> MeasureAsync(IBrowser browser, bool useWebSocket)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 1400 } });
        var streams = 0;
        page.WebSocket += (_, _) => Interlocked.Increment(ref streams);
        // The page's transport comes from /webchat/config: the host's answer, with only the transport set.
        await page.RouteAsync("**/webchat/config", async route =>
        {
            var response = await route.FetchAsync();
            var config = JsonNode.Parse(await response.TextAsync())!.AsObject();
            config["webSocket"] = useWebSocket;
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = config.ToJsonString() });
        });
        var times = new List<double>();
        try
        {
            await page.GotoAsync(fixture.Host.BaseUrl.ToString());
            await page.GetByText("I answer questions about medicines").First.WaitForAsync(new() { Timeout = Timeout });
            var sendBox = page.Locator("[data-id='webchat-sendbox-input']");
            for (var i = 0; i < Questions.Length; i++)
            {
                await sendBox.FillAsync(Questions[i]);
                var watch = Stopwatch.StartNew();
                await sendBox.PressAsync("Enter");
                // The (i+1)-th answer is rendered once its activity shows Web Chat citation buttons.
                await page.WaitForFunctionAsync(
                    "n => [...document.querySelectorAll('.webchat__basic-transcript__activity')].filter(a => a.querySelector('.webchat__render-markdown__citation')).length >= n",
                    i + 1, new PageWaitForFunctionOptions { Timeout = Timeout, PollingInterval = 10 });
                times.Add(Math.Round(watch.Elapsed.TotalMilliseconds, 1));
            }
        }
        finally
        {
            await page.CloseAsync();
        }
        // The transport really was the one measured: a stream was opened exactly when asked for.
        Assert.Equal(useWebSocket, streams > 0);
        return times;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : Math.Round((sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2, 1);
    }
}
