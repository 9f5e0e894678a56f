using LabelBot.Core.Answering;
using LabelBot.Testing;

namespace LabelBot.Runtime.Tests;

/// <summary>
/// The whole runtime (ingest, product resolution, hybrid retrieval, answering, conversation focus) on PostgreSQL gives
/// exactly the answers it gives on SQLite: the provider is a storage choice, never a behaviour change.
/// </summary>
public sealed class PostgresRuntimeTests
{
    private static readonly string[] Labels = ["naloxone-hcl-ebf0f833.xml", "minoxidil-1b5e2860.xml"];

    private static readonly string[] Questions =
    [
        "What is Kloxxado used for?",
        "What are the side effects of Kloxxado?",
        "Is Kloxxado safe during pregnancy?",
        "How much Kloxxado should I give my husband?",
        "Does Rogaine cause unwanted facial hair?",
        "What does the Kloxxado label say about driving a truck at night?",
        "Tell me about baclofen",
        "I took too many pills and can't breathe",
    ];

    private static bool SameWords(string a, string b) =>
        a.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)
            .SequenceEqual(b.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal), StringComparer.Ordinal);

    [PostgresFact]
    public async Task Answers_on_PostgreSQL_match_SQLite_question_for_question_and_follow_ups_keep_their_focus_across_runtimes()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("runtime");
        var folder = RepositoryPaths.NewTempFolder("pg-runtime");
        try
        {
            var seed = Directory.CreateDirectory(Path.Combine(folder, "labels")).FullName;
            foreach (var label in Labels)
            {
                File.Copy(Path.Combine(RepositoryPaths.LabelsFolder, label), Path.Combine(seed, label));
            }
            var sqliteOptions = new RuntimeOptions(Path.Combine(folder, "labels.db"));
            var postgresOptions = new RuntimeOptions(Path.Combine(folder, "unused.db"))
            {
                Storage = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = database.ConnectionString },
            };

            await using (var sqlite = await LabelBotRuntime.OpenAsync(sqliteOptions))
            await using (var postgres = await LabelBotRuntime.OpenAsync(postgresOptions))
            {
                Assert.Equal(2, await sqlite.EnsureSeededAsync(seed));
                Assert.Equal(2, await postgres.EnsureSeededAsync(seed));
                Assert.StartsWith("PostgreSQL ", postgres.StoreDescription, StringComparison.Ordinal);
                Assert.DoesNotContain(Path.Combine(folder, "unused.db"), postgres.StoreDescription, StringComparison.Ordinal);

                var kinds = new HashSet<AnswerKind>();
                foreach (var question in Questions)
                {
                    var expected = await sqlite.Engine.AnswerAsync(new AnswerRequest(question));
                    var actual = await postgres.Engine.AnswerAsync(new AnswerRequest(question));
                    kinds.Add(actual.Kind);
                    Assert.True(expected.Kind == actual.Kind, $"{question}: SQLite {expected.Kind}, PostgreSQL {actual.Kind}");
                    // Ties in ranking may order equally relevant passages differently (BM25 vs ts_rank); what is said and
                    // cited must be the same.
                    Assert.True(SameWords(expected.Text, actual.Text), $"{question}\n--- SQLite:\n{expected.Text}\n--- PostgreSQL:\n{actual.Text}");
                    Assert.Equal(expected.Citations.Select(c => c.PassageId).Order(StringComparer.Ordinal), actual.Citations.Select(c => c.PassageId).Order(StringComparer.Ordinal));
                }
                // The comparison is only meaningful if the questions exercised several routes.
                Assert.Contains(AnswerKind.Answer, kinds);
                Assert.Contains(AnswerKind.DosingRedirect, kinds);
                Assert.Contains(AnswerKind.OutOfScope, kinds);
                Assert.Contains(AnswerKind.Emergency, kinds);

                var first = await postgres.Engine.AnswerAsync(new AnswerRequest("What is Kloxxado used for?", "pg-conversation"));
                Assert.Equal(AnswerKind.Answer, first.Kind);
            }

            // A second runtime (another process or host) picks the conversation's focus up from PostgreSQL.
            await using var again = await LabelBotRuntime.OpenAsync(postgresOptions);
            var followUp = await again.Engine.AnswerAsync(new AnswerRequest("What are its warnings?", "pg-conversation"));
            Assert.Equal(AnswerKind.Answer, followUp.Kind);
            Assert.All(followUp.Citations, c => Assert.Equal("ebf0f833-c1c0-487c-8f29-01fa8c61b6cb", c.SetId));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
