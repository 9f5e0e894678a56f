using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using LabelBot.Bot.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace LabelBot.Bot.Tests.Hosting;

/// <summary>With MicrosoftAppId configured, /api/messages only accepts a valid Bot Framework JWT.</summary>
[Collection(BotHostCollection.Name)]
public sealed class JwtAuthenticationTests(BotHostFixture fixture) : IAsyncLifetime
{
    private RunningBotHost _host = null!;
    private FakeChannelServer _teams = null!;

    public async Task InitializeAsync()
    {
        // Same (already seeded) database as the shared host; only the Bot Framework registration differs.
        _host = await RunningBotHost.StartAsync(fixture.Host.DatabasePath, new Dictionary<string, string>
        {
            ["MicrosoftAppType"] = "MultiTenant",
            ["MicrosoftAppId"] = TeamsActivities.BotAppId,
            ["MicrosoftAppPassword"] = "not-a-real-secret-" + Guid.NewGuid().ToString("N"),
        });
        await _host.WaitUntilReadyAsync(BotHostFixture.SeedTimeout);
        _teams = await FakeChannelServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _teams.DisposeAsync();
        await _host.DisposeAsync();
    }

    public static TheoryData<string?> RejectedAuthorizations() => new()
    {
        null,
        "Bearer not-a-jwt",
        "Basic dXNlcjpwYXNz",
        ForgedToken("https://attacker.example.com"),
        // Right issuer and audience, wrong signing key: only Bot Framework's published keys may sign.
        ForgedToken("https://api.botframework.com"),
    };

    [Theory]
    [MemberData(nameof(RejectedAuthorizations))]
    public async Task Requests_without_a_valid_token_get_401_and_no_reply(string? authorization)
    {
        var activities = new TeamsActivities(_teams.ServiceUrl);
        using var response = await TeamsActivities.PostAsync(_host.Http, activities.Message("What are the warnings for ciprofloxacin?"), authorization);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_teams.For(activities.ConversationId));
    }

    [Fact]
    public async Task Web_chat_keeps_working_when_the_bot_is_registered()
    {
        // The Direct Line bridge never leaves the process, so it needs no Azure credentials.
        var client = new DirectLineTestClient(_host.Http);
        await client.StartAsync();
        await client.PostTextAsync("What are the warnings for ciprofloxacin?");
        var reply = await client.WaitForBotMessageAsync(a => a["entities"]?.Any(e => (string?)e["type"] == LabelBot.Bot.Rendering.WebChatCitations.EntityType) == true);
        Assert.NotNull(reply["text"]);
    }

    private static string ForgedToken(string issuer)
    {
        using var rsa = RSA.Create(2048);
        var credentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "forged" }, SecurityAlgorithms.RsaSha256);
        var token = new JwtSecurityToken(
            issuer: issuer,
            audience: TeamsActivities.BotAppId,
            claims: [new Claim("serviceurl", "https://smba.trafficmanager.net/amer/")],
            notBefore: DateTime.UtcNow.AddMinutes(-5),
            expires: DateTime.UtcNow.AddMinutes(30),
            signingCredentials: credentials);
        return "Bearer " + new JwtSecurityTokenHandler().WriteToken(token);
    }
}
