using System.Data.Common;
using LabelBot.Labels;
using LabelBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LabelBot.Cli;

/// <summary>
/// Turns a failure of the database or the file system into the one line the CLI prints: read-only, locked, full or
/// damaged database, a folder that cannot be created. Anything else (a bug) is left to surface with its stack trace.
/// </summary>
internal static class StorageFailure
{
    public static string? Describe(Exception exception, string databasePath) => exception switch
    {
        LabelStoreUnavailableException unavailable => OneLine(unavailable.Message),
        SqliteException sqlite => OneLine(
            LabelStoreUnavailableException.FromSqlite(sqlite, databasePath, busyTimeoutSeconds: null)?.Message
            ?? $"database error on {databasePath}: {sqlite.Message}"),
        DbException database => OneLine($"database error: {database.Message}"),
        IOException or UnauthorizedAccessException => OneLine(exception.Message),
        _ => null,
    };

    private static string OneLine(string text) => LabelText.NormalizeWhitespace(text);
}
