using LabelBot.Runtime;
using Microsoft.Extensions.Configuration;

namespace LabelBot.Cli;

/// <summary>Opens the same runtime the bot host uses, from --db / LABELBOT_DB and the Answering/Llm settings in the environment.</summary>
public static class RuntimeOpener
{
    public static string DatabasePath(string? db) =>
        db is not null ? Path.GetFullPath(db) : LabelBotPaths.DefaultDatabasePath();

    public static RuntimeOptions Options(StoreSettings store)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddLabelBotEnvironment().Build();
        var options = RuntimeOptions.FromConfiguration(DatabasePath(store.Db), configuration);
        if (store.Audience is { } audience)
        {
            options.Answering.Audience = audience;
        }
        return options;
    }

    /// <summary>Opens a runtime over a database that must already hold labels (a clear error says how to fill it).</summary>
    public static async Task<LabelBotRuntime> OpenPopulatedAsync(StoreSettings store, CancellationToken cancellationToken)
    {
        var options = Options(store);
        if (!options.Storage.IsPostgres && !File.Exists(options.DatabasePath))
        {
            throw new CliFailureException(EmptyDatabaseMessage(options.DatabasePath, options.Storage.IsPostgres));
        }
        var runtime = await LabelBotRuntime.OpenAsync(options, cancellationToken: cancellationToken);
        if ((await runtime.Store.ListLabelsAsync(cancellationToken: cancellationToken)).Count == 0)
        {
            var description = runtime.StoreDescription;
            await runtime.DisposeAsync();
            throw new CliFailureException(EmptyDatabaseMessage(description, options.Storage.IsPostgres));
        }
        return runtime;
    }

    private static string EmptyDatabaseMessage(string where, bool postgres) => postgres
        ? $"no labels in {where}. Run: dotnet run --project src/LabelBot.Cli -- ingest data/labels (with the same LABELBOT_POSTGRES)"
        : $"no labels in {where}. Run: dotnet run --project src/LabelBot.Cli -- ingest data/labels --db {where}";
}
