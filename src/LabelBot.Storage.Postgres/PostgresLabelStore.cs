using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace LabelBot.Storage.Postgres;

/// <summary>
/// The label store in PostgreSQL, for several hosts sharing one database: the same behaviour as
/// <see cref="SqliteLabelStore"/> (every version kept, only the newest current and searchable, withdrawals recorded),
/// with a stored tsvector and GIN index for full text and the passage vectors read into the host for scoring.
/// </summary>
/// <remarks>
/// Each operation takes a pooled connection from the <see cref="PostgresDatabase"/>, which the caller owns (this
/// store never disposes it). Every write runs in one transaction that first locks the single
/// <c>label_store_meta</c> row, so writers from all processes are serialised (as SQLite's are) and two processes
/// saving the same set id cannot both add it; the unique partial index on the current version is the backstop.
/// Readers never wait for writers.
/// </remarks>
public sealed class PostgresLabelStore : ILabelHistoryStore, IRetrievalIndex, IPassageVectorStore, IAsyncDisposable
{
    private const string PassageColumns =
        "p.passage_id, p.set_id, p.version, p.ordinal, p.section_code, p.section_number, p.section_title, " +
        "p.top_section_code, p.top_section_title, p.section_path, p.text";

    private const string LabelColumns =
        "l.set_id, l.version, l.effective_date, l.title, l.display_name, l.format, l.is_current, l.products_json, l.labeler, " +
        "l.passage_count, l.withdrawn_on, l.source, l.missing_sections";

    private readonly PostgresDatabase _database;
    private volatile bool _disposed;

    private PostgresLabelStore(PostgresDatabase database, int dimensions)
    {
        _database = database;
        Dimensions = dimensions;
    }

    /// <summary>Length of the stored embedding vectors (384 for MiniLM).</summary>
    public int Dimensions { get; }

    /// <summary>Where the labels are (host:port/database, no password).</summary>
    public string DisplayName => _database.DisplayName;

    /// <summary>Applies the label store's migrations (once per process) and returns a store over <paramref name="database"/>.</summary>
    public static async Task<PostgresLabelStore> OpenAsync(PostgresDatabase database, int dimensions = VectorMath.DefaultDimensions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        await database.MigrateAsync(PostgresLabelSchema.Component, PostgresLabelSchema.Migrations, cancellationToken);
        return new PostgresLabelStore(database, dimensions);
    }

    public async Task<IngestOutcome> SaveAsync(LabelDocument label, IReadOnlyList<Passage> passages, IReadOnlyList<float[]> embeddings, CancellationToken cancellationToken = default)
    {
        LabelSaveRules.Validate(label, passages, embeddings, Dimensions);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);

        var (stored, storedSource) = await NewestStoredAsync(connection, transaction, label.SetId, cancellationToken);
        var decision = LabelSaveRules.Decide(label, stored, storedSource);
        if (decision == LabelSaveRules.Decision.Unchanged)
        {
            return LabelSaveRules.Unchanged(label, stored!.Value); // disposing the transaction rolls it back: nothing written
        }

        var retired = stored is null ? null : await RetireCurrentVersionAsync(connection, transaction, label.SetId, cancellationToken);
        if (decision == LabelSaveRules.Decision.ReplaceSameVersion)
        {
            // The openFDA copy leaves the statistics (as if retired against no new version) and then the tables.
            await UpdateStatisticsAsync(connection, transaction, label.SetId, -1, label.Version, cancellationToken);
            await DeleteVersionAsync(connection, transaction, label.SetId, label.Version, cancellationToken);
            retired = null;
        }
        await InsertLabelAsync(connection, transaction, label, passages.Count, cancellationToken);
        await CopyPassagesAsync(connection, passages, cancellationToken);
        if (embeddings.Count != 0)
        {
            await CopyVectorsAsync(connection, passages, embeddings, cancellationToken);
        }
        await UpdateStatisticsAsync(connection, transaction, label.SetId, label.Version, retired, cancellationToken);

