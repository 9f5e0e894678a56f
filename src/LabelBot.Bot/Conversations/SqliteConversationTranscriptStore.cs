using LabelBot.Bot.Handoff;
using LabelBot.Bot.Storage;
using LabelBot.Bot.Storage.Sqlite;

namespace LabelBot.Bot.Conversations;

/// <summary>The transcript store (<see cref="ConversationTranscriptStore"/>) in the host's SQLite file: its table.</summary>
public sealed class SqliteConversationTranscriptStore(BotDatabase database, EscalationOptions options)
    : ConversationTranscriptStore(new SqliteBotTables(database, Component, Migrations), options)
{
    private static readonly string[] Migrations =
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
}
