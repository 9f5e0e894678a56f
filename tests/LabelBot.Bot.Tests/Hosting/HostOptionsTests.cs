using LabelBot.Bot.Handoff;
using LabelBot.Bot.Hosting;
using LabelBot.Bot.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LabelBot.Bot.Tests.Hosting;

/// <summary>Host settings through the options pipeline: defaults as documented, and bad values refused at start with the setting's name.</summary>
public sealed class HostOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = Bound<LabelBotHostOptions>(Configuration());

        Assert.Equal(8, options.Turns.BudgetSeconds);
        Assert.Equal(45, options.Turns.TimeLimitSeconds);
        Assert.Equal(10, options.Turns.AcknowledgeSeconds);
        Assert.Equal(30, options.Turns.RetryWindowSeconds);
        Assert.Equal(10, options.RateLimit.MessagesPerConversation);
        Assert.Equal(120, options.RateLimit.RequestsPerIp);
    }

    [Theory]
    [InlineData("Turns:AcknowledgeSeconds", "0", "AcknowledgeSeconds")]
    [InlineData("Turns:AcknowledgeSeconds", "15", "AcknowledgeSeconds")]
    [InlineData("Turns:BudgetSeconds", "0", "BudgetSeconds")]
    [InlineData("Turns:TimeLimitSeconds", "5", "BudgetSeconds")]
    [InlineData("Turns:RetryWindowSeconds", "-1", "RetryWindowSeconds")]
    [InlineData("RateLimit:IpWindowSeconds", "0", "IpWindowSeconds")]
    [InlineData("RateLimit:RequestsPerIp", "-3", "RequestsPerIp")]
    [InlineData("ReadinessTimeoutSeconds", "61", "ReadinessTimeoutSeconds")]
    [InlineData("MaxQuestionLength", "50", "LabelBot:MaxQuestionLength")]
    [InlineData("DirectLine:PageSize", "0", "LabelBot:DirectLine:PageSize")]
    [InlineData("DirectLine:MaxBytesPerConversation", "65536", "MaxUserActivityBytes")]
    [InlineData("PharmacistKey", "short", "LABELBOT_PHARMACIST_KEY")]
    public void Out_of_range_settings_are_refused_naming_the_setting(string key, string value, string named)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Bound<LabelBotHostOptions>(Configuration(("LabelBot:" + key, value))));

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_acknowledgement_within_the_channel_timeout_is_taken()
    {
        var options = Bound<LabelBotHostOptions>(Configuration(("LabelBot:Turns:AcknowledgeSeconds", "14")));

        Assert.Equal(TimeSpan.FromSeconds(14), options.Turns.Acknowledge);
    }

    [Theory]
    [InlineData("Escalation:TranscriptTurns", "1", "Escalation:TranscriptTurns")]
    [InlineData("Escalation:ConsoleUrl", "not a url", "Escalation:ConsoleUrl")]
    [InlineData("Escalation:OpenFrom", "9 am", "Escalation:OpenFrom")]
    [InlineData("Escalation:PharmacistsChannel:ServiceUrl", "https://smba.trafficmanager.net/amer/", "ConversationId")]
    public void Bad_escalation_settings_are_refused_naming_the_setting(string key, string value, string named)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Bound<EscalationOptions>(Configuration((key, value))));

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_channel_list_replaces_the_default_instead_of_extending_it()
    {
        var options = Bound<EscalationOptions>(Configuration(("Escalation:ChannelsWithoutHandoffEvent:0", "webchat")));

        Assert.Equal(["webchat"], options.ChannelsWithoutHandoffEvent);
    }

    [Fact]
    public async Task The_host_does_not_start_with_a_bad_setting_and_says_which()
    {
        var database = Path.Combine(Path.GetTempPath(), "labelbot-options-test.db");
        Microsoft.AspNetCore.Builder.WebApplication? app = null;

        // Refused while the pipeline is built (the console's key ring reads the settings) or when it starts: never listening.
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            app = BotHost.Build(["--urls", "http://127.0.0.1:0", "--LabelBot:DatabasePath", database, "--LabelBot:Turns:AcknowledgeSeconds", "15"]);
            await app.StartAsync();
        });

        Assert.Contains("LabelBot:Turns:AcknowledgeSeconds must be above 0 and at most 14", error.Message, StringComparison.Ordinal);
        if (app is not null)
        {
            Assert.Empty(BotHost.BoundAddresses(app));
            await app.DisposeAsync();
        }
    }

    /// <summary>The options as the host binds and validates them.</summary>
    private static T Bound<T>(IConfiguration configuration) where T : class
    {
        using var provider = new ServiceCollection().AddLabelBotOptions(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<T>>().Value;
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)).Append(new("LabelBot:DatabasePath", Path.Combine(Path.GetTempPath(), "labelbot-options-test.db"))))
            .Build();

    [Theory]
    [InlineData("30", "Llm:TimeoutSeconds must be between 1 and 8 seconds")]
    [InlineData("soon", "Llm:TimeoutSeconds")]
    public void The_host_refuses_to_start_with_an_llm_timeout_out_of_range(string timeout, string expected)
    {
        var error = Assert.Throws<LabelBot.Llm.LlmConfigurationException>(() => BotHost.Build(
        [
            "--urls", "http://127.0.0.1:0", "--Llm:Provider", "OpenAICompatible", "--Llm:Endpoint", "http://127.0.0.1:9/v1",
            "--Llm:Model", "m", "--Llm:TimeoutSeconds", timeout,
        ]));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
