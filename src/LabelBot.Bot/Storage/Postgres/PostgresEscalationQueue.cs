using LabelBot.Bot.Handoff;
using LabelBot.Postgres;

namespace LabelBot.Bot.Storage.Postgres;

/// <summary>The pharmacist queue (<see cref="EscalationQueue"/>) in the shared PostgreSQL database, for several host processes at once: its tables.</summary>
public sealed class PostgresEscalationQueue(PostgresDatabase database, TimeProvider clock)
    : EscalationQueue(new PostgresBotTables(database, Component, Migrations), clock)
{
    private static readonly string[] Migrations =
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
}
