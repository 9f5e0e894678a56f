using LabelBot.Core.Storage;

namespace LabelBot.Storage.Sqlite;

/// <summary>
/// The DDL of the host's tables in the SQLite file, per <see cref="BotTableSet"/>: ordered migrations, the first of each
/// the <c>CREATE … IF NOT EXISTS</c> earlier builds ran unversioned (so their files upgrade in place). Times are ISO-8601
/// text, flags 0/1, id lists newline-joined text (<see cref="SqliteBotTables"/>).
/// </summary>
internal static class SqliteBotSchema
{
    private static readonly string[] Escalation =
    [
        """
        CREATE TABLE IF NOT EXISTS bot_escalation_cases (
            id TEXT PRIMARY KEY,
            created_utc TEXT NOT NULL,
            updated_utc TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            conversation_key TEXT NOT NULL,
            route TEXT NOT NULL,
            conversation_reference TEXT NOT NULL,
            reason TEXT NOT NULL,
            urgency INTEGER NOT NULL,
            adverse_event INTEGER NOT NULL,
            status TEXT NOT NULL,
            claimed_by TEXT NULL,
            claimed_utc TEXT NULL,
            closed_utc TEXT NULL,
            closed_by TEXT NULL,
            last_message_role TEXT NULL,
            transcript_json TEXT NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_bot_escalation_cases_open ON bot_escalation_cases (conversation_key) WHERE status <> 'closed';
        CREATE INDEX IF NOT EXISTS ix_bot_escalation_cases_queue ON bot_escalation_cases (status, urgency, created_utc);
        CREATE TABLE IF NOT EXISTS bot_escalation_messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id TEXT NOT NULL,
            at_utc TEXT NOT NULL,
            role TEXT NOT NULL,
            author TEXT NULL,
            kind TEXT NULL,
            answer_id TEXT NULL,
            text TEXT NOT NULL,
            citations_json TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_escalation_messages_case ON bot_escalation_messages (case_id, id);
        CREATE TABLE IF NOT EXISTS bot_escalation_audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id TEXT NOT NULL,
            at_utc TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_escalation_audit_case ON bot_escalation_audit (case_id, id);
        """,
    ];

    private static readonly string[] Transcripts =
    [
        """
        CREATE TABLE IF NOT EXISTS bot_transcripts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation_key TEXT NOT NULL,
            at_utc TEXT NOT NULL,
            role TEXT NOT NULL,
            kind TEXT NULL,
            answer_id TEXT NULL,
            author TEXT NULL,
            text TEXT NOT NULL,
            citations_json TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_transcripts_conversation ON bot_transcripts (conversation_key, id);
        CREATE INDEX IF NOT EXISTS ix_bot_transcripts_at ON bot_transcripts (at_utc);
        """,
    ];

    // PRIVACY: rows written before reasons were codes held typed text; the second migration replaces it by "other".
    private static readonly string[] Feedback =
    [
        """
        CREATE TABLE IF NOT EXISTS bot_feedback (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_utc TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            conversation_hash TEXT NOT NULL,
            answer_id TEXT NOT NULL,
            answer_kind TEXT NOT NULL,
            helpful INTEGER NOT NULL,
            reason TEXT NULL,
            passage_ids TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_feedback_created ON bot_feedback (created_utc);
        """,
        BotTableSets.RedactFeedbackReasons,
    ];

    // token_hash / token_expires_utc of the conversation row are the first token's (kept for databases made before
    // bot_directline_tokens); every lookup goes through bot_directline_tokens.
    private static readonly string[] DirectLine =
    [
        """
        CREATE TABLE IF NOT EXISTS bot_directline_conversations (
            id TEXT PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            user_id TEXT NOT NULL,
            token_expires_utc TEXT NOT NULL,
            started INTEGER NOT NULL DEFAULT 0,
            next_position INTEGER NOT NULL DEFAULT 0,
            last_activity_utc TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_directline_conversations_last ON bot_directline_conversations (last_activity_utc);
        CREATE TABLE IF NOT EXISTS bot_directline_activities (
            conversation_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (conversation_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS bot_directline_tokens (
            token_hash TEXT PRIMARY KEY,
            conversation_id TEXT NOT NULL,
            expires_utc TEXT NOT NULL,
            absolute_expires_utc TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_directline_tokens_conversation ON bot_directline_tokens (conversation_id);
        """,
    ];

    private static readonly string[] Console =
    [
        """
        CREATE TABLE IF NOT EXISTS bot_console_sessions (
            key_hash TEXT PRIMARY KEY,
            ticket BLOB NOT NULL,
            expires_utc TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS bot_data_protection_keys (
            name TEXT PRIMARY KEY,
            xml TEXT NOT NULL
        );
        """,
    ];

    public static BotSchema Schema { get; } = new(Escalation, Transcripts, Feedback, DirectLine, Console);
}
