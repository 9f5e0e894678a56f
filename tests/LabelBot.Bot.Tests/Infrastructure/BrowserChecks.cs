using System.Text.Json;
using Microsoft.Playwright;

namespace LabelBot.Bot.Tests.Infrastructure;

/// <summary>Debian's Chromium under Playwright, and axe-core (from the host's npm folder) run inside a page.</summary>
internal static class BrowserChecks
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static string AxeScript => Path.Combine(RepoPaths.Root, "src", "LabelBot.Bot", "WebChat", "node_modules", "axe-core", "axe.min.js");

    public static async Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        // Fails (never skips) without the browser: CI installs it with apt-get install chromium.
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install it with `apt-get update && apt-get install -y chromium` (CI does).");
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public sealed record AxeViolation(string Id, string? Impact, int Nodes, string Help);

    /// <summary>axe-core's violations on the page as it is now (the page's context needs BypassCSP to let the script in).</summary>
    public static async Task<IReadOnlyList<AxeViolation>> RunAxeAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        Assert.True(File.Exists(AxeScript), $"{AxeScript} is missing: building src/LabelBot.Bot installs it from npm.");
        if (!await page.EvaluateAsync<bool>("() => typeof axe !== 'undefined'"))
        {
            await page.AddScriptTagAsync(new() { Path = AxeScript });
        }
        var json = await page.EvaluateAsync<string>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return JSON.stringify(result.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help })));
            }
            """);
        return JsonSerializer.Deserialize<List<AxeViolation>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
    }

    public static IEnumerable<string> Serious(IEnumerable<AxeViolation> violations, string where) =>
        violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{where}: {v.Id} ({v.Impact}, {v.Nodes} nodes): {v.Help}");
}
