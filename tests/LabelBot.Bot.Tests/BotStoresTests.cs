using System.Text;
using LabelBot.Bot.Conversations;
using LabelBot.Bot.Hosting;
using LabelBot.Bot.Pharmacist;

namespace LabelBot.Bot.Tests;

/// <summary>
/// What the host does before data reaches a store: transcript redaction, the pharmacist console cookie and names. The
/// stores themselves are covered, on SQLite and PostgreSQL alike, by <see cref="Storage.BotStoreContractTests"/>.
/// </summary>
public sealed class BotStoresTests
{
    [Theory]
    [InlineData("mail me at jane.doe+rx@example.co.uk please", "mail me at [email removed] please")]
    [InlineData("call (555) 123-4567 or +1 555 123 4567", "call [phone removed] or [phone removed]")]
    [InlineData("my MRN is 00123456 and SSN 123-45-6789", "my MRN is [number removed] and SSN [number removed]")]
    [InlineData("born 01/02/1980", "born [number removed]")]
    [InlineData("I take 500 mg twice a day since 2019", "I take 500 mg twice a day since 2019")]
    [InlineData("What are the warnings for ciprofloxacin?", "What are the warnings for ciprofloxacin?")]
    public void Redaction_removes_obvious_identifiers_and_keeps_the_question(string input, string expected) =>
        Assert.Equal(expected, TranscriptRedactor.Redact(input));

    [Fact]
    public void Console_session_cookie_is_signed_expires_and_dies_with_the_key()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var authenticator = new PharmacistAuthenticator(new LabelBotHostOptions { PharmacistKey = "first-key-0123456789-0123456789-01" }, clock);
        Assert.True(authenticator.KeyMatches("first-key-0123456789-0123456789-01"));
        Assert.False(authenticator.KeyMatches("first-key-012345678"));
        Assert.False(authenticator.KeyMatches(""));

        var cookie = IssueCookie(authenticator, "Avery Chen");
        Assert.Equal(new PharmacistIdentity("Avery Chen", false), authenticator.Authenticate(RequestWithCookie(cookie)));

        var parts = cookie.Split('.');
        var renamed = Convert.ToBase64String(Encoding.UTF8.GetBytes("Mallory")).TrimEnd('=') + "." + parts[1] + "." + parts[2];
        Assert.Null(authenticator.Authenticate(RequestWithCookie(renamed)));
        var other = new PharmacistAuthenticator(new LabelBotHostOptions { PharmacistKey = "second-key-0123456789-0123456789-01" }, clock);
        Assert.Null(other.Authenticate(RequestWithCookie(cookie)));

        clock.Advance(PharmacistAuthenticator.SessionLifetime + TimeSpan.FromMinutes(1));
        Assert.Null(authenticator.Authenticate(RequestWithCookie(cookie)));
        Assert.False(new PharmacistAuthenticator(new LabelBotHostOptions(), clock).IsEnabled);
    }

    [Theory]
    [InlineData("  Dana   O'Neil ", "Dana O'Neil")]
    [InlineData("Dr. José-María Núñez", "Dr. José-María Núñez")]
    [InlineData("<script>", null)]
    [InlineData("", null)]
    [InlineData("a\u0000b", null)]
    public void Pharmacist_names_are_normalised_or_refused(string input, string? expected) => Assert.Equal(expected, PharmacistNames.Normalize(input));

    private static string IssueCookie(PharmacistAuthenticator authenticator, string name)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        authenticator.SignIn(context.Response, name);
        var header = context.Response.Headers.SetCookie.ToString();
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", header, StringComparison.OrdinalIgnoreCase);
        var value = header.Split(';')[0];
        return value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..];
    }

    private static Microsoft.AspNetCore.Http.HttpRequest RequestWithCookie(string cookie)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Headers.Cookie = $"{PharmacistAuthenticator.CookieName}={cookie}";
        return context.Request;
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
