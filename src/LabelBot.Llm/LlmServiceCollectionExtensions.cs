using LabelBot.Core.Answering.Phrasing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LabelBot.Llm;

public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates the "Llm" section now (bad settings fail at start, not on the first question) and
    /// registers <see cref="IAnswerPhraser"/> as a singleton (it owns the circuit breaker) when a provider is set.
    /// With Provider=None nothing is registered and consumers taking an optional phraser stay extractive.
    /// </summary>
    public static IServiceCollection AddLabelBotLlm(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = LlmOptions.FromConfigurationValidated(configuration);
        services.AddSingleton(options);
        if (options.Provider != LlmProvider.None)
        {
            services.AddSingleton<IAnswerPhraser>(sp => AnswerPhraserFactory.Create(options, sp.GetService<ILoggerFactory>())!);
        }
        return services;
    }
}
