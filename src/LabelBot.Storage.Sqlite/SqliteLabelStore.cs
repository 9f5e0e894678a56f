using System.Globalization;
using System.Text;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LabelBot.Storage.Sqlite;

/// <summary>
/// The embedded label store: one SQLite file (WAL) with every version of every label, the passages, their
/// embeddings and an FTS5 index over the passages of current versions.
/// </summary>
/// <remarks>
/// Each operation takes its own pooled connection, so many conversations can read at once (WAL readers do not block
/// the writer or each other). Writes are serialised in-process and each label is saved in one IMMEDIATE transaction.
/// </remarks>
public sealed class SqliteLabelStore : ILabelHistoryStore, IRetrievalIndex, IPassageVectorStore, IDisposable, IAsyncDisposable
{
    private const int MaxRangeBranches = 64;

    private const string PassageColumns =
        "p.passage_id, p.set_id, p.version, p.ordinal, p.section_code, p.section_number, p.section_title, " +
        "p.top_section_code, p.top_section_title, p.section_path, p.text";

    private const string LabelColumns =
        "l.set_id, l.version, l.effective_date, l.title, l.display_name, l.format, l.is_current, l.products_json, l.labeler, " +
        "(SELECT COUNT(*) FROM passages c WHERE c.set_id = l.set_id AND c.version = l.version), l.withdrawn_on, l.source, l.missing_sections";

    /// <summary>How long a statement waits for another process's lock before the store reports it locked.</summary>
    private const int BusyTimeoutSeconds = 30;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private bool _disposed;

