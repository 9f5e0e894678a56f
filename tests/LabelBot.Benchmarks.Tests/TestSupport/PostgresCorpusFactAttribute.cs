
namespace LabelBot.Benchmarks.Tests.TestSupport;

/// <summary>A fact that needs both PostgreSQL and the real SPL corpus; skipped with the missing one's message.</summary>
internal sealed class PostgresCorpusFactAttribute : FactAttribute
{
    public PostgresCorpusFactAttribute()
    {
        if (!PostgresTestDatabase.IsConfigured)
        {
            Skip = PostgresTestDatabase.MissingMessage;
        }
        else if (SharedCorpus.Folder is null)
        {
            Skip = SharedCorpus.MissingMessage;
        }
    }
}
