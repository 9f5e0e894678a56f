using LabelBot.Bot.Hosting;
using Microsoft.Extensions.Configuration;

namespace LabelBot.Bot.Tests.Hosting;

/// <summary>Turn and rate-limit settings: defaults as documented, and out-of-range values refused at start with the setting's name.</summary>
public sealed class HostOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = LabelBotHostOptions.Resolve(Configuration());

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
    public void Out_of_range_settings_are_refused_naming_the_setting(string key, string value, string named)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => LabelBotHostOptions.Resolve(Configuration(("LabelBot:" + key, value))));

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_acknowledgement_within_the_channel_timeout_is_taken()
    {
        var options = LabelBotHostOptions.Resolve(Configuration(("LabelBot:Turns:AcknowledgeSeconds", "14")));

        Assert.Equal(TimeSpan.FromSeconds(14), options.Turns.Acknowledge);
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
