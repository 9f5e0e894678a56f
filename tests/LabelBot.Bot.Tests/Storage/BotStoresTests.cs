using System.Text;
using LabelBot.Bot.Console;
using LabelBot.Bot.Conversations;
using LabelBot.Bot.Settings;

namespace LabelBot.Bot.Tests.Storage;

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
    public void Console_key_is_compared_whole_and_no_key_disables_the_console()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var authenticator = new PharmacistAuthenticator(new LabelBotHostOptions { PharmacistKey = "first-key-0123456789-0123456789-01" }, clock);
        Assert.True(authenticator.KeyMatches("first-key-0123456789-0123456789-01"));
        Assert.False(authenticator.KeyMatches("first-key-012345678"));
        Assert.False(authenticator.KeyMatches(""));
        Assert.False(new PharmacistAuthenticator(new LabelBotHostOptions(), clock).IsEnabled);
    }

    [Theory]
    [InlineData("  Dana   O'Neil ", "Dana O'Neil")]
    [InlineData("Dr. José-María Núñez", "Dr. José-María Núñez")]
    [InlineData("<script>", null)]
    [InlineData("", null)]
    [InlineData("a\u0000b", null)]
    public void Pharmacist_names_are_normalised_or_refused(string input, string? expected) => Assert.Equal(expected, PharmacistNames.Normalize(input));

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
