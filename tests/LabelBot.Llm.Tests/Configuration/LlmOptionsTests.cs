using LabelBot.Core.Answering.Phrasing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LabelBot.Llm.Tests.Configuration;

public sealed class LlmOptionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    [Fact]
    public void Missing_section_means_no_llm_and_no_phraser()
    {
        var options = LlmOptions.FromConfiguration(Config());

        Assert.Equal(LlmProvider.None, options.Provider);
        Assert.Empty(options.Validate());
        Assert.Null(AnswerPhraserFactory.Create(options));
    }

    [Fact]
    public void Section_binds_every_setting()
    {
        var options = LlmOptions.FromConfiguration(Config(
            ("Llm:Provider", "AzureOpenAI"), ("Llm:Endpoint", "https://example.openai.azure.com/"), ("Llm:Deployment", "gpt"),
            ("Llm:ApiKey", "k"), ("Llm:TimeoutSeconds", "6"), ("Llm:AttemptTimeoutSeconds", "3"), ("Llm:MaxRetries", "2"),
            ("Llm:MaxTokens", "300"), ("Llm:Temperature", "0.2"), ("Llm:BreakAfterFailures", "5")));

        Assert.Equal(LlmProvider.AzureOpenAI, options.Provider);
        Assert.Equal("https://example.openai.azure.com/", options.Endpoint);
        Assert.Equal("gpt", options.Deployment);
        Assert.Equal(6, options.TimeoutSeconds);
        Assert.Equal(3, options.AttemptTimeoutSeconds);
        Assert.Equal(2, options.MaxRetries);
        Assert.Equal(300, options.MaxTokens);
        Assert.Equal(0.2, options.Temperature);
        Assert.Equal(5, options.BreakAfterFailures);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Defaults_keep_the_whole_phrasing_under_ten_seconds()
    {
        var options = new LlmOptions();

        Assert.Equal(8, options.TimeoutSeconds);
        Assert.Equal(5, options.EffectiveAttemptTimeoutSeconds);
        Assert.True(options.EffectiveAttemptTimeoutSeconds <= options.TimeoutSeconds);
        Assert.Equal(0, options.Temperature);
    }

    [Theory]
    [InlineData("AzureOpenAI", "https://x.openai.azure.com/", "gpt", "", "8", "ApiKey")]
    [InlineData("OpenAICompatible", "not a url", "m", "k", "8", "Endpoint")]
    [InlineData("OpenAICompatible", "http://localhost:11434/v1", "", "", "8", "Model")]
    [InlineData("OpenAICompatible", "http://localhost:11434/v1", "m", "", "30", "TimeoutSeconds")]
    public void Incomplete_settings_fail_at_start_naming_the_setting(string provider, string endpoint, string model, string key, string timeout, string expected)
    {
        var configuration = Config(("Llm:Provider", provider), ("Llm:Endpoint", endpoint), ("Llm:Model", model), ("Llm:ApiKey", key), ("Llm:TimeoutSeconds", timeout));

        var error = Assert.ThrowsAny<InvalidOperationException>(() => new ServiceCollection().AddLabelBotLlm(configuration));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        if (key.Length > 0)
        {
            Assert.DoesNotContain($"ApiKey {key}", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Configured_provider_registers_a_single_phraser()
    {
        var configuration = Config(("Llm:Provider", "OpenAICompatible"), ("Llm:Endpoint", "http://127.0.0.1:9/v1"), ("Llm:Model", "m"));

        using var provider = new ServiceCollection().AddLabelBotLlm(configuration).BuildServiceProvider();

        var phraser = provider.GetRequiredService<IAnswerPhraser>();
        Assert.IsType<SemanticKernelAnswerPhraser>(phraser);
        Assert.Same(phraser, provider.GetRequiredService<IAnswerPhraser>());
    }

    [Fact]
    public void No_provider_registers_no_phraser()
    {
        using var provider = new ServiceCollection().AddLabelBotLlm(Config()).BuildServiceProvider();

        Assert.Null(provider.GetService<IAnswerPhraser>());
        Assert.Equal(LlmProvider.None, provider.GetRequiredService<LlmOptions>().Provider);
    }

    [Theory]
    [InlineData("4", null)] // below the old 5 s attempt timeout: now valid, the attempt timeout follows the deadline
    [InlineData("1", null)]
    [InlineData("8", "8")]
    public void Any_deadline_in_the_allowed_range_is_valid_with_a_derived_attempt_timeout(string timeout, string? attempt)
    {
        var pairs = new List<(string, string)> { ("Llm:Provider", "OpenAICompatible"), ("Llm:Endpoint", "http://127.0.0.1:9/v1"), ("Llm:Model", "m"), ("Llm:TimeoutSeconds", timeout) };
        if (attempt is not null)
        {
            pairs.Add(("Llm:AttemptTimeoutSeconds", attempt));
        }

        var options = LlmOptions.FromConfigurationValidated(Config([.. pairs]));

        Assert.InRange(options.EffectiveAttemptTimeoutSeconds, 0.5, options.TimeoutSeconds);
        Assert.NotNull(AnswerPhraserFactory.Create(options));
    }

    [Theory]
    [InlineData("TimeoutSeconds", "0.5", "Llm:TimeoutSeconds must be between 1 and 8 seconds")]
    [InlineData("TimeoutSeconds", "9.5", "Llm:TimeoutSeconds must be between 1 and 8 seconds")]
    [InlineData("TimeoutSeconds", "30", "got 30")]
    [InlineData("TimeoutSeconds", "NaN", "Llm:TimeoutSeconds must be between 1 and 8 seconds")]
    [InlineData("AttemptTimeoutSeconds", "9", "Llm:AttemptTimeoutSeconds must be between 0.5 and Llm:TimeoutSeconds (8)")]
    [InlineData("TimeoutSeconds", "soon", "TimeoutSeconds")]
    public void Out_of_range_or_unreadable_timeouts_stop_the_start_with_a_message_naming_the_range(string key, string value, string expected)
    {
        var configuration = Config(("Llm:Provider", "OpenAICompatible"), ("Llm:Endpoint", "http://127.0.0.1:9/v1"), ("Llm:Model", "m"), ($"Llm:{key}", value));

        var error = Assert.Throws<LlmConfigurationException>(() => new ServiceCollection().AddLabelBotLlm(configuration));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Invalid LLM settings:", error.Message, StringComparison.Ordinal);
    }
}
