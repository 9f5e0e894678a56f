using Microsoft.Data.Sqlite;

namespace LabelBot.Storage.Sqlite;

/// <summary>What about the environment keeps the label database from being used.</summary>
public enum LabelStoreFault
{
    ReadOnly,
    Locked,
    Full,
    CannotOpen,
    Damaged,
    DiskError,
}

/// <summary>
/// The label database cannot be used right now for a reason outside LabelBot (read-only file or folder, another
/// process holding the lock, a full disk, damage). The message is one line that names the file, fit to show a user;
/// callers stop the work in hand rather than retry label after label. An <see cref="IOException"/>, so layers that
/// do not know SQLite (ingest, the CLI) can tell it apart from a bug.
/// </summary>
public sealed class LabelStoreUnavailableException : IOException
{
    // SQLite primary result codes (https://sqlite.org/rescode.html).
    private const int SqlitePerm = 3;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;
    private const int SqliteReadOnlyDirectory = SqliteReadOnly | (6 << 8);

    public LabelStoreUnavailableException(string databasePath, LabelStoreFault fault, string message, Exception innerException)
        : base(message, innerException)
    {
        DatabasePath = databasePath;
        Fault = fault;
    }

    public string DatabasePath { get; }

    public LabelStoreFault Fault { get; }

    /// <summary>
    /// The environmental failure behind <paramref name="exception"/>, or null when it is something else (a constraint,
    /// a bug) that must surface unchanged.
    /// </summary>
    public static LabelStoreUnavailableException? FromSqlite(SqliteException exception, string databasePath, int? busyTimeoutSeconds)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Describe(exception, databasePath, busyTimeoutSeconds) is { } described
            ? new LabelStoreUnavailableException(databasePath, described.Fault, described.Message, exception)
            : null;
    }

    private static (LabelStoreFault Fault, string Message)? Describe(SqliteException exception, string databasePath, int? busyTimeoutSeconds) =>
        (exception.SqliteErrorCode & 0xFF) switch
        {
            SqliteReadOnly when exception.SqliteExtendedErrorCode == SqliteReadOnlyDirectory => (LabelStoreFault.ReadOnly,
                $"the label database {databasePath} is read-only: its folder {Path.GetDirectoryName(databasePath)} is not writable (SQLite keeps its -wal and -shm files there)"),
            SqliteReadOnly or SqlitePerm => (LabelStoreFault.ReadOnly,
                $"the label database {databasePath} is read-only: LabelBot cannot write to it (make the file and its folder writable)"),
            SqliteBusy or SqliteLocked => (LabelStoreFault.Locked,
                $"the label database {databasePath} is locked by another process; gave up {(busyTimeoutSeconds is { } seconds ? $"after waiting {seconds} s" : "waiting")} (try again when it has finished)"),
            SqliteFull => (LabelStoreFault.Full,
                $"the label database {databasePath} is full (no space left on the disk, or its size limit reached); the failing write was rolled back"),
            SqliteCantOpen => (LabelStoreFault.CannotOpen,
                $"cannot open the label database {databasePath}: check that its folder exists and is writable"),
            SqliteCorrupt or SqliteNotADatabase => (LabelStoreFault.Damaged,
                $"the label database {databasePath} is damaged or is not a LabelBot database"),
            SqliteIoError => (LabelStoreFault.DiskError,
                $"disk I/O error on the label database {databasePath}"),
            _ => null,
        };
}
