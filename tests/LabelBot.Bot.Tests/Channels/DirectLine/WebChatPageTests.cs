using System.Net;
using LabelBot.Bot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Channels.DirectLine;

/// <summary>The page, its assets and its Direct Line settings (local by default, Azure Bot Service with a secret).</summary>
[Collection(BotHostCollection.Name)]
public sealed class WebChatPageTests(BotHostFixture fixture)
{
    [Fact]
    public async Task Page_and_bundle_are_served_by_the_host_with_a_strict_policy()
    {
        var http = fixture.Host.Http;
        using var page = await http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"/webchat/webchat.js\"></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.botframework.com", html, StringComparison.Ordinal);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self';", policy, StringComparison.Ordinal);

        using var bundle = await http.GetAsync(new Uri("/webchat/webchat.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.True(bundle.Content.Headers.ContentLength > 1_000_000, "webchat.js should be the full Web Chat bundle");

        var config = JObject.Parse(await http.GetStringAsync(new Uri("/webchat/config", UriKind.Relative)));
        Assert.Equal("/v3/directline", (string?)config["domain"]);
        // The built-in Direct Line streams over its WebSocket streamUrl (WebChat:WebSocket); polling is the fallback.
        Assert.True((bool)config["webSocket"]!);
        Assert.True((int)config["pollingInterval"]! > 0);
        using var noAzure = await http.PostAsync(new Uri("/webchat/token", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, noAzure.StatusCode);
    }

    [Fact]
    public async Task With_a_direct_line_secret_the_page_uses_azure_and_the_secret_stays_on_the_server()
    {
        const string Secret = "dl-secret-for-test";
        string? seenAuthorization = null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var azure = builder.Build();
        azure.MapPost("/v3/directline/tokens/generate", (HttpRequest request) =>
        {
            seenAuthorization = request.Headers.Authorization.ToString();
            return Results.Json(new { conversationId = "azure-conv-1", token = "azure-token-1", expires_in = 3600 });
        });
        await azure.StartAsync();
        var azureDomain = azure.Urls.Single() + "/v3/directline";

        await using var host = await RunningBotHost.StartAsync(fixture.Host.DatabasePath, new Dictionary<string, string>
        {
            ["WebChat:DirectLineSecret"] = Secret,
            ["WebChat:DirectLineDomain"] = azureDomain,
        });

        var config = JObject.Parse(await host.Http.GetStringAsync(new Uri("/webchat/config", UriKind.Relative)));
        Assert.Equal(JTokenType.Null, config["domain"]!.Type);
        Assert.True((bool)config["webSocket"]!);
        Assert.DoesNotContain(Secret, config.ToString(), StringComparison.Ordinal);

        using var tokenResponse = await host.Http.PostAsync(new Uri("/webchat/token", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        var token = JObject.Parse(await tokenResponse.Content.ReadAsStringAsync());
        Assert.Equal("azure-token-1", (string?)token["token"]);
        Assert.Equal("Bearer " + Secret, seenAuthorization);

        using var page = await host.Http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Contains(new Uri(azureDomain).Authority, page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
