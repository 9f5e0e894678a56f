using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.AzureOpenAI;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;

namespace LabelBot.Llm;

/// <summary>
/// Creates the Semantic Kernel chat service for the configured provider. The clients are built here rather than by
/// SK's Add*ChatCompletion helpers so their own retry policy can be switched off: retries and timeouts belong to
/// <see cref="PhrasingResilience"/> alone, otherwise client retries would multiply the turn's deadline.
/// </summary>
internal static class ChatServiceFactory
{
    // Local OpenAI-compatible servers accept any key; the client insists on one.
    private const string PlaceholderKey = "no-key";

    public static IChatCompletionService Create(LlmOptions options)
    {
        var endpoint = new Uri(options.Endpoint!, UriKind.Absolute);
        return options.Provider switch
        {
            LlmProvider.AzureOpenAI => CreateAzure(options, endpoint),
            LlmProvider.OpenAICompatible => CreateOpenAICompatible(options, endpoint),
            _ => throw new InvalidOperationException("No LLM provider is configured."),
        };
    }

    private static AzureOpenAIChatCompletionService CreateAzure(LlmOptions options, Uri endpoint)
    {
        var clientOptions = new AzureOpenAIClientOptions();
        WithoutClientRetries(clientOptions, options);
        var client = new AzureOpenAIClient(endpoint, new ApiKeyCredential(options.ApiKey!), clientOptions);
        return new AzureOpenAIChatCompletionService(options.ModelOrDeployment, client, modelId: options.Model);
    }

    private static OpenAIChatCompletionService CreateOpenAICompatible(LlmOptions options, Uri endpoint)
    {
        var clientOptions = new OpenAIClientOptions { Endpoint = WithVersionSegment(endpoint) };
        WithoutClientRetries(clientOptions, options);
        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? PlaceholderKey : options.ApiKey;
        var client = new OpenAIClient(new ApiKeyCredential(key), clientOptions);
        return new OpenAIChatCompletionService(options.ModelOrDeployment, client);
    }

    private static void WithoutClientRetries(ClientPipelineOptions clientOptions, LlmOptions options)
    {
        clientOptions.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        // Backstop only: the Polly attempt timeout and deadline fire first.
        clientOptions.NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
    }

    /// <summary>"http://host:11434" → "http://host:11434/v1"; an endpoint with a path is used as given.</summary>
    private static Uri WithVersionSegment(Uri endpoint) =>
        endpoint.AbsolutePath is "" or "/" ? new Uri(endpoint, "/v1") : endpoint;
}