        cancellationToken.ThrowIfCancellationRequested();
        await transaction.CommitAsync(cancellationToken);
        return LabelSaveRules.Saved(label, stored, decision == LabelSaveRules.Decision.ReplaceSameVersion);
    }

    public async Task<bool> HasVersionAsync(LabelDocument label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(label);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var (stored, source) = await NewestStoredAsync(connection, null, label.SetId, cancellationToken);
        return LabelSaveRules.Decide(label, stored, source) == LabelSaveRules.Decision.Unchanged;
    }

    private static async Task<(int? Version, LabelSource Source)> NewestStoredAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string setId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version, source FROM label_versions WHERE set_id = @set ORDER BY version DESC LIMIT 1;", connection, transaction);
        command.Parameters.Add(Key("set", setId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt32(0), LabelSaveRules.ParseSource(reader.GetString(1))) : (null, LabelSource.Spl);
    }

    /// <summary>Removes one stored version outright: only an openFDA copy being replaced by the SPL of the same version.</summary>
    private static async Task DeleteVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string setId, int version, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            DELETE FROM label_passage_vectors WHERE passage_id IN (SELECT passage_id FROM label_passages WHERE set_id = @set AND version = @version);
            DELETE FROM label_passages WHERE set_id = @set AND version = @version;
            DELETE FROM label_versions WHERE set_id = @set AND version = @version;
            """, connection, transaction);
        command.Parameters.Add(Text("set", setId));
        command.Parameters.Add(Integer("version", version));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> HasVersionAsync(string setId, int version, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM label_versions WHERE set_id = @set AND version >= @version);", connection);
        command.Parameters.Add(Key("set", setId));
        command.Parameters.Add(Integer("version", version));
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    public async Task<IReadOnlyList<LabelVersionInfo>> ListLabelsAsync(bool includeHistory = false, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        // lower() under the "C" collation folds ASCII only, like SQLite's NOCASE, so both stores list in one order.
        await using var command = new NpgsqlCommand($"""
            SELECT {LabelColumns} FROM label_versions l
            WHERE @history OR l.is_current
            ORDER BY lower(l.display_name COLLATE "C"), l.set_id, l.version DESC;
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<bool>("history", NpgsqlDbType.Boolean) { TypedValue = includeHistory });
        return await ReadLabelsAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<Passage>> GetPassagesAsync(string setId, IReadOnlyCollection<string>? topSectionCodes = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var filter = topSectionCodes is { Count: > 0 } ? " AND p.top_section_code = ANY(@top)" : string.Empty;
        await using var command = new NpgsqlCommand($"""
            SELECT {PassageColumns} FROM label_passages p
            JOIN label_versions l ON l.set_id = p.set_id AND l.version = p.version AND l.is_current
            WHERE p.set_id = @set{filter}
            ORDER BY p.ordinal;
            """, connection);
        command.Parameters.Add(Key("set", setId));
        if (topSectionCodes is { Count: > 0 })
        {
            command.Parameters.Add(TextArray("top", topSectionCodes));
        }
        return await ReadPassagesAsync(command, cancellationToken);
    }

    public async Task<Passage?> GetPassageAsync(string passageId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {PassageColumns} FROM label_passages p WHERE p.passage_id = @id;", connection);
        command.Parameters.Add(Key("id", passageId));
        return (await ReadPassagesAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<LabelVersionInfo>> ListVersionsAsync(string setId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {LabelColumns} FROM label_versions l WHERE l.set_id = @set ORDER BY l.version DESC;", connection);
        command.Parameters.Add(Key("set", setId));
        return await ReadLabelsAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<Passage>> GetPassagesAsync(string setId, int version, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {PassageColumns} FROM label_passages p WHERE p.set_id = @set AND p.version = @version ORDER BY p.ordinal;", connection);
        command.Parameters.Add(Key("set", setId));
        command.Parameters.Add(Integer("version", version));
        return await ReadPassagesAsync(command, cancellationToken);
    }

    public Task<bool> MarkWithdrawnAsync(string setId, DateOnly withdrawnOn, CancellationToken cancellationToken = default) =>
        SetWithdrawnAsync(setId, withdrawnOn, cancellationToken);

    public Task<bool> ClearWithdrawnAsync(string setId, CancellationToken cancellationToken = default) =>
        SetWithdrawnAsync(setId, null, cancellationToken);

    public async Task<long> GetGenerationAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT generation FROM label_store_meta;", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is long generation ? generation : 0;
    }

    public async Task<IReadOnlyList<LexicalHit>> SearchLexicalAsync(IReadOnlyList<string> terms, IReadOnlyCollection<string>? setIds, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        await using var batch = PostgresLexicalSearch.CreateBatch(terms, setIds, limit);
        if (batch is null)
        {
            return [];
        }
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        batch.Connection = connection;
        batch.Transaction = transaction;
        var hits = new List<LexicalHit>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new LexicalHit(reader.GetString(0), reader.GetString(1), reader.GetDouble(2)));
        }
        return hits;
    }

    /// <remarks>
    /// Vectors are scored in the host: the retriever reads a label's vectors once per store generation and takes the
    /// dot product over the resolved product's labels (plus the full-text candidates). Where pgvector is installed,
    /// or an external index such as Azure AI Search is used, an IRetrievalIndex whose vector side runs a k-nearest
    /// query in the database (an HNSW index on a vector(384) column of label_passage_vectors) would slot in here,
    /// behind the same interface; this table's bytes would move into that column.
    /// </remarks>
    public async Task<LabelVectors?> LoadCurrentVectorsAsync(string setId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        LabelVersionInfo? label;
        await using (var labelCommand = new NpgsqlCommand($"SELECT {LabelColumns} FROM label_versions l WHERE l.set_id = @set AND l.is_current;", connection))
        {
            labelCommand.Parameters.Add(Key("set", setId));
            label = (await ReadLabelsAsync(labelCommand, cancellationToken)).FirstOrDefault();
        }
        if (label is null)
        {
            return null;
        }

        await using var command = new NpgsqlCommand($"""
            SELECT {PassageColumns}, v.vector FROM label_passages p
            LEFT JOIN label_passage_vectors v ON v.passage_id = p.passage_id
            WHERE p.set_id = @set AND p.version = @version
            ORDER BY p.ordinal;
            """, connection);
        command.Parameters.Add(Key("set", setId));
        command.Parameters.Add(Integer("version", label.Version));
        var passages = new List<Passage>(label.PassageCount);
        var vectors = new List<float>(label.PassageCount * Dimensions);
        var row = new float[Dimensions];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            passages.Add(ReadPassage(reader));
            Array.Clear(row);
            if (!reader.IsDBNull(11))
            {
                VectorMath.FromBytes(reader.GetFieldValue<byte[]>(11), row);
            }
            vectors.AddRange(row);
        }
        return new LabelVectors(label, passages, [.. vectors], Dimensions);
    }

    public async Task<IReadOnlyDictionary<string, float[]>> FindTextVectorsAsync(IReadOnlyCollection<string> textHashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(textHashes);
        var found = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (textHashes.Count == 0)
        {
            return found;
        }
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT text_hash, vector FROM label_text_vectors WHERE text_hash = ANY(@hashes);", connection);
        command.Parameters.Add(TextArray("hashes", textHashes.Distinct(StringComparer.Ordinal)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var vector = new float[Dimensions];
            VectorMath.FromBytes(reader.GetFieldValue<byte[]>(1), vector);
            found[reader.GetString(0)] = vector;
        }
        return found;
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
        var bytes = vectors.Select(v => VectorMath.ToBytes(v.Vector)).ToArray();
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        // As in SQLite: a passage that has a vector keeps it, and one deleted meanwhile has no row to join.
        await using var command = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    INSERT INTO label_passage_vectors (passage_id, vector)
                    SELECT p.passage_id, x.vector FROM unnest(@ids, @vectors) AS x (passage_id, vector)
                    JOIN label_passages p ON p.passage_id = x.passage_id
                    ON CONFLICT (passage_id) DO NOTHING
                    """)
                {
                    Parameters =
                    {
                        TextArray("ids", vectors.Select(v => v.PassageId)),
                        new NpgsqlParameter<byte[][]>("vectors", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = bytes },
                    },
                },
                new NpgsqlBatchCommand("""
                    INSERT INTO label_text_vectors (text_hash, vector)
                    SELECT x.text_hash, x.vector FROM unnest(@hashes, @vectors) AS x (text_hash, vector)
                    ON CONFLICT (text_hash) DO NOTHING
                    """)
                {
                    Parameters =
                    {
                        TextArray("hashes", vectors.Select(v => v.TextHash)),
                        new NpgsqlParameter<byte[][]>("vectors", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = bytes },
                    },
                },
                // Retrievers reload a label's vectors when the generation moves.
                new NpgsqlBatchCommand("UPDATE label_store_meta SET generation = generation + 1"),
            },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Passage>> GetPassagesWithoutVectorsAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT {PassageColumns} FROM label_passages p
            WHERE NOT EXISTS (SELECT 1 FROM label_passage_vectors v WHERE v.passage_id = p.passage_id)
            ORDER BY p.set_id, p.version, p.ordinal
            LIMIT @limit;
            """, connection);
        command.Parameters.Add(Integer("limit", Math.Max(0, limit)));
        return await ReadPassagesAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<VectorCoverage>> GetVectorCoverageAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT p.set_id, p.version, count(*)::int, count(v.passage_id)::int FROM label_passages p
            LEFT JOIN label_passage_vectors v ON v.passage_id = p.passage_id
            GROUP BY p.set_id, p.version;
            """, connection);
        var coverage = new List<VectorCoverage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            coverage.Add(new VectorCoverage(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)));
        }
        return coverage;
    }

    public ValueTask DisposeAsync()
    {
        // The database (and its connection pool) belongs to the caller; there is nothing of this store's own to release.
        _disposed = true;
        return ValueTask.CompletedTask;
    }

    private ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _database.OpenConnectionAsync(cancellationToken);
    }

    /// <summary>
    /// A transaction holding the store-wide write lock (the meta row), always taken first so writers cannot deadlock.
    /// Its commit does not wait for the WAL flush (synchronous_commit off): the durability of SQLite's
    /// synchronous=NORMAL, where a server crash may lose the last few commits but never corrupts or half-writes a
    /// label, and a lost label is simply added again by the next ingest. A commit costs a WAL flush otherwise, a
    /// large share of a bulk load that saves thousands of labels.
    /// </summary>
    private static async Task<NpgsqlTransaction> BeginWriteAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("SET LOCAL synchronous_commit = off"),
                    new NpgsqlBatchCommand("SELECT generation FROM label_store_meta FOR UPDATE"),
                },
            };
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    private async Task<bool> SetWithdrawnAsync(string setId, DateOnly? withdrawnOn, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        // On the current version only: the flag describes the label set as DailyMed lists it now.
        await using var command = new NpgsqlCommand("UPDATE label_versions SET withdrawn_on = @withdrawn WHERE set_id = @set AND is_current;", connection, transaction);
        command.Parameters.Add(Key("set", setId));
        command.Parameters.Add(new NpgsqlParameter("withdrawn", NpgsqlDbType.Date) { Value = withdrawnOn is { } date ? date : DBNull.Value });
        var changed = await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        if (changed)
        {
            await using var bump = new NpgsqlCommand("UPDATE label_store_meta SET generation = generation + 1;", connection, transaction);
            await bump.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>Takes the current version out of search (its passages stay for history and old citations); returns its number.</summary>
    private static async Task<int?> RetireCurrentVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string setId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            WITH retired AS (
                UPDATE label_versions SET is_current = FALSE WHERE set_id = @set AND is_current RETURNING version
            ), passages AS (
                UPDATE label_passages p SET is_current = FALSE FROM retired r
                WHERE p.set_id = @set AND p.version = r.version AND p.is_current
            )
            SELECT version FROM retired;
            """, connection, transaction);
        command.Parameters.Add(Text("set", setId));
        return await command.ExecuteScalarAsync(cancellationToken) is int version ? version : null;
    }

    private static async Task InsertLabelAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, LabelDocument label, int passageCount, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO label_versions (set_id, version, document_id, effective_date, title, display_name, format, labeler, products_json, passage_count, is_current, source, missing_sections)
            VALUES (@set, @version, @doc, @date, @title, @display, @format, @labeler, @products, @count, TRUE, @source, @missing);
            """, connection, transaction);
        command.Parameters.Add(Text("source", label.Source.ToString()));
        command.Parameters.Add(new NpgsqlParameter("missing", NpgsqlDbType.Text) { Value = (object?)LabelSaveRules.SerializeMissingSections(label.MissingSections) ?? DBNull.Value });
        command.Parameters.Add(Text("set", label.SetId));
        command.Parameters.Add(Integer("version", label.Version));
        command.Parameters.Add(Text("doc", label.DocumentId ?? string.Empty));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("date", NpgsqlDbType.Date) { TypedValue = label.EffectiveDate });
        command.Parameters.Add(Text("title", label.Title ?? string.Empty));
        command.Parameters.Add(Text("display", label.DisplayName));
        command.Parameters.Add(Text("format", label.Format.ToString()));
        command.Parameters.Add(new NpgsqlParameter("labeler", NpgsqlDbType.Text) { Value = (object?)label.Labeler ?? DBNull.Value });
        command.Parameters.Add(Text("products", LabelSaveRules.SerializeProducts(label.Products)));
        command.Parameters.Add(Integer("count", passageCount));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Binary COPY: one round trip for a whole label however many passages it has (the tsvector is computed by the server).</summary>
    private static async Task CopyPassagesAsync(NpgsqlConnection connection, IReadOnlyList<Passage> passages, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync("""
            COPY label_passages (passage_id, set_id, version, ordinal, section_code, section_number, section_title,
                                 top_section_code, top_section_title, section_path, text, is_current)
            FROM STDIN (FORMAT BINARY);
            """, cancellationToken);
        foreach (var p in passages)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(p.Id, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(p.SetId, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(p.Version, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(p.Ordinal, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(p.SectionCode ?? string.Empty, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(p.SectionNumber ?? string.Empty, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(p.SectionTitle ?? string.Empty, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(p.TopSectionCode ?? string.Empty, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(p.TopSectionTitle ?? string.Empty, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(p.SectionPath ?? string.Empty, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(p.Text ?? string.Empty, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(true, NpgsqlDbType.Boolean, cancellationToken);
        }
        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task CopyVectorsAsync(NpgsqlConnection connection, IReadOnlyList<Passage> passages, IReadOnlyList<float[]> embeddings, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY label_passage_vectors (passage_id, vector) FROM STDIN (FORMAT BINARY);", cancellationToken);
        for (var i = 0; i < passages.Count; i++)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(passages[i].Id, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(VectorMath.ToBytes(embeddings[i]), NpgsqlDbType.Bytea, cancellationToken);
        }
        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// Keeps the BM25 statistics exact: document frequencies gain the new version's lexemes and lose the retired
    /// version's; the corpus size and token total move likewise; the generation goes up by one.
    /// </summary>
    private static async Task UpdateStatisticsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string setId, int version, int? retired, CancellationToken cancellationToken)
    {
        // One pass over the changed passages' tsvectors gives both each lexeme's document count and the token total.
        await using var command = new NpgsqlCommand("""
            WITH changed AS MATERIALIZED (
                SELECT p.search, CASE WHEN p.version = @version THEN 1 ELSE -1 END AS delta
                FROM label_passages p
                WHERE p.set_id = @set AND (p.version = @version OR p.version = @retired)
            ), lexemes AS MATERIALIZED (
                SELECT x.lexeme, sum(c.delta) AS docs, sum(c.delta * cardinality(x.positions)) AS tokens
                FROM changed c CROSS JOIN LATERAL unnest(c.search) AS x
                GROUP BY x.lexeme
            ), terms AS (
                INSERT INTO label_term_stats (lexeme, doc_count)
                SELECT lexeme, docs::int FROM lexemes WHERE docs <> 0
                ON CONFLICT (lexeme) DO UPDATE SET doc_count = label_term_stats.doc_count + EXCLUDED.doc_count
            )
            UPDATE label_store_meta
            SET generation = generation + 1,
                current_passages = current_passages + (SELECT coalesce(sum(delta), 0) FROM changed),
                current_tokens = current_tokens + (SELECT coalesce(sum(tokens), 0) FROM lexemes);
            """, connection, transaction);
        command.Parameters.Add(Text("set", setId));
        command.Parameters.Add(Integer("version", version));
        command.Parameters.Add(new NpgsqlParameter("retired", NpgsqlDbType.Integer) { Value = retired is { } r ? r : DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<Passage>> ReadPassagesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var passages = new List<Passage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            passages.Add(ReadPassage(reader));
        }
        return passages;
    }

    private static async Task<IReadOnlyList<LabelVersionInfo>> ReadLabelsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var labels = new List<LabelVersionInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            labels.Add(new LabelVersionInfo(
                SetId: reader.GetString(0),
                Version: reader.GetInt32(1),
                EffectiveDate: reader.GetFieldValue<DateOnly>(2),
                Title: reader.GetString(3),
                DisplayName: reader.GetString(4),
                Format: Enum.TryParse<LabelFormat>(reader.GetString(5), out var format) ? format : LabelFormat.Other,
                IsCurrent: reader.GetBoolean(6),
                PassageCount: reader.GetInt32(9),
                Products: LabelSaveRules.DeserializeProducts(reader.GetString(7)),
                Labeler: reader.IsDBNull(8) ? null : reader.GetString(8),
                WithdrawnOn: reader.IsDBNull(10) ? null : reader.GetFieldValue<DateOnly>(10))
            {
                Source = LabelSaveRules.ParseSource(reader.GetString(11)),
                MissingSections = LabelSaveRules.DeserializeMissingSections(reader.IsDBNull(12) ? null : reader.GetString(12)),
            });
        }
        return labels;
    }

    private static Passage ReadPassage(NpgsqlDataReader reader) => new(
        Id: reader.GetString(0),
        SetId: reader.GetString(1),
        Version: reader.GetInt32(2),
        Ordinal: reader.GetInt32(3),
        SectionCode: reader.GetString(4),
        SectionNumber: reader.GetString(5),
        SectionTitle: reader.GetString(6),
        TopSectionCode: reader.GetString(7),
        TopSectionTitle: reader.GetString(8),
        SectionPath: reader.GetString(9),
        Text: reader.GetString(10));

    private static NpgsqlParameter<string> Text(string name, string value) => new(name, NpgsqlDbType.Text) { TypedValue = value };

    /// <summary>A lookup key from outside (set id, passage id), cleaned so that any string can be looked up.</summary>
    private static NpgsqlParameter<string> Key(string name, string value) => new(name, NpgsqlDbType.Text) { TypedValue = PostgresText.Clean(value) };

    private static NpgsqlParameter<int> Integer(string name, int value) => new(name, NpgsqlDbType.Integer) { TypedValue = value };

    private static NpgsqlParameter<string[]> TextArray(string name, IEnumerable<string> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. values.Select(PostgresText.Clean)] };
}
