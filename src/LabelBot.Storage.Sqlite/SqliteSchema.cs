using LabelBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LabelBot.Storage.Sqlite;

/// <summary>
/// The SQLite label schema as ordered migrations, run by <see cref="SchemaMigrator"/> (component <see cref="Component"/>):
/// <see cref="Migrate"/> brings any older file up to <see cref="CurrentVersion"/> in one transaction; a file from a newer
/// build is refused rather than damaged.
/// </summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        // 1: labels, passages, vectors, and an FTS index over the passages of CURRENT label versions only
        // (superseded passages are removed from the index but kept in `passages` for history and old citations).
        """
        CREATE TABLE labels (
            set_id          TEXT    NOT NULL,
            version         INTEGER NOT NULL,
            document_id     TEXT    NOT NULL,
            effective_date  TEXT    NOT NULL,
            title           TEXT    NOT NULL,
            display_name    TEXT    NOT NULL,
            format          TEXT    NOT NULL,
            labeler         TEXT,
            products_json   TEXT    NOT NULL,
            is_current      INTEGER NOT NULL,
            ingested_at     TEXT    NOT NULL,
            PRIMARY KEY (set_id, version)
        );
        CREATE UNIQUE INDEX ux_labels_current ON labels (set_id) WHERE is_current = 1;

        -- row_id is an explicit INTEGER PRIMARY KEY so VACUUM cannot renumber the rows the FTS index points at.
        CREATE TABLE passages (
            row_id             INTEGER PRIMARY KEY,
            passage_id         TEXT    NOT NULL UNIQUE,
            set_id             TEXT    NOT NULL,
            version            INTEGER NOT NULL,
            ordinal            INTEGER NOT NULL,
            section_code       TEXT    NOT NULL,
            section_number     TEXT    NOT NULL,
            section_title      TEXT    NOT NULL,
            top_section_code   TEXT    NOT NULL,
            top_section_title  TEXT    NOT NULL,
            section_path       TEXT    NOT NULL,
            text               TEXT    NOT NULL,
            FOREIGN KEY (set_id, version) REFERENCES labels (set_id, version)
        );
        CREATE INDEX ix_passages_label ON passages (set_id, version, ordinal);

        CREATE TABLE passage_vectors (
            passage_id  TEXT PRIMARY KEY REFERENCES passages (passage_id),
            vector      BLOB NOT NULL
        );

        -- section_path ("4 CONTRAINDICATIONS > 4.3 Pregnancy") lets a subsection match the words of its parents.
        CREATE VIRTUAL TABLE passages_fts USING fts5 (
            text, section_title, section_path,
            content = 'passages', content_rowid = 'row_id',
            tokenize = 'porter unicode61'
        );

        CREATE TABLE store_meta (
            key    TEXT PRIMARY KEY,
            value  INTEGER NOT NULL
        );
        INSERT INTO store_meta (key, value) VALUES ('generation', 0);
        """,

        // 2: a label set that disappeared from a full DailyMed release is marked withdrawn (yyyy-MM-dd) on its current
        // version, never deleted.
        """
        ALTER TABLE labels ADD COLUMN withdrawn_on TEXT;
        """,

        // 3: vectors by the hash of the embedded text, so identical passage texts (across labels and versions) are
        // embedded once. passage_vectors stays the retriever's table; a passage without a row there is searched by
        // BM25 alone until the background fill gives it one.
        """
        CREATE TABLE text_vectors (
            text_hash  TEXT PRIMARY KEY,
            vector     BLOB NOT NULL
        ) WITHOUT ROWID;
        """,

        // 4: where the copy came from ('Spl' or 'OpenFda': an SPL file replaces an openFDA record of the same version) and,
        // for an incomplete copy, the titles of the sections it lacks (newline-separated; NULL when complete).
        """
        ALTER TABLE labels ADD COLUMN source TEXT NOT NULL DEFAULT 'Spl';
        ALTER TABLE labels ADD COLUMN missing_sections TEXT;
        """,
    ];

    public static int CurrentVersion => Migrations.Length;

    /// <summary>The label store's component: the same name as the PostgreSQL label schema's.</summary>
    public const string Component = "labels";

    // Builds before labelbot_schema kept the version in the one-row table schema_version: it is taken over in place.
    private static readonly SchemaComponent Labels = new(Component, Migrations, LegacyVersionTable: "schema_version");

    public static void Migrate(SqliteConnection connection) => SqliteSchemaBackend.Migrate(connection, Labels);
}
