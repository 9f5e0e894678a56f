using LabelBot.Postgres;
using Npgsql;

namespace LabelBot.Bot.Storage.Postgres;

/// <summary>
/// One store's tables in the shared PostgreSQL database: its migrations are applied (under the database's advisory
/// lock, so several hosts may start at once) before the first connection this store hands out, then never again.
/// </summary>
internal sealed class PostgresStoreTables(PostgresDatabase database, string component, IReadOnlyList<string> migrations)
{
    private volatile bool _migrated;

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_migrated)
        {
            await database.MigrateAsync(component, migrations, cancellationToken);
            _migrated = true;
        }
        return await database.OpenConnectionAsync(cancellationToken);
    }
}
