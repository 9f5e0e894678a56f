using LabelBot.Bot.Conversations;
using LabelBot.Bot.Channels.DirectLine;
using LabelBot.Bot.Handoff;
using LabelBot.Bot.Feedback;
using LabelBot.Bot.Storage.Postgres;
using LabelBot.Core.Storage;
using LabelBot.Runtime;
using LabelBot.Storage.Postgres;
using LabelBot.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LabelBot.Bot.Storage;

/// <summary>
/// THE place that decides where the host keeps its own data (feedback, web chat conversations, transcripts, the
/// pharmacist queue): the SQLite label file by default, or the shared PostgreSQL database when Storage:Provider is
/// Postgres or LABELBOT_POSTGRES is set (see <see cref="StorageOptions"/>), so several host processes share one queue.
/// </summary>
public static class BotStorageRegistration
{
    /// <summary>
    /// Registers <see cref="IFeedbackStore"/>, <see cref="IDirectLineStore"/>, <see cref="IConversationTranscriptStore"/>
    /// and <see cref="IEscalationQueue"/>. The stores also need <see cref="TimeProvider"/>, <see cref="EscalationOptions"/>
    /// and (SQLite) <see cref="Hosting.LabelBotHostOptions"/>, which the host registers.
    /// </summary>
    public static IServiceCollection AddLabelBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<StorageOptions>>().Value);
        // The backend is chosen when first asked for, from the validated options; only the chosen one is ever opened.
        // One pooled PostgreSQL data source per process, shared with any other PostgreSQL store registered the same way.
        services.TryAddSingleton(provider => PostgresDatabase.Open(provider.GetRequiredService<StorageOptions>().ConnectionString!));
        services.TryAddSingleton(provider => new SqliteBotDatabase(provider.GetRequiredService<Settings.LabelBotHostOptions>().DatabasePath));
        services.AddSingleton<IBotTableSource>(provider => provider.GetRequiredService<StorageOptions>().IsPostgres
            ? provider.GetRequiredService<PostgresDatabase>()
            : provider.GetRequiredService<SqliteBotDatabase>());
        services.AddSingleton<IDirectLineStore>(provider => provider.GetRequiredService<StorageOptions>().IsPostgres
            ? ActivatorUtilities.CreateInstance<PostgresDirectLineStore>(provider)
            : ActivatorUtilities.CreateInstance<SqliteDirectLineStore>(provider));
        // Written once over the backend's tables: only the DDL (in the backend project) differs.
        services.AddSingleton<IFeedbackStore, FeedbackStore>();
        services.AddSingleton<IConversationTranscriptStore, ConversationTranscriptStore>();
        services.AddSingleton<IEscalationQueue, EscalationQueue>();
        services.AddSingleton<Console.IConsoleStateStore, Console.ConsoleStateStore>();
        return services;
    }
}
