using LabelBot.Core.Answering.Phrasing;
using LabelBot.Llm;
using Microsoft.Extensions.Logging;

namespace LabelBot.Testing;

/// <summary>Settings pointing the real phraser at a loopback server.</summary>
public static class PhraserHarness
{
    public const string Model = "test-model";
    public const string OpenAIKey = "sk-test-key";
    public const string Deployment = "labelbot-gpt";
    public const string AzureKey = "azure-test-key";

    public static LlmOptions OpenAICompatible(LoopbackChatServer server) => new()
    {
        Provider = LlmProvider.OpenAICompatible,
        Endpoint = new Uri(server.BaseUri, "v1").ToString(),
        Model = Model,
        ApiKey = OpenAIKey,
    };

    public static LlmOptions Azure(LoopbackChatServer server) => new()
    {
        Provider = LlmProvider.AzureOpenAI,
        Endpoint = server.BaseUri.ToString(),
        Deployment = Deployment,
        ApiKey = AzureKey,
    };

    public static IAnswerPhraser Create(LlmOptions options, ILoggerFactory? loggerFactory = null) =>
        AnswerPhraserFactory.Create(options, loggerFactory) ?? throw new InvalidOperationException("factory returned no phraser");
}
