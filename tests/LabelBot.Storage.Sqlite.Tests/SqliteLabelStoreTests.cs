using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.Search.Tests.TestSupport;
using LabelBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LabelBot.Storage.Sqlite.Tests;

public sealed class SqliteLabelStoreTests : IDisposable
{
    private const string SetA = "aaaaaaaa-1111-2222-3333-444444444444";
    private const string SetB = "bbbbbbbb-1111-2222-3333-444444444444";

    private readonly TempDirectory _temp = new();
    private readonly SqliteLabelStore _store;

    public SqliteLabelStoreTests() => _store = SqliteLabelStore.Open(_temp.File("labels.db"));

    public void Dispose()
    {
        _store.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task First_version_is_added_and_current()
    {
        var label = HandMadeLabels.Make(SetA, 3);

        var outcome = await _store.SaveAsync(label.Document, label.Passages, label.Embeddings);

        Assert.Equal(IngestStatus.Added, outcome.Status);
        var listed = Assert.Single(await _store.ListLabelsAsync());
        Assert.Equal(3, listed.Version);
        Assert.True(listed.IsCurrent);
        Assert.Equal(2, listed.PassageCount);
        Assert.Equal("TESTAMOL (testamol hydrochloride)", listed.DisplayName);
        Assert.Equal(["ORAL"], listed.Products.Single().Routes);
        Assert.Equal(label.Document.EffectiveDate, listed.EffectiveDate);
        Assert.True(await _store.HasVersionAsync(SetA, 3));
        Assert.True(await _store.HasVersionAsync(SetA, 2));
        Assert.False(await _store.HasVersionAsync(SetA, 4));
    }

    [Fact]
    public async Task Newer_version_supersedes_and_keeps_the_old_one_as_history_only()
    {
        var v1 = HandMadeLabels.Make(SetA, 1);
        var v2 = HandMadeLabels.Make(SetA, 2);
        await _store.SaveAsync(v1.Document, v1.Passages, v1.Embeddings);

        var outcome = await _store.SaveAsync(v2.Document, v2.Passages, v2.Embeddings);

        Assert.Equal(IngestStatus.Superseded, outcome.Status);
        var current = Assert.Single(await _store.ListLabelsAsync());
        Assert.Equal(2, current.Version);
        var history = await _store.ListLabelsAsync(includeHistory: true);
        Assert.Equal([2, 1], history.Select(h => h.Version));
        Assert.False(history.Single(h => h.Version == 1).IsCurrent);

        // Current passages come only from version 2, in every read path.
        Assert.All(await _store.GetPassagesAsync(SetA), p => Assert.Equal(2, p.Version));
        var lexical = await _store.SearchLexicalAsync(["headache"], null, 10);
        Assert.Equal([v2.Passages[0].Id], lexical.Select(h => h.PassageId));
        var vectors = await _store.LoadCurrentVectorsAsync(SetA);
        Assert.Equal(v2.Passages.Select(p => p.Id), vectors!.Passages.Select(p => p.Id));

        // The old passage is still resolvable by id (old citations keep working).
        var old = await _store.GetPassageAsync(v1.Passages[0].Id);
        Assert.Equal(1, old!.Version);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(4)]
    public async Task Equal_or_older_version_is_unchanged_and_writes_nothing(int incoming)
    {
        var stored = HandMadeLabels.Make(SetA, 5);
        await _store.SaveAsync(stored.Document, stored.Passages, stored.Embeddings);
        var generation = await _store.GetGenerationAsync();
        var other = HandMadeLabels.Make(SetA, incoming, extraIndicationTexts: "A passage that must not be stored.");

        var outcome = await _store.SaveAsync(other.Document, other.Passages, other.Embeddings);

        Assert.Equal(IngestStatus.Unchanged, outcome.Status);
        Assert.Equal(generation, await _store.GetGenerationAsync());
        var listed = Assert.Single(await _store.ListLabelsAsync(includeHistory: true));
        Assert.Equal(5, listed.Version);
        Assert.Equal(2, (await _store.GetPassagesAsync(SetA)).Count);
        Assert.Empty(await _store.SearchLexicalAsync(["must", "stored"], null, 10));
    }

    [Fact]
    public async Task A_failure_half_way_rolls_the_whole_label_back()
    {
        var label = HandMadeLabels.Make(SetA, 1);
        // The second passage reuses the first one's id: the UNIQUE constraint fails after the label row and the
        // first passage were written inside the transaction.
        var broken = label.Passages.Select((p, i) => i == 1 ? p with { Id = label.Passages[0].Id } : p).ToList();

        await Assert.ThrowsAsync<SqliteException>(() => _store.SaveAsync(label.Document, broken, label.Embeddings));

        Assert.Empty(await _store.ListLabelsAsync(includeHistory: true));
        Assert.Null(await _store.GetPassageAsync(label.Passages[0].Id));
        Assert.Empty(await _store.SearchLexicalAsync(["headache"], null, 10));
        Assert.Equal(0, await _store.GetGenerationAsync());

        // The store is still usable and the same label saves cleanly afterwards.
        Assert.Equal(IngestStatus.Added, (await _store.SaveAsync(label.Document, label.Passages, label.Embeddings)).Status);
    }

    [Fact]
    public async Task A_failed_supersede_leaves_the_previous_version_current_and_searchable()
    {
        var v1 = HandMadeLabels.Make(SetA, 1);
        await _store.SaveAsync(v1.Document, v1.Passages, v1.Embeddings);
        var v2 = HandMadeLabels.Make(SetA, 2);
        // Reusing a version-1 passage id makes the insert fail after version 1 was already retired in the transaction.
        var broken = v2.Passages.Select((p, i) => i == 1 ? p with { Id = v1.Passages[0].Id } : p).ToList();

        await Assert.ThrowsAsync<SqliteException>(() => _store.SaveAsync(v2.Document, broken, v2.Embeddings));

        var current = Assert.Single(await _store.ListLabelsAsync(includeHistory: true));
        Assert.Equal(1, current.Version);
        Assert.True(current.IsCurrent);
        Assert.Equal([v1.Passages[0].Id], (await _store.SearchLexicalAsync(["headache"], null, 10)).Select(h => h.PassageId));
    }

    [Fact]
    public async Task Cancellation_during_save_rolls_back()
    {
        var label = HandMadeLabels.Make(SetA, 1);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.SaveAsync(label.Document, label.Passages, label.Embeddings, cancelled.Token));

        Assert.Empty(await _store.ListLabelsAsync(includeHistory: true));
    }

