using LabelBot.Bot.Conversations;
using LabelBot.Bot.Channels.DirectLine;
using LabelBot.Bot.Handoff;
using LabelBot.Bot.Feedback;
using LabelBot.Bot.Storage.Postgres;
using LabelBot.Postgres;
using LabelBot.Runtime;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        var storage = StorageOptions.Resolve(configuration);
        services.TryAddSingleton(storage);
        if (storage.IsPostgres)
        {
            var connectionString = storage.ConnectionString!;
            // One pooled data source per process, shared with any other PostgreSQL store registered the same way.
            services.TryAddSingleton(_ => PostgresDatabase.Open(connectionString));
            services.AddSingleton<IFeedbackStore, PostgresFeedbackStore>();
            services.AddSingleton<IDirectLineStore, PostgresDirectLineStore>();
            services.AddSingleton<IConversationTranscriptStore, PostgresConversationTranscriptStore>();
            services.AddSingleton<IEscalationQueue, PostgresEscalationQueue>();
            services.AddSingleton<Console.IConsoleStateStore, PostgresConsoleStateStore>();
        }
        else
        {
            services.AddSingleton<BotDatabase>();
            services.AddSingleton<IFeedbackStore, SqliteFeedbackStore>();
            services.AddSingleton<IDirectLineStore, SqliteDirectLineStore>();
            services.AddSingleton<IConversationTranscriptStore, SqliteConversationTranscriptStore>();
            services.AddSingleton<IEscalationQueue, SqliteEscalationQueue>();
            services.AddSingleton<Console.IConsoleStateStore, Console.SqliteConsoleStateStore>();
        }
        return services;
    }
}
