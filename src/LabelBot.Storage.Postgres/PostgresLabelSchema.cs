namespace LabelBot.Storage.Postgres;

/// <summary>
/// The label store's tables in the shared PostgreSQL database, as ordered migrations for
/// <see cref="PostgresDatabase.MigrateAsync"/> (component <see cref="Component"/>). The same data as the SQLite schema
/// (src/LabelBot.Search/Storage/SqliteSchema.cs), laid out for PostgreSQL's full-text search.
/// </summary>
internal static class PostgresLabelSchema
{
    public const string Component = "labels";

    public static IReadOnlyList<string> Migrations { get; } =
    [
        // 1: every version of every label; passages with a stored tsvector and a GIN index over CURRENT passages only;
        // vectors as float32 bytes; term statistics for BM25; one row of store-wide counters.
        """
        CREATE TABLE label_versions (
            set_id          TEXT COLLATE "C" NOT NULL,
            version         INTEGER     NOT NULL,
            document_id     TEXT        NOT NULL,
            effective_date  DATE        NOT NULL,
            title           TEXT        NOT NULL,
            display_name    TEXT        NOT NULL,
            format          TEXT        NOT NULL,
            labeler         TEXT,
            products_json   TEXT        NOT NULL,
            passage_count   INTEGER     NOT NULL,
            is_current      BOOLEAN     NOT NULL,
            withdrawn_on    DATE,
            ingested_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
            PRIMARY KEY (set_id, version)
        );
        -- At most one current version per label set, whatever two writers do at the same moment.
        CREATE UNIQUE INDEX ux_label_versions_current ON label_versions (set_id) WHERE is_current;

        -- is_current mirrors the label's flag (kept in step by the store, inside the same transaction), so the
        -- full-text index can hold current passages only. Weights: body text A, own section title B, section path C
        -- (the ranking gives them 1.0 / 0.5 / 0.3, the SQLite FTS column weights).
        CREATE TABLE label_passages (
            passage_id         TEXT COLLATE "C" PRIMARY KEY,
            set_id             TEXT COLLATE "C" NOT NULL,
            version            INTEGER NOT NULL,
            ordinal            INTEGER NOT NULL,
            section_code       TEXT    NOT NULL,
            section_number     TEXT    NOT NULL,
            section_title      TEXT    NOT NULL,
            top_section_code   TEXT    NOT NULL,
            top_section_title  TEXT    NOT NULL,
            section_path       TEXT    NOT NULL,
            text               TEXT    NOT NULL,
            is_current         BOOLEAN NOT NULL,
            search             TSVECTOR GENERATED ALWAYS AS (
                setweight(to_tsvector('english', text), 'A')
                || setweight(to_tsvector('english', section_title), 'B')
                || setweight(to_tsvector('english', section_path), 'C')) STORED,
            FOREIGN KEY (set_id, version) REFERENCES label_versions (set_id, version)
        );
        CREATE INDEX ix_label_passages_label ON label_passages (set_id, version, ordinal);
        CREATE INDEX ix_label_passages_search ON label_passages USING GIN (search) WHERE is_current;

        -- Little-endian float32, the SQLite BLOB layout. A pgvector column (or an external vector index such as
        -- Azure AI Search) would replace this table behind IRetrievalIndex; see PostgresLabelStore. No foreign key:
        -- a vector is only ever written with its passage, in the same transaction, and the per-row check would cost
        -- as much as the insert itself in a bulk load.
        CREATE TABLE label_passage_vectors (
            passage_id  TEXT COLLATE "C" PRIMARY KEY,
            vector      BYTEA NOT NULL
        );

        -- BM25 document frequencies over current passages, kept in step with every save (see PostgresLexicalSearch).
        -- Free space on each page lets the counters be updated in place (HOT), without new index entries.
        CREATE TABLE label_term_stats (
            lexeme     TEXT COLLATE "C" PRIMARY KEY,
            doc_count  INTEGER NOT NULL
        ) WITH (fillfactor = 70);

        -- One row: the generation other processes poll, and the corpus size BM25 needs. Every write locks this row
        -- first, so writers are serialised store-wide (like SQLite's single writer) while readers never wait.
        CREATE TABLE label_store_meta (
            singleton         BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
            generation        BIGINT NOT NULL,
            current_passages  BIGINT NOT NULL,
            current_tokens    BIGINT NOT NULL
        );
        INSERT INTO label_store_meta (generation, current_passages, current_tokens) VALUES (0, 0, 0);
        """,

        // 2: vectors by the hash of the embedded text (the SQLite store's text_vectors): identical passage texts are
        // embedded once. A passage without a label_passage_vectors row is searched by full text alone until filled.
        """
        CREATE TABLE label_text_vectors (
            text_hash  TEXT COLLATE "C" PRIMARY KEY,
            vector     BYTEA NOT NULL
        );
        """,

        // 3: where the copy came from ('Spl' or 'OpenFda') and the sections an incomplete copy lacks (newline-separated;
        // NULL when complete), as in SQLite schema version 4.
        """
        ALTER TABLE label_versions ADD COLUMN source TEXT NOT NULL DEFAULT 'Spl';
        ALTER TABLE label_versions ADD COLUMN missing_sections TEXT;
        """,
    ];
}
