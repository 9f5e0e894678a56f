using System.Data.Common;
using LabelBot.Core.Storage;

namespace LabelBot.Storage.Sqlite;

/// <summary>A store's tables in the host's SQLite file (see <see cref="SqliteBotDatabase"/>).</summary>
internal sealed class SqliteBotTables(SqliteBotDatabase database, string component, IReadOnlyList<string> migrations) : BotTables
{
    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await database.OpenAsync(component, migrations, cancellationToken);

    // BEGIN IMMEDIATE: one writer per file, so a conditional write and its audit row never interleave with another's.
    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((Microsoft.Data.Sqlite.SqliteConnection)connection).BeginTransaction(deferred: false));

    // A deferred transaction reads one snapshot of the WAL file and takes no write lock.
    public override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((Microsoft.Data.Sqlite.SqliteConnection)connection).BeginTransaction(deferred: true));

    // The write transaction already holds the file's only write lock.
    public override Task LockKeyAsync(DbConnection connection, DbTransaction transaction, int space, string key, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public override object Time(DateTimeOffset value) => StoredValues.FormatTime(value);

    public override object Flag(bool value) => value ? 1L : 0L;

    public override object TextList(IReadOnlyList<string> values) => StoredValues.JoinTextList(values);
}
