using LabelBot.Bot.Storage;
using LabelBot.Bot.Storage.Sqlite;

namespace LabelBot.Bot.Handoff;

/// <summary>The pharmacist queue (<see cref="EscalationQueue"/>) in the host's SQLite file: its tables.</summary>
public sealed class SqliteEscalationQueue(BotDatabase database, TimeProvider clock)
    : EscalationQueue(new SqliteBotTables(database, Component, Migrations), clock)
{
    private static readonly string[] Migrations =
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
}
