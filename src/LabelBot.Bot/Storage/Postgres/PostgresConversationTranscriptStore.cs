using LabelBot.Bot.Conversations;
using LabelBot.Bot.Handoff;
using LabelBot.Postgres;

namespace LabelBot.Bot.Storage.Postgres;

/// <summary>The transcript store (<see cref="ConversationTranscriptStore"/>) in the shared PostgreSQL database: its table.</summary>
public sealed class PostgresConversationTranscriptStore(PostgresDatabase database, EscalationOptions options)
    : ConversationTranscriptStore(new PostgresBotTables(database, Component, Migrations), options)
{
    private static readonly string[] Migrations =
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
}
