using LabelBot.Bot.Feedback;
using LabelBot.Postgres;

namespace LabelBot.Bot.Storage.Postgres;

/// <summary>The feedback store (<see cref="FeedbackStore"/>) in the shared PostgreSQL database: its table.</summary>
public sealed class PostgresFeedbackStore(PostgresDatabase database) : FeedbackStore(new PostgresBotTables(database, Component, Migrations))
{
    // PRIVACY: the second migration replaces the typed reasons kept before reasons were codes by "other".
    private static readonly string[] Migrations =
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
        FeedbackRows.RedactFreeTextReasonsSql,
    ];

    private protected override object PassageIds(IReadOnlyList<string> passageIds) => passageIds.ToArray();
}
