using LabelBot.Core.Answering.Phrasing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using Polly;

namespace LabelBot.Llm;

/// <summary>
/// Phrases an answer from numbered label passages with a chat model through Semantic Kernel.
/// Any failure (timeout, 429, 5xx, malformed reply, open circuit) returns null so the engine answers extractively;
/// only the failure category is logged, never question, passage or reply text.
/// </summary>
public sealed partial class SemanticKernelAnswerPhraser : IAnswerPhraser
{
    private readonly IChatCompletionService _chat;
    private readonly PromptExecutionSettings _settings;
    private readonly ResiliencePipeline<string> _pipeline;
    private readonly ILogger _logger;

    public SemanticKernelAnswerPhraser(IChatCompletionService chat, LlmOptions options, ILogger<SemanticKernelAnswerPhraser>? logger = null)
        : this(chat, options, logger, timeProvider: null)
    {
    }

    internal SemanticKernelAnswerPhraser(IChatCompletionService chat, LlmOptions options, ILogger? logger, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(options);
        _chat = chat;
        _settings = new OpenAIPromptExecutionSettings { MaxTokens = options.MaxTokens, Temperature = options.Temperature };
        _pipeline = PhrasingResilience.Build(options, timeProvider);
        _logger = logger ?? NullLogger.Instance;
    }

    public async Task<PhrasedAnswer?> PhraseAsync(string question, IReadOnlyList<NumberedPassage> passages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(passages);
        if (passages.Count == 0)
        {
            return null; // nothing to phrase from; the engine says the label does not address it
        }

        var chat = AnswerPrompt.Build(question, passages);
        string reply;
        try
        {
            reply = await _pipeline.ExecuteAsync(async token => await CompleteAsync(chat, token), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Every failure of an optional model means "answer extractively"; nothing may escape to the user.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            var category = LlmFailure.Classify(exception);
            if (category == LlmFailureCategory.CircuitOpen)
            {
                LogCircuitOpen(_logger);
            }
            else
            {
                LogUnavailable(_logger, category);
            }
            return null;
        }

        if (reply.Contains(AnswerPrompt.NotInPassages, StringComparison.Ordinal))
        {
            LogDeclined(_logger);
            return null;
        }
        return new PhrasedAnswer(reply);
    }

    private async ValueTask<string> CompleteAsync(ChatHistory chat, CancellationToken cancellationToken)
    {
        var message = await _chat.GetChatMessageContentAsync(chat, _settings, kernel: null, cancellationToken);
        var text = message.Content;
        return string.IsNullOrWhiteSpace(text) ? throw new MalformedReplyException() : text;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "LLM phrasing unavailable ({Category}); answering extractively")]
    private static partial void LogUnavailable(ILogger logger, LlmFailureCategory category);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "LLM circuit open; answering extractively")]
    private static partial void LogCircuitOpen(ILogger logger);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug, Message = "LLM found no answer in the passages; answering extractively")]
    private static partial void LogDeclined(ILogger logger);
}
