using LabelBot.Bot.Backend;
using LabelBot.Bot.Bots;
using LabelBot.Bot.Channels.BotFramework;
using LabelBot.Bot.Channels.DirectLine;
using LabelBot.Bot.Console;
using LabelBot.Bot.Conversations;
using LabelBot.Bot.Feedback;
using LabelBot.Bot.Handoff;
using LabelBot.Bot.Rendering;
using LabelBot.Bot.Settings;
using LabelBot.Bot.Storage;
using LabelBot.Bot.Telemetry;
using LabelBot.Bot.Texts;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

namespace LabelBot.Bot.Hosting;

public static class BotServiceCollectionExtensions
{
    /// <summary>Everything the host needs. The answer pipeline comes in through <see cref="AddLabelBotBackend"/> only.</summary>
    public static IServiceCollection AddLabelBot(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddLabelBotOptions(configuration);
        services.AddSingleton(Viewer.LabelViewerLinks.Resolve(configuration));
        // Bad Llm__* settings stop the host here, at start, not at the first question (the runtime opens in the background).
        LabelBot.Llm.LlmOptions.FromConfigurationValidated(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddHttpClient();
        services.AddHttpClient(WebChatEndpoints.AzureTokenClientName, c => c.Timeout = TimeSpan.FromSeconds(15));

        services.AddLabelBotBackend();

        // The host's own tables (feedback, web chat conversations, transcripts, the pharmacist queue) live in the label
        // database: the SQLite file by default, or PostgreSQL shared by several hosts (Storage:Provider / LABELBOT_POSTGRES).
        services.AddLabelBotStorage(configuration);
        services.AddHostedService<BotDataRetentionService>();

        // Pharmacist hand-off: the queue, the bot's side, delivery back into conversations, and the console.
        services.AddSingleton<ConversationMessenger>();
        services.AddSingleton<PharmacistChannelNotifier>();
        services.AddSingleton<PharmacistAvailability>();
        services.AddSingleton<PharmacistHandoff>();
        services.AddSingleton<PharmacistDesk>();
        services.AddPharmacistConsole();

        // Abuse and retries: per-address and per-conversation limits, retried messages answered once, deadlines.
        services.AddLabelBotTelemetry(configuration);
        services.AddSingleton<TurnKeyHasher>();
        services.AddSingleton<ClientRateLimiter>();
        services.AddSingleton<AuthFailureLimiter>();
        services.AddSingleton<DuplicateActivityMiddleware>();
        services.AddSingleton<ConversationRateLimitMiddleware>();
        services.AddSingleton<AnswerDeadline>();
        services.AddSingleton(_ => new WelcomeSuggestions());
        services.AddSingleton<InFlightTurns>();
        services.AddHostedService(sp => sp.GetRequiredService<InFlightTurns>());

        // The bot: one ActivityHandler behind both adapters.
        services.AddSingleton<IBot, LabelBotActivityHandler>();

        // /api/messages: JWT-checked when MicrosoftAppId/MicrosoftAppPassword are configured, open when not (Emulator).
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ConfigurationBotFrameworkAuthentication(
            configuration, httpClientFactory: sp.GetRequiredService<IHttpClientFactory>(), logger: sp.GetRequiredService<ILogger<ConfigurationBotFrameworkAuthentication>>()));
        services.AddSingleton(sp => WithErrorHandling(
            new BotFrameworkChannelAdapter(sp.GetRequiredService<BotFrameworkAuthentication>(), sp.GetRequiredService<ILogger<CloudAdapter>>()), sp));
        services.AddSingleton<CloudAdapter>(sp => sp.GetRequiredService<BotFrameworkChannelAdapter>());

        // Direct Line: the page's activities run through the same bot; replies are written straight to its store.
        services.AddSingleton(BotIdentity.FromConfiguration(configuration));
        services.AddSingleton<DirectLineActivityFeed>();
        services.AddSingleton(sp => WithErrorHandling(ActivatorUtilities.CreateInstance<DirectLineAdapter>(sp), sp));
        services.AddSingleton<DirectLineBridge>();
        return services;
    }

    /// <summary>
    /// THE place that decides which answer pipeline the host runs: LabelBot.Runtime (store, retriever, engine).
    /// </summary>
    public static IServiceCollection AddLabelBotBackend(this IServiceCollection services)
    {
        services.AddSingleton<BotBackend>();
        services.AddSingleton<IBackendOpener, RuntimeBackendOpener>();
        services.AddHostedService<BackendStartupService>();
        return services;
    }

    private static T WithErrorHandling<T>(T adapter, IServiceProvider services) where T : BotAdapter
    {
        // Order matters: every turn is measured; a retry is dropped before it can spend a rate-limit permit.
        adapter.Use(services.GetRequiredService<TurnTelemetryMiddleware>());
        // Every outgoing message, whatever produced it (answers, claim checks, pharmacist replies), leaves without live markup.
        adapter.Use(new MarkupNeutralizer());
        adapter.Use(services.GetRequiredService<DuplicateActivityMiddleware>());
        adapter.Use(services.GetRequiredService<ConversationRateLimitMiddleware>());
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("LabelBot.Bot.TurnErrors");
        adapter.OnTurnError = async (turnContext, exception) =>
        {
            LogTurnError(logger, exception, turnContext.Activity.ChannelId, IdHasher.Hash(turnContext.Activity.Conversation?.Id));
            try
            {
                await turnContext.SendActivityAsync(MessageFactory.Text(BotTexts.Get(BotTexts.Unavailable)));
            }
#pragma warning disable CA1031 // The channel may be unreachable; the failure is already logged.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        };
        return adapter;
    }

    private static readonly Action<ILogger, string, string, Exception?> TurnErrorMessage =
        LoggerMessage.Define<string, string>(LogLevel.Error, new EventId(1, "TurnError"), "Bot turn failed on {Channel} conversation {Conversation}");

    private static void LogTurnError(ILogger logger, Exception exception, string channel, string conversation) =>
        TurnErrorMessage(logger, channel, conversation, exception);
}
