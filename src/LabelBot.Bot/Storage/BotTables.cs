using System.Data.Common;

namespace LabelBot.Bot.Storage;

/// <summary>
/// One store's tables on one backend, as the provider-neutral stores (<see cref="Escalation.EscalationQueue"/>,
/// <see cref="Conversations.ConversationTranscriptStore"/>, <see cref="Feedback.FeedbackStore"/>) see them: a connection
/// with the tables migrated, the two kinds of transaction, and the values that are typed differently per backend.
/// Everything else (rules, state transitions, the SQL itself, written with <c>@name</c> parameters that both drivers
/// accept) lives once in the stores.
/// </summary>
internal abstract class BotTables
{
    /// <summary>An open connection; the store's migrations are applied before the first one a process hands out.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A transaction for a state change: SQLite takes the file's write lock at once; PostgreSQL runs READ COMMITTED, where the row lock of a conditional UPDATE decides a race.</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A read-only transaction in which several statements see one moment (a case and its messages).</summary>
    public abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serialises writers of one key (e.g. a conversation) until the transaction ends, across processes.</summary>
    public abstract Task LockKeyAsync(DbConnection connection, DbTransaction transaction, int space, string key, CancellationToken cancellationToken);

    /// <summary>A point in time as the backend stores it (ISO-8601 text in SQLite, TIMESTAMPTZ in PostgreSQL).</summary>
    public abstract object Time(DateTimeOffset value);

    /// <summary>A flag as the backend stores it (0/1 in SQLite, BOOLEAN in PostgreSQL).</summary>
    public abstract object Flag(bool value);
}

/// <summary>Commands over <see cref="BotTables"/> connections, the same for both drivers.</summary>
internal static class BotCommands
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Adds <c>@name</c>; a null is typed as text, so either backend accepts it in any text position.</summary>
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        if (value is null or string)
        {
            parameter.DbType = System.Data.DbType.String;
        }
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    public static async Task<List<T>> ReadAllAsync<T>(this DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }
        return rows;
    }
}
