using LabelBot.Bot.Storage;
using LabelBot.Bot.Storage.Sqlite;

namespace LabelBot.Bot.Feedback;

/// <summary>The feedback store (<see cref="FeedbackStore"/>) in the host's SQLite file: its table.</summary>
public sealed class SqliteFeedbackStore(BotDatabase database) : FeedbackStore(new SqliteBotTables(database, Component, Migrations))
{
    // PRIVACY: rows written before reasons were codes held typed text; the second migration replaces it by "other".
    private static readonly string[] Migrations =
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
        FeedbackRows.RedactFreeTextReasonsSql,
    ];

    private protected override object PassageIds(IReadOnlyList<string> passageIds) => FeedbackRows.JoinPassageIds(passageIds);
}
