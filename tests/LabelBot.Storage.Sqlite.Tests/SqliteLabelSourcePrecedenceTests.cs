using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.Search.Tests.TestSupport;
using LabelBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LabelBot.Storage.Sqlite.Tests;

/// <summary>
/// One set id from two sources (SPL file, openFDA record) on the real SQLite store: the higher version wins; at the same
/// version the SPL file wins; a record stating no version never replaces a versioned copy; partial copies keep their
/// missing sections.
/// </summary>
public sealed class SqliteLabelSourcePrecedenceTests : IDisposable
{
    private const string Set = "cccccccc-1111-2222-3333-444444444444";

    private readonly TempDirectory _temp = new();
    private readonly SqliteLabelStore _store;

    public SqliteLabelSourcePrecedenceTests() => _store = SqliteLabelStore.Open(_temp.File("labels.db"));

    public void Dispose()
    {
        _store.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task An_spl_file_replaces_the_openfda_record_of_the_same_version()
    {
        var record = OpenFda(5, missing: ["Precautions"]);
        var spl = HandMadeLabels.Make(Set, 5);
        await Save(record);

        Assert.False(await _store.HasVersionAsync(spl.Document));
        var outcome = await Save(spl);

        Assert.Equal(IngestStatus.Superseded, outcome.Status);
        var current = Assert.Single(await _store.ListLabelsAsync(includeHistory: true));
        Assert.Equal(LabelSource.Spl, current.Source);
        Assert.False(current.IsPartial);
        Assert.Equal(2, (await _store.GetPassagesAsync(Set)).Count);
        Assert.Equal(2, CountRows("passages_fts WHERE passages_fts MATCH 'headache'") + CountRows("passages_fts WHERE passages_fts MATCH 'drowsiness'"));
    }

    [Fact]
    public async Task An_openfda_record_of_the_same_version_leaves_the_spl_file_in_place()
    {
        await Save(HandMadeLabels.Make(Set, 5));
        var record = OpenFda(5);

        Assert.True(await _store.HasVersionAsync(record.Document));
        var outcome = await Save(record);

        Assert.Equal(IngestStatus.Unchanged, outcome.Status);
        Assert.Equal(LabelSource.Spl, Assert.Single(await _store.ListLabelsAsync()).Source);
    }

    [Fact]
    public async Task A_record_without_a_version_never_replaces_a_versioned_copy_and_a_higher_version_wins_whatever_its_source()
    {
        await Save(HandMadeLabels.Make(Set, 1));

        Assert.Equal(IngestStatus.Unchanged, (await Save(OpenFda(LabelVersions.NotStated, missing: ["Description"]))).Status);
        Assert.Equal(IngestStatus.Superseded, (await Save(OpenFda(2))).Status);

        var current = Assert.Single(await _store.ListLabelsAsync());
        Assert.Equal((2, LabelSource.OpenFda), (current.Version, current.Source));
    }

    [Fact]
    public async Task A_partial_record_without_version_or_date_is_stored_as_such()
    {
        await Save(OpenFda(LabelVersions.NotStated, missing: ["Precautions", "How Supplied"], date: LabelVersions.DateNotStated));

        var stored = Assert.Single(await _store.ListLabelsAsync());
        Assert.Equal(LabelVersions.NotStated, stored.Version);
        Assert.Equal(LabelVersions.DateNotStated, stored.EffectiveDate);
        Assert.Equal(["Precautions", "How Supplied"], stored.MissingSections);
        Assert.True(stored.IsPartial);
        Assert.Equal(LabelSource.OpenFda, stored.Source);
    }

    private Task<IngestOutcome> Save(HandMadeLabels.Built label) => _store.SaveAsync(label.Document, label.Passages, label.Embeddings);

    private static HandMadeLabels.Built OpenFda(int version, string[]? missing = null, DateOnly? date = null)
    {
        var built = HandMadeLabels.Make(Set, version);
        var document = built.Document with { EffectiveDate = date ?? built.Document.EffectiveDate };
        return built with { Document = document with { Source = LabelSource.OpenFda, MissingSections = missing ?? [] } };
    }

    private long CountRows(string from)
    {
        using var connection = new SqliteConnection($"Data Source={_store.FilePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM " + from + ";";
        return (long)command.ExecuteScalar()!;
    }
}