    private SqliteLabelStore(string path, int dimensions)
    {
        FilePath = path;
        Dimensions = dimensions;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = BusyTimeoutSeconds,
        }.ToString();
    }

    /// <summary>Full path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>Length of the stored embedding vectors (384 for MiniLM).</summary>
    public int Dimensions { get; }

    /// <summary>Test hook: caps the file at this many pages, so a test meets a real SQLITE_FULL without filling a disk.</summary>
    internal long? MaxPageCount { get; set; }

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>, switches it to WAL and applies migrations.</summary>
    public static SqliteLabelStore Open(string path, int dimensions = VectorMath.DefaultDimensions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var store = new SqliteLabelStore(fullPath, dimensions);
        try
        {
            using var connection = store.OpenConnection();
            using (var wal = connection.CreateCommand())
            {
                // WAL must be set outside a transaction; it is persistent in the file.
                wal.CommandText = "PRAGMA journal_mode = WAL;";
                wal.ExecuteNonQuery();
            }
            SqliteSchema.Migrate(connection);
        }
        catch (Exception ex)
        {
            store.Dispose();
            if (ex is SqliteException sqlite && store.Unavailable(sqlite) is { } unavailable)
            {
                throw unavailable;
            }
            throw;
        }
        return store;
    }

    /// <summary>Schema version this build writes.</summary>
    public static int SchemaVersion => SqliteSchema.CurrentVersion;

    public async Task<IngestOutcome> SaveAsync(LabelDocument label, IReadOnlyList<Passage> passages, IReadOnlyList<float[]> embeddings, CancellationToken cancellationToken = default)
    {
        LabelSaveRules.Validate(label, passages, embeddings, Dimensions);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            using var connection = OpenConnection();
            using var transaction = connection.BeginTransaction(deferred: false);

            var (stored, storedSource) = NewestStored(connection, transaction, label.SetId);
            var decision = LabelSaveRules.Decide(label, stored, storedSource);
            if (decision == LabelSaveRules.Decision.Unchanged)
            {
                return LabelSaveRules.Unchanged(label, stored!.Value);
            }

            if (stored is not null)
            {
                RetireCurrentVersion(connection, transaction, label.SetId);
            }
            if (decision == LabelSaveRules.Decision.ReplaceSameVersion)
            {
                DeleteVersion(connection, transaction, label.SetId, label.Version);
            }
            InsertLabel(connection, transaction, label);
            InsertPassages(connection, transaction, passages, embeddings, cancellationToken);
            Execute(connection, transaction, "UPDATE store_meta SET value = value + 1 WHERE key = 'generation';");

            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
            return LabelSaveRules.Saved(label, stored, decision == LabelSaveRules.Decision.ReplaceSameVersion);
        }
        catch (SqliteException ex) when (Unavailable(ex) is { } unavailable)
        {
            // The transaction was disposed, so rolled back, before this runs: nothing of the label is kept.
            throw unavailable;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task<bool> HasVersionAsync(LabelDocument label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(label);
        using var connection = OpenConnection();
        var (stored, source) = NewestStored(connection, null, label.SetId);
        return Task.FromResult(LabelSaveRules.Decide(label, stored, source) == LabelSaveRules.Decision.Unchanged);
    }

    private static (int? Version, LabelSource Source) NewestStored(SqliteConnection connection, SqliteTransaction? transaction, string setId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version, source FROM labels WHERE set_id = $set ORDER BY version DESC LIMIT 1;";
        command.Parameters.AddWithValue("$set", setId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt32(0), LabelSaveRules.ParseSource(reader.GetString(1))) : (null, LabelSource.Spl);
    }

    /// <summary>Removes one stored version outright (its FTS rows must already be gone): only an openFDA copy being replaced by the SPL of the same version.</summary>
    private static void DeleteVersion(SqliteConnection connection, SqliteTransaction transaction, string setId, int version)
    {
        (string, object)[] key = [("$set", setId), ("$version", version)];
        Execute(connection, transaction, "DELETE FROM passage_vectors WHERE passage_id IN (SELECT passage_id FROM passages WHERE set_id = $set AND version = $version);", key);
        Execute(connection, transaction, "DELETE FROM passages WHERE set_id = $set AND version = $version;", key);
        Execute(connection, transaction, "DELETE FROM labels WHERE set_id = $set AND version = $version;", key);
    }

    public Task<bool> HasVersionAsync(string setId, int version, CancellationToken cancellationToken = default)
    {
        using var connection = OpenConnection();
        var found = ExecuteScalarInt(connection, null, "SELECT 1 FROM labels WHERE set_id = $set AND version >= $version LIMIT 1;",
            ("$set", setId), ("$version", version));
        return Task.FromResult(found is not null);
    }

    public Task<IReadOnlyList<LabelVersionInfo>> ListLabelsAsync(bool includeHistory = false, CancellationToken cancellationToken = default)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {LabelColumns} FROM labels l
            WHERE $history = 1 OR l.is_current = 1
            ORDER BY l.display_name COLLATE NOCASE, l.set_id, l.version DESC;
            """;
        command.Parameters.AddWithValue("$history", includeHistory ? 1 : 0);
        using var reader = command.ExecuteReader();
        var labels = new List<LabelVersionInfo>();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            labels.Add(ReadLabel(reader, 0));
        }
        return Task.FromResult<IReadOnlyList<LabelVersionInfo>>(labels);
    }

    public Task<IReadOnlyList<Passage>> GetPassagesAsync(string setId, IReadOnlyCollection<string>? topSectionCodes = null, CancellationToken cancellationToken = default)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        var filter = new StringBuilder();
        if (topSectionCodes is { Count: > 0 })
        {
            filter.Append(" AND p.top_section_code IN (");
            AppendInList(command, filter, "$top", topSectionCodes);
            filter.Append(')');
        }
        command.CommandText = $"""
            SELECT {PassageColumns} FROM passages p
            JOIN labels l ON l.set_id = p.set_id AND l.version = p.version AND l.is_current = 1
            WHERE p.set_id = $set{filter}
            ORDER BY p.ordinal;
            """;
        command.Parameters.AddWithValue("$set", setId);
        using var reader = command.ExecuteReader();
        var passages = new List<Passage>();
        while (reader.Read())
        {
            passages.Add(ReadPassage(reader, 0));
        }
        return Task.FromResult<IReadOnlyList<Passage>>(passages);
    }

    public Task<Passage?> GetPassageAsync(string passageId, CancellationToken cancellationToken = default)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {PassageColumns} FROM passages p WHERE p.passage_id = $id;";
        command.Parameters.AddWithValue("$id", passageId);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? ReadPassage(reader, 0) : null);
    }

    public Task<IReadOnlyList<LabelVersionInfo>> ListVersionsAsync(string setId, CancellationToken cancellationToken = default)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {LabelColumns} FROM labels l WHERE l.set_id = $set ORDER BY l.version DESC;";
        command.Parameters.AddWithValue("$set", setId);
        using var reader = command.ExecuteReader();
        var versions = new List<LabelVersionInfo>();
        while (reader.Read())
        {
            versions.Add(ReadLabel(reader, 0));
        }
        return Task.FromResult<IReadOnlyList<LabelVersionInfo>>(versions);
    }

    public Task<IReadOnlyList<Passage>> GetPassagesAsync(string setId, int version, CancellationToken cancellationToken = default)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {PassageColumns} FROM passages p WHERE p.set_id = $set AND p.version = $version ORDER BY p.ordinal;";
        command.Parameters.AddWithValue("$set", setId);
        command.Parameters.AddWithValue("$version", version);
        using var reader = command.ExecuteReader();
        var passages = new List<Passage>();
        while (reader.Read())
        {
            passages.Add(ReadPassage(reader, 0));
        }
        return Task.FromResult<IReadOnlyList<Passage>>(passages);
    }

    public Task<bool> MarkWithdrawnAsync(string setId, DateOnly withdrawnOn, CancellationToken cancellationToken = default) =>
        SetWithdrawnAsync(setId, withdrawnOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cancellationToken);

    public Task<bool> ClearWithdrawnAsync(string setId, CancellationToken cancellationToken = default) =>
        SetWithdrawnAsync(setId, DBNull.Value, cancellationToken);

    private async Task<bool> SetWithdrawnAsync(string setId, object withdrawnOn, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            using var connection = OpenConnection();
            using var command = connection.CreateCommand();
            // On the current version only: the flag describes the label set as DailyMed lists it now.
            command.CommandText = "UPDATE labels SET withdrawn_on = $withdrawn WHERE set_id = $set AND is_current = 1;";
            command.Parameters.AddWithValue("$set", setId);
            command.Parameters.AddWithValue("$withdrawn", withdrawnOn);
            var changed = command.ExecuteNonQuery() > 0;
            if (changed)
            {
                Execute(connection, null, "UPDATE store_meta SET value = value + 1 WHERE key = 'generation';");
            }
            return changed;
        }
        catch (SqliteException ex) when (Unavailable(ex) is { } unavailable)
        {
            throw unavailable;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task<long> GetGenerationAsync(CancellationToken cancellationToken = default)
    {
        using var connection = OpenConnection();
        return Task.FromResult((long)(ExecuteScalarInt(connection, null, "SELECT value FROM store_meta WHERE key = 'generation';") ?? 0));
    }

    public Task<IReadOnlyList<LexicalHit>> SearchLexicalAsync(IReadOnlyList<string> terms, IReadOnlyCollection<string>? setIds, int limit, CancellationToken cancellationToken = default)
    {
        var match = FtsMatchExpression(terms);
        if (match.Length == 0 || limit <= 0 || setIds is { Count: 0 })
        {
            return Task.FromResult<IReadOnlyList<LexicalHit>>([]);
        }
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        var rowRanges = setIds is null ? [] : CurrentRowRanges(connection, setIds);
        if (setIds is not null && rowRanges.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<LexicalHit>>([]);
        }
        var filter = new StringBuilder();
        if (setIds is not null)
        {
            filter.Append(" WHERE p.set_id IN (");
            AppendInList(command, filter, "$set", setIds);
            filter.Append(')');
        }
        // Only current passages are in the index; the join on is_current guards against a stale row all the same.
        // Column weights: body text 1.0, own section title 0.5, section path 0.3 (short columns weigh a lot already).
        command.CommandText = $"""
            SELECT p.passage_id, p.set_id, h.score
            FROM ({RankedMatches(command, rowRanges)}) h
            JOIN passages p ON p.row_id = h.row_id
            JOIN labels l ON l.set_id = p.set_id AND l.version = p.version AND l.is_current = 1{filter}
            ORDER BY h.score
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var hits = new List<LexicalHit>();
        while (reader.Read())
        {
            hits.Add(new LexicalHit(reader.GetString(0), reader.GetString(1), reader.GetDouble(2)));
        }
        return Task.FromResult<IReadOnlyList<LexicalHit>>(hits);
    }

    /// <summary>
    /// The FTS query: over the whole index, or one branch per label restricted to its passages' row-id range. A label
    /// version's passages are written together, so their row ids are (nearly) contiguous, and FTS5 seeks a rowid range
    /// inside each term's posting list instead of ranking every label's matches and filtering afterwards (at 100x the
    /// corpus that filter-afterwards cost ~150 ms a question). The outer set-id filter keeps the result exact even if a
    /// range ever spans another label's rows.
    /// </summary>
    private static string RankedMatches(SqliteCommand command, IReadOnlyList<(long First, long Last)> rowRanges)
    {
        const string Ranked = "SELECT rowid AS row_id, bm25(passages_fts, 1.0, 0.5, 0.3) AS score FROM passages_fts WHERE passages_fts MATCH $match";
        // Past a few dozen labels one pass over the whole index is cheaper than a branch each (and SQLite caps a
        // compound SELECT at 500 branches).
        if (rowRanges.Count is 0 or > MaxRangeBranches)
        {
            return Ranked;
        }
        var branches = new List<string>(rowRanges.Count);
        for (var i = 0; i < rowRanges.Count; i++)
        {
            var suffix = i.ToString(CultureInfo.InvariantCulture);
            branches.Add($"{Ranked} AND rowid BETWEEN $first{suffix} AND $last{suffix}");
            command.Parameters.AddWithValue("$first" + suffix, rowRanges[i].First);
            command.Parameters.AddWithValue("$last" + suffix, rowRanges[i].Last);
        }
        return string.Join(" UNION ALL ", branches);
    }

    /// <summary>The row-id span of each requested label's current passages (labels without any are left out).</summary>
    private static List<(long First, long Last)> CurrentRowRanges(SqliteConnection connection, IReadOnlyCollection<string> setIds)
    {
        using var command = connection.CreateCommand();
        var list = new StringBuilder();
        AppendInList(command, list, "$set", setIds);
        command.CommandText = $"""
            SELECT MIN(p.row_id), MAX(p.row_id) FROM passages p
            JOIN labels l ON l.set_id = p.set_id AND l.version = p.version AND l.is_current = 1
            WHERE p.set_id IN ({list})
            GROUP BY p.set_id;
            """;
        using var reader = command.ExecuteReader();
        var ranges = new List<(long, long)>();
        while (reader.Read())
        {
            ranges.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }
        return ranges;
    }

    public Task<LabelVectors?> LoadCurrentVectorsAsync(string setId, CancellationToken cancellationToken = default)
    {
        using var connection = OpenConnection();
        LabelVersionInfo? label;
        using (var labelCommand = connection.CreateCommand())
        {
            labelCommand.CommandText = $"SELECT {LabelColumns} FROM labels l WHERE l.set_id = $set AND l.is_current = 1;";
            labelCommand.Parameters.AddWithValue("$set", setId);
            using var labelReader = labelCommand.ExecuteReader();
            label = labelReader.Read() ? ReadLabel(labelReader, 0) : null;
        }
        if (label is null)
        {
            return Task.FromResult<LabelVectors?>(null);
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {PassageColumns}, v.vector FROM passages p
            LEFT JOIN passage_vectors v ON v.passage_id = p.passage_id
            WHERE p.set_id = $set AND p.version = $version
            ORDER BY p.ordinal;
            """;
        command.Parameters.AddWithValue("$set", setId);
        command.Parameters.AddWithValue("$version", label.Version);
        using var reader = command.ExecuteReader();
        var passages = new List<Passage>();
        var vectors = new List<float>(label.PassageCount * Dimensions);
        var row = new float[Dimensions];
        while (reader.Read())
        {
            passages.Add(ReadPassage(reader, 0));
            Array.Clear(row);
            if (!reader.IsDBNull(11))
            {
                VectorMath.FromBytes((byte[])reader.GetValue(11), row);
            }
            vectors.AddRange(row);
        }
        return Task.FromResult<LabelVectors?>(new LabelVectors(label, passages, [.. vectors], Dimensions));
    }

    public Task<IReadOnlyDictionary<string, float[]>> FindTextVectorsAsync(IReadOnlyCollection<string> textHashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(textHashes);
        var found = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (textHashes.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<string, float[]>>(found);
        }
        using var connection = OpenConnection();
        // Chunks stay under SQLite's bound-parameter limit.
        foreach (var chunk in textHashes.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            using var command = connection.CreateCommand();
            var list = new StringBuilder();
            AppendInList(command, list, "$h", chunk);
            command.CommandText = $"SELECT text_hash, vector FROM text_vectors WHERE text_hash IN ({list});";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var vector = new float[Dimensions];
                VectorMath.FromBytes((byte[])reader.GetValue(1), vector);
                found[reader.GetString(0)] = vector;
            }
        }
        return Task.FromResult<IReadOnlyDictionary<string, float[]>>(found);
    }

    public async Task SaveVectorsAsync(IReadOnlyList<PassageVector> vectors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        foreach (var vector in vectors)
        {
            if (vector.Vector is null || vector.Vector.Length != Dimensions)
            {
                throw new ArgumentException($"The vector of {vector.PassageId} has {vector.Vector?.Length ?? 0} dimensions; this store holds {Dimensions}.", nameof(vectors));
            }
        }
        if (vectors.Count == 0)
        {
            return;
        }
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            using var connection = OpenConnection();
            using var transaction = connection.BeginTransaction(deferred: false);
            using var insertVector = connection.CreateCommand();
            insertVector.Transaction = transaction;
            // A passage deleted meanwhile has no row to join: its vector is dropped rather than failing the batch.
            insertVector.CommandText = """
                INSERT OR IGNORE INTO passage_vectors (passage_id, vector)
                SELECT passage_id, $vector FROM passages WHERE passage_id = $id;
                """;
            var id = insertVector.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
            var blob = insertVector.Parameters.Add(new SqliteParameter { ParameterName = "$vector", SqliteType = SqliteType.Blob });
            using var insertText = connection.CreateCommand();
            insertText.Transaction = transaction;
            insertText.CommandText = "INSERT OR IGNORE INTO text_vectors (text_hash, vector) VALUES ($hash, $vector);";
            var hash = insertText.Parameters.Add(new SqliteParameter { ParameterName = "$hash" });
            var textBlob = insertText.Parameters.Add(new SqliteParameter { ParameterName = "$vector", SqliteType = SqliteType.Blob });
            foreach (var vector in vectors)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var bytes = VectorMath.ToBytes(vector.Vector);
                id.Value = vector.PassageId;
                blob.Value = bytes;
                insertVector.ExecuteNonQuery();
                hash.Value = vector.TextHash;
                textBlob.Value = bytes;
                insertText.ExecuteNonQuery();
            }
            // Retrievers reload a label's vectors when the generation moves.
            Execute(connection, transaction, "UPDATE store_meta SET value = value + 1 WHERE key = 'generation';");
            transaction.Commit();
        }
        catch (SqliteException ex) when (Unavailable(ex) is { } unavailable)
        {
            throw unavailable;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task<IReadOnlyList<Passage>> GetPassagesWithoutVectorsAsync(int limit, CancellationToken cancellationToken = default)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {PassageColumns} FROM passages p
            WHERE NOT EXISTS (SELECT 1 FROM passage_vectors v WHERE v.passage_id = p.passage_id)
            ORDER BY p.row_id
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$limit", Math.Max(0, limit));
        using var reader = command.ExecuteReader();
        var passages = new List<Passage>();
        while (reader.Read())
        {
            passages.Add(ReadPassage(reader, 0));
        }
        return Task.FromResult<IReadOnlyList<Passage>>(passages);
    }

    public Task<IReadOnlyList<VectorCoverage>> GetVectorCoverageAsync(CancellationToken cancellationToken = default)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT p.set_id, p.version, COUNT(*), COUNT(v.passage_id) FROM passages p
            LEFT JOIN passage_vectors v ON v.passage_id = p.passage_id
            GROUP BY p.set_id, p.version;
            """;
        using var reader = command.ExecuteReader();
        var coverage = new List<VectorCoverage>();
        while (reader.Read())
        {
            coverage.Add(new VectorCoverage(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)));
        }
        return Task.FromResult<IReadOnlyList<VectorCoverage>>(coverage);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        // Pooled connections keep the file open; release them so the file can be moved or deleted.
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }
        _writeGate.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private SqliteConnection OpenConnection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // NORMAL is durable across application crashes in WAL mode and much faster than FULL.
        pragma.CommandText = MaxPageCount is { } pages
            ? string.Create(CultureInfo.InvariantCulture, $"PRAGMA synchronous = NORMAL; PRAGMA max_page_count = {pages};")
            : "PRAGMA synchronous = NORMAL;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private LabelStoreUnavailableException? Unavailable(SqliteException exception) =>
        LabelStoreUnavailableException.FromSqlite(exception, FilePath, BusyTimeoutSeconds);

    private static void RetireCurrentVersion(SqliteConnection connection, SqliteTransaction transaction, string setId)
    {
        // External-content FTS5 removes a row only when given the exact values that were indexed.
        Execute(connection, transaction, """
            INSERT INTO passages_fts (passages_fts, rowid, text, section_title, section_path)
            SELECT 'delete', p.row_id, p.text, p.section_title, p.section_path
            FROM passages p JOIN labels l ON l.set_id = p.set_id AND l.version = p.version AND l.is_current = 1
            WHERE p.set_id = $set;
            """, ("$set", setId));
        Execute(connection, transaction, "UPDATE labels SET is_current = 0 WHERE set_id = $set AND is_current = 1;", ("$set", setId));
    }

    private static void InsertLabel(SqliteConnection connection, SqliteTransaction transaction, LabelDocument label)
    {
        Execute(connection, transaction, """
            INSERT INTO labels (set_id, version, document_id, effective_date, title, display_name, format, labeler, products_json, is_current, ingested_at, source, missing_sections)
            VALUES ($set, $version, $doc, $date, $title, $display, $format, $labeler, $products, 1, $now, $source, $missing);
            """,
            ("$source", label.Source.ToString()),
            ("$missing", (object?)LabelSaveRules.SerializeMissingSections(label.MissingSections) ?? DBNull.Value),
            ("$set", label.SetId),
            ("$version", label.Version),
            ("$doc", label.DocumentId ?? string.Empty),
            ("$date", label.EffectiveDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("$title", label.Title ?? string.Empty),
            ("$display", label.DisplayName),
            ("$format", label.Format.ToString()),
            ("$labeler", (object?)label.Labeler ?? DBNull.Value),
            ("$products", LabelSaveRules.SerializeProducts(label.Products)),
            ("$now", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
    }

    private static void InsertPassages(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<Passage> passages, IReadOnlyList<float[]> embeddings, CancellationToken cancellationToken)
    {
        using var insertPassage = connection.CreateCommand();
        insertPassage.Transaction = transaction;
        insertPassage.CommandText = """
            INSERT INTO passages (passage_id, set_id, version, ordinal, section_code, section_number, section_title, top_section_code, top_section_title, section_path, text)
            VALUES ($id, $set, $version, $ordinal, $code, $number, $title, $top, $topTitle, $path, $text)
            RETURNING row_id;
            """;
        var names = new[] { "$id", "$set", "$version", "$ordinal", "$code", "$number", "$title", "$top", "$topTitle", "$path", "$text" };
        foreach (var name in names)
        {
            insertPassage.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        using var insertFts = connection.CreateCommand();
        insertFts.Transaction = transaction;
        insertFts.CommandText = "INSERT INTO passages_fts (rowid, text, section_title, section_path) VALUES ($row, $text, $title, $path);";
        var ftsRow = insertFts.Parameters.Add(new SqliteParameter { ParameterName = "$row" });
        var ftsText = insertFts.Parameters.Add(new SqliteParameter { ParameterName = "$text" });
        var ftsTitle = insertFts.Parameters.Add(new SqliteParameter { ParameterName = "$title" });
        var ftsPath = insertFts.Parameters.Add(new SqliteParameter { ParameterName = "$path" });

        using var insertVector = connection.CreateCommand();
        insertVector.Transaction = transaction;
        insertVector.CommandText = "INSERT INTO passage_vectors (passage_id, vector) VALUES ($id, $vector);";
        var vectorId = insertVector.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
        var vectorBlob = insertVector.Parameters.Add(new SqliteParameter { ParameterName = "$vector", SqliteType = SqliteType.Blob });

        for (var i = 0; i < passages.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var p = passages[i];
            object[] values = [p.Id, p.SetId, p.Version, p.Ordinal, p.SectionCode ?? string.Empty, p.SectionNumber ?? string.Empty,
                p.SectionTitle ?? string.Empty, p.TopSectionCode ?? string.Empty, p.TopSectionTitle ?? string.Empty, p.SectionPath ?? string.Empty, p.Text ?? string.Empty];
            for (var j = 0; j < values.Length; j++)
            {
                insertPassage.Parameters[j].Value = values[j];
            }
            var rowId = (long)insertPassage.ExecuteScalar()!;

            ftsRow.Value = rowId;
            ftsText.Value = p.Text ?? string.Empty;
            ftsTitle.Value = p.SectionTitle ?? string.Empty;
            ftsPath.Value = p.SectionPath ?? string.Empty;
            insertFts.ExecuteNonQuery();

            if (embeddings.Count != 0)
            {
                vectorId.Value = p.Id;
                vectorBlob.Value = VectorMath.ToBytes(embeddings[i]);
                insertVector.ExecuteNonQuery();
            }
        }
    }

    /// <summary>
    /// An OR of quoted terms: FTS5 treats everything inside double quotes as plain text, never as syntax. A NUL would
    /// end the expression inside a quote (SQLite reads it as a C string), so it becomes a space.
    /// </summary>
    private static string FtsMatchExpression(IReadOnlyList<string> terms)
    {
        var quoted = terms
            .Select(t => t?.Replace('\0', ' '))
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .Select(t => "\"" + t!.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")
            .Distinct(StringComparer.Ordinal);
        return string.Join(" OR ", quoted);
    }

    private static void AppendInList(SqliteCommand command, StringBuilder sql, string prefix, IEnumerable<string> values)
    {
        var i = 0;
        foreach (var value in values)
        {
            var name = prefix + i.ToString(CultureInfo.InvariantCulture);
            sql.Append(i == 0 ? name : ", " + name);
            command.Parameters.AddWithValue(name, value);
            i++;
        }
    }

    private static Passage ReadPassage(SqliteDataReader reader, int first) => new(
        Id: reader.GetString(first),
        SetId: reader.GetString(first + 1),
        Version: reader.GetInt32(first + 2),
        Ordinal: reader.GetInt32(first + 3),
        SectionCode: reader.GetString(first + 4),
        SectionNumber: reader.GetString(first + 5),
        SectionTitle: reader.GetString(first + 6),
        TopSectionCode: reader.GetString(first + 7),
        TopSectionTitle: reader.GetString(first + 8),
        SectionPath: reader.GetString(first + 9),
        Text: reader.GetString(first + 10));

    private static LabelVersionInfo ReadLabel(SqliteDataReader reader, int first) => new(
        SetId: reader.GetString(first),
        Version: reader.GetInt32(first + 1),
        EffectiveDate: DateOnly.ParseExact(reader.GetString(first + 2), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        Title: reader.GetString(first + 3),
        DisplayName: reader.GetString(first + 4),
        Format: Enum.TryParse<LabelFormat>(reader.GetString(first + 5), out var format) ? format : LabelFormat.Other,
        IsCurrent: reader.GetInt32(first + 6) == 1,
        PassageCount: reader.GetInt32(first + 9),
        Products: LabelSaveRules.DeserializeProducts(reader.GetString(first + 7)),
        Labeler: reader.IsDBNull(first + 8) ? null : reader.GetString(first + 8),
        WithdrawnOn: reader.IsDBNull(first + 10) ? null : DateOnly.ParseExact(reader.GetString(first + 10), "yyyy-MM-dd", CultureInfo.InvariantCulture))
    {
        Source = LabelSaveRules.ParseSource(reader.GetString(first + 11)),
        MissingSections = LabelSaveRules.DeserializeMissingSections(reader.IsDBNull(first + 12) ? null : reader.GetString(first + 12)),
    };

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        command.ExecuteNonQuery();
    }

    private static int? ExecuteScalarInt(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        var result = command.ExecuteScalar();
        return result is null or DBNull ? null : Convert.ToInt32(result, CultureInfo.InvariantCulture);
    }
}
