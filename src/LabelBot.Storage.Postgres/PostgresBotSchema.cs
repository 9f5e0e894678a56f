using LabelBot.Core.Storage;

namespace LabelBot.Storage.Postgres;

/// <summary>
/// The DDL of the host's tables in the shared PostgreSQL database, per <see cref="BotTableSet"/>: ordered migrations run
/// under the advisory lock (<see cref="PostgresDatabase"/>). Times are TIMESTAMPTZ, flags BOOLEAN, id lists TEXT[].
/// </summary>
internal static class PostgresBotSchema
{
    private static readonly string[] Escalation =
    [
        """
        CREATE TABLE IF NOT EXISTS bot_escalation_cases (
            id TEXT PRIMARY KEY,
            created_utc TIMESTAMPTZ NOT NULL,
            updated_utc TIMESTAMPTZ NOT NULL,
            channel_id TEXT NOT NULL,
            conversation_key TEXT NOT NULL,
            route TEXT NOT NULL,
            conversation_reference TEXT NOT NULL,
            reason TEXT NOT NULL,
            urgency INTEGER NOT NULL,
            adverse_event BOOLEAN NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('waiting', 'claimed', 'answered', 'closed')),
            claimed_by TEXT NULL,
            claimed_utc TIMESTAMPTZ NULL,
            closed_utc TIMESTAMPTZ NULL,
            closed_by TEXT NULL,
            last_message_role TEXT NULL,
            transcript_json TEXT NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_bot_escalation_cases_open ON bot_escalation_cases (conversation_key) WHERE status <> 'closed';
        CREATE INDEX IF NOT EXISTS ix_bot_escalation_cases_queue ON bot_escalation_cases (status, urgency, created_utc, id);
        CREATE TABLE IF NOT EXISTS bot_escalation_messages (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES bot_escalation_cases (id),
            at_utc TIMESTAMPTZ NOT NULL,
            role TEXT NOT NULL,
            author TEXT NULL,
            kind TEXT NULL,
            answer_id TEXT NULL,
            text TEXT NOT NULL,
            citations_json TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_escalation_messages_case ON bot_escalation_messages (case_id, id);
        CREATE TABLE IF NOT EXISTS bot_escalation_audit (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            case_id TEXT NOT NULL,
            at_utc TIMESTAMPTZ NOT NULL,
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
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            conversation_key TEXT NOT NULL,
            at_utc TIMESTAMPTZ NOT NULL,
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

    // PRIVACY: the second migration replaces the typed reasons kept before reasons were codes by "other".
    private static readonly string[] Feedback =
    [
        """
        CREATE TABLE IF NOT EXISTS bot_feedback (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            created_utc TIMESTAMPTZ NOT NULL,
            channel_id TEXT NOT NULL,
            conversation_hash TEXT NOT NULL,
            answer_id TEXT NOT NULL,
            answer_kind TEXT NOT NULL,
            helpful BOOLEAN NOT NULL,
            reason TEXT NULL,
            passage_ids TEXT[] NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_feedback_created ON bot_feedback (created_utc);
        CREATE INDEX IF NOT EXISTS ix_bot_feedback_not_helpful ON bot_feedback (id) WHERE NOT helpful;
        """,
        BotTableSets.RedactFeedbackReasons,
    ];

    private static readonly string[] DirectLine =
    [
        """
        CREATE TABLE IF NOT EXISTS bot_directline_conversations (
            id TEXT PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            user_id TEXT NOT NULL,
            token_expires_utc TIMESTAMPTZ NOT NULL,
            started BOOLEAN NOT NULL DEFAULT FALSE,
            next_position BIGINT NOT NULL DEFAULT 0,
            last_activity_utc TIMESTAMPTZ NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_directline_conversations_last ON bot_directline_conversations (last_activity_utc);
        CREATE TABLE IF NOT EXISTS bot_directline_activities (
            conversation_id TEXT NOT NULL REFERENCES bot_directline_conversations (id) ON DELETE CASCADE,
            position BIGINT NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (conversation_id, position)
        );
        """,
        // Tokens rotate on refresh: the conversation row's token columns keep the first one, lookups use this table.
        """
        CREATE TABLE IF NOT EXISTS bot_directline_tokens (
            token_hash TEXT PRIMARY KEY,
            conversation_id TEXT NOT NULL REFERENCES bot_directline_conversations (id) ON DELETE CASCADE,
            expires_utc TIMESTAMPTZ NOT NULL,
            absolute_expires_utc TIMESTAMPTZ NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bot_directline_tokens_conversation ON bot_directline_tokens (conversation_id);
        """,
    ];

    private static readonly string[] Console =
    [
        """
        CREATE TABLE IF NOT EXISTS bot_console_sessions (
            key_hash TEXT PRIMARY KEY,
            ticket BYTEA NOT NULL,
            expires_utc TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE IF NOT EXISTS bot_data_protection_keys (
            name TEXT PRIMARY KEY,
            xml TEXT NOT NULL
        );
        """,
    ];

    public static BotSchema Schema { get; } = new(Escalation, Transcripts, Feedback, DirectLine, Console);
}