    [Fact]
    public async Task Passages_and_embeddings_must_pair_up()
    {
        var label = HandMadeLabels.Make(SetA, 1);

        await Assert.ThrowsAsync<ArgumentException>(() => _store.SaveAsync(label.Document, label.Passages, label.Embeddings.Take(1).ToList()));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.SaveAsync(label.Document, label.Passages, [new float[384], new float[12]]));
        var foreign = label.Passages.Select(p => p with { SetId = SetB }).ToList();
        await Assert.ThrowsAsync<ArgumentException>(() => _store.SaveAsync(label.Document, foreign, label.Embeddings));
        Assert.Empty(await _store.ListLabelsAsync(includeHistory: true));
    }

    [Fact]
    public async Task Vectors_are_stored_exactly_and_survive_reopening()
    {
        var label = HandMadeLabels.Make(SetA, 1);
        await _store.SaveAsync(label.Document, label.Passages, label.Embeddings);
        _store.Dispose();

        using var reopened = SqliteLabelStore.Open(_temp.File("labels.db"));
        var vectors = await reopened.LoadCurrentVectorsAsync(SetA);

        Assert.NotNull(vectors);
        Assert.Equal(label.Embeddings.SelectMany(e => e), vectors.Vectors);
        Assert.Null(await reopened.LoadCurrentVectorsAsync(SetB));
    }

    [Fact]
    public async Task The_database_uses_WAL_and_records_its_schema_version()
    {
        var label = HandMadeLabels.Make(SetA, 1);
        await _store.SaveAsync(label.Document, label.Passages, label.Embeddings);

        using var connection = new SqliteConnection($"Data Source={_store.FilePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar() as string);
        command.CommandText = "SELECT version FROM labelbot_schema WHERE component = 'labels';";
        Assert.Equal((long)SqliteLabelStore.SchemaVersion, command.ExecuteScalar());
    }

    [Fact]
    public async Task A_database_from_a_newer_build_is_refused()
    {
        var path = _temp.File("future.db");
        using (SqliteLabelStore.Open(path))
        {
        }
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE labelbot_schema SET version = 999 WHERE component = 'labels';";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidOperationException>(() => SqliteLabelStore.Open(path));
        Assert.Contains("999", error.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Passages_can_be_filtered_by_top_section()
    {
        var label = HandMadeLabels.Make(SetA, 1, extraIndicationTexts: "Testamol is indicated for testing.");
        await _store.SaveAsync(label.Document, label.Passages, label.Embeddings);

        var overdose = await _store.GetPassagesAsync(SetA, [SectionCodes.Overdosage]);
        var two = await _store.GetPassagesAsync(SetA, [SectionCodes.Overdosage, SectionCodes.IndicationsAndUsage]);

        Assert.Equal([SectionCodes.Overdosage], overdose.Select(p => p.TopSectionCode));
        Assert.Equal(2, two.Count);
        Assert.Equal(3, (await _store.GetPassagesAsync(SetA)).Count);
        Assert.Empty(await _store.GetPassagesAsync(SetB));
    }

    [Fact]
    public async Task Readers_run_while_labels_are_being_written()
    {
        var labels = Enumerable.Range(0, 6)
            .Select(i => HandMadeLabels.Make($"{i:D8}-aaaa-bbbb-cccc-dddddddddddd", 1))
            .ToList();
        using var done = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            foreach (var label in labels)
            {
                await _store.SaveAsync(label.Document, label.Passages, label.Embeddings);
            }
        });
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var reads = 0;
            while (!writer.IsCompleted || reads < 5)
            {
                var listed = await _store.ListLabelsAsync();
                foreach (var label in listed)
                {
                    // A listed label is always complete: never half-written.
                    Assert.Equal(2, (await _store.GetPassagesAsync(label.SetId)).Count);
                }
                await _store.SearchLexicalAsync(["headache"], null, 5);
                reads++;
            }
            return reads;
        })).ToList();

        await writer;
        var counts = await Task.WhenAll(readers);

        Assert.All(counts, c => Assert.True(c >= 5));
        Assert.Equal(labels.Count, (await _store.ListLabelsAsync()).Count);
    }
}
