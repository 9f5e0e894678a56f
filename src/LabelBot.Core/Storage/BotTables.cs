using System.Data.Common;

namespace LabelBot.Core.Storage;

/// <summary>The chat host's groups of tables; each backend (<see cref="IBotTableSource"/>) holds the DDL of each.</summary>
public enum BotTableSet
{
    /// <summary>The pharmacist queue: <c>bot_escalation_cases</c>, <c>_messages</c>, <c>_audit</c>.</summary>
    Escalation,

    /// <summary><c>bot_transcripts</c>.</summary>
    Transcripts,

    /// <summary><c>bot_feedback</c>.</summary>
    Feedback,

    /// <summary>Web chat conversations: <c>bot_directline_*</c>.</summary>
    DirectLine,

    /// <summary>Console sign-in sessions and the Data Protection key ring.</summary>
    Console,
}

/// <summary>One backend's DDL of the host's tables: the ordered migrations of each <see cref="BotTableSet"/>.</summary>
public sealed record BotSchema(
    IReadOnlyList<string> Escalation,
    IReadOnlyList<string> Transcripts,
    IReadOnlyList<string> Feedback,
    IReadOnlyList<string> DirectLine,
    IReadOnlyList<string> Console)
{
    public IReadOnlyList<string> Migrations(BotTableSet set) => set switch
    {
        BotTableSet.Escalation => Escalation,
        BotTableSet.Transcripts => Transcripts,
        BotTableSet.Feedback => Feedback,
        BotTableSet.DirectLine => DirectLine,
        BotTableSet.Console => Console,
        _ => throw new ArgumentOutOfRangeException(nameof(set), set, null),
    };
}

/// <summary>A storage backend's host tables: the DDL per set lives in the backend, the stores written once use these.</summary>
public interface IBotTableSource
{
    /// <summary>The tables of <paramref name="set"/>, migrated (<see cref="SchemaMigrator"/>) before the first connection.</summary>
    BotTables Tables(BotTableSet set);
}

/// <summary>Component names under which the sets are versioned in <c>labelbot_schema</c> (the same on every backend).</summary>
public static class BotTableSets
{
    public static string Component(this BotTableSet set) => set switch
    {
        BotTableSet.Escalation => "bot_escalation",
        BotTableSet.Transcripts => "bot_transcripts",
        BotTableSet.Feedback => "bot_feedback",
        BotTableSet.DirectLine => "bot_directline",
        BotTableSet.Console => "bot_console",
        _ => throw new ArgumentOutOfRangeException(nameof(set), set, null),
    };

    /// <summary>
    /// Feedback migration 2 on both backends (PRIVACY): a reason that is not one of the card's codes (typed text kept
    /// before reasons were codes) becomes "other". Frozen as written then, as every applied migration must stay.
    /// </summary>
    public const string RedactFeedbackReasons =
        "UPDATE bot_feedback SET reason = 'other' WHERE reason IS NOT NULL AND reason NOT IN "
        + "('wrong_answer', 'wrong_section', 'incomplete', 'did_not_answer', 'hard_to_read', 'other')";
}

/// <summary>
/// One store's tables on one backend, as the provider-neutral stores of the host see them: a connection with the
/// tables migrated, the two kinds of transaction, and the values that are typed differently per backend. Everything
/// else (rules, state transitions, the DML, written with <c>@name</c> parameters that both drivers accept) lives once
/// in the stores; the DDL lives with each backend.
/// </summary>
public abstract class BotTables
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

    /// <summary>A list of ids as the backend stores it (newline-joined text in SQLite, TEXT[] in PostgreSQL); read back with <see cref="StoredValues.GetTextList"/>.</summary>
    public abstract object TextList(IReadOnlyList<string> values);
}

/// <summary>Commands over <see cref="BotTables"/> connections, the same for both drivers.</summary>
public static class BotCommands
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
