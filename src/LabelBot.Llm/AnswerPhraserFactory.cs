using LabelBot.Core.Answering.Phrasing;
using Microsoft.Extensions.Logging;

namespace LabelBot.Llm;

/// <summary>Creates the phraser the settings ask for; null means "no LLM", which is the default and fully offline.</summary>
public static class AnswerPhraserFactory
{
    /// <exception cref="LlmConfigurationException">The settings name a provider but are incomplete or out of range.</exception>
    public static IAnswerPhraser? Create(LlmOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider == LlmProvider.None)
        {
            return null;
        }
        options.ThrowIfInvalid();
        var chat = ChatServiceFactory.Create(options);
        return new SemanticKernelAnswerPhraser(chat, options, loggerFactory?.CreateLogger<SemanticKernelAnswerPhraser>());
    }
}
