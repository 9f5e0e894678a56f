using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LabelBot.Testing.StorageFaults;

/// <summary>One stored label version as the database itself records it.</summary>
public sealed record AuditedLabel(string SetId, int Version, bool IsCurrent, int Passages, int Vectors, int IndexedPassages);

/// <summary>
/// Checks a label database with plain SQL, independently of the store code under test: SQLite's own integrity check,
/// foreign keys, the FTS index's own check, and for every label that passages, vectors and index rows agree (a
/// half-written label would show up as a label row without all of them, or index rows for a rolled-back write).
/// Linked into the CLI tests as well, so both look at a store the same way.
/// </summary>
public static class StorageFaultsAudit
{
    private const int VectorBytes = 384 * sizeof(float);

    public sealed record Result(IReadOnlyList<AuditedLabel> Labels, IReadOnlyList<string> Problems)
    {
        public IEnumerable<AuditedLabel> Current => Labels.Where(l => l.IsCurrent);

        public override string ToString() =>
            $"{Labels.Count} label version(s): {string.Join(", ", Labels.Select(l => $"{l.SetId} v{l.Version}{(l.IsCurrent ? " current" : string.Empty)} {l.Passages}p/{l.Vectors}v/{l.IndexedPassages}i"))}" +
            (Problems.Count == 0 ? "; no problems" : "; PROBLEMS: " + string.Join("; ", Problems));
    }

    /// <summary>
    /// Opens the file the way the next LabelBot run would (read-write, so SQLite recovers a WAL left by a killed
    /// process) and reports what it finds. Pooling is off so the file is released at once.
    /// </summary>
    public static Result Check(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        var problems = new List<string>();

        var integrity = Strings(connection, "PRAGMA integrity_check;");
        if (integrity is not ["ok"])
        {
            problems.Add("integrity_check: " + string.Join(" | ", integrity.Take(5)));
        }
        if (Strings(connection, "PRAGMA foreign_key_check;").Count > 0)
        {
            problems.Add("foreign_key_check found orphan rows");
        }
        try
        {
            Execute(connection, "INSERT INTO passages_fts (passages_fts) VALUES ('integrity-check');");
        }
        catch (SqliteException ex)
        {
            problems.Add("FTS index damaged: " + ex.Message);
        }
        foreach (var setId in Strings(connection, "SELECT set_id FROM labels GROUP BY set_id HAVING SUM(is_current) <> 1;"))
        {
            problems.Add($"{setId} has no current version, or several");
        }
        if (Count(connection, $"SELECT COUNT(*) FROM passage_vectors WHERE length(vector) <> {VectorBytes};") > 0)
        {
            problems.Add("vectors of the wrong length");
        }
        if (Count(connection, "SELECT COUNT(*) FROM passage_vectors v LEFT JOIN passages p ON p.passage_id = v.passage_id WHERE p.passage_id IS NULL;") > 0)
        {
            problems.Add("vectors without a passage");
        }
        // Index rows (the FTS docsize table has one row per indexed passage) must be exactly the current passages.
        var strayIndexRows = Count(connection, """
            SELECT COUNT(*) FROM passages_fts_docsize d
            WHERE d.id NOT IN (SELECT p.row_id FROM passages p JOIN labels l ON l.set_id = p.set_id AND l.version = p.version AND l.is_current = 1);
            """);
        if (strayIndexRows > 0)
        {
            problems.Add($"{strayIndexRows} index rows for passages that are not current");
        }

        var labels = new List<AuditedLabel>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT l.set_id, l.version, l.is_current,
                    (SELECT COUNT(*) FROM passages p WHERE p.set_id = l.set_id AND p.version = l.version),
                    (SELECT COUNT(*) FROM passages p JOIN passage_vectors v ON v.passage_id = p.passage_id WHERE p.set_id = l.set_id AND p.version = l.version),
                    (SELECT COUNT(*) FROM passages p JOIN passages_fts_docsize d ON d.id = p.row_id WHERE p.set_id = l.set_id AND p.version = l.version)
                FROM labels l ORDER BY l.set_id, l.version;
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                labels.Add(new AuditedLabel(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2) == 1, reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5)));
            }
        }
        foreach (var label in labels)
        {
            if (label.Passages == 0 || label.Vectors != label.Passages)
            {
                problems.Add($"{label.SetId} v{label.Version} is incomplete: {label.Passages} passages, {label.Vectors} vectors");
            }
            var expectedIndexed = label.IsCurrent ? label.Passages : 0;
            if (label.IndexedPassages != expectedIndexed)
            {
                problems.Add($"{label.SetId} v{label.Version} has {label.IndexedPassages} index rows, expected {expectedIndexed}");
            }
        }
        if (Count(connection, "SELECT COUNT(*) FROM passages p LEFT JOIN labels l ON l.set_id = p.set_id AND l.version = p.version WHERE l.set_id IS NULL;") > 0)
        {
            problems.Add("passages without a label");
        }
        return new Result(labels, problems);
    }

    /// <summary>Pages the file holds now (for a size cap just above it).</summary>
    public static long PageCount(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        return Count(connection, "PRAGMA page_count;");
    }

    private static List<string> Strings(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture) ?? string.Empty);
        }
        return values;
    }

    private static long Count(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
