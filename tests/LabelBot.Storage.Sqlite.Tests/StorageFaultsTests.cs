using LabelBot.Core.Retrieval;
using LabelBot.Labels;
using LabelBot.Labels.Ingestion;
using LabelBot.Search.Embedding;
using LabelBot.Search.Tests.TestSupport;
using LabelBot.Storage.Sqlite;
using LabelBot.Testing.StorageFaults;

namespace LabelBot.Storage.Sqlite.Tests;

/// <summary>
/// A full disk during ingest, met as a real SQLITE_FULL: the database is capped a few pages above its size
/// (<c>PRAGMA max_page_count</c> through the store's test hook), then real labels are ingested through the real
/// ingestor and store. The failing label must leave nothing behind, earlier labels stay complete and current, the run
/// stops with a one-line reason, and once there is room the same ingest completes.
/// </summary>
public sealed class StorageFaultsTests : IDisposable
{
    // Small real labels: quick to embed, yet each needs many new pages.
    private const string Shampoo = "pyrithione-zinc-69baf948.xml";
    private const string Minoxidil = "minoxidil-1b5e2860.xml";
    private const string Acetaminophen = "acetaminophen-42f0c87c.xml";

    private readonly TempDirectory _temp = new();

    private string Database => _temp.File("labels.db");

    public void Dispose() => _temp.Dispose();

    [CorpusFact]
    public async Task Full_disk_rolls_back_the_failing_label_keeps_earlier_ones_current_and_a_later_ingest_with_room_completes()
    {
        var shampoo = CopyLabel(Shampoo);
        var minoxidil = CopyLabel(Minoxidil);
        var acetaminophen = CopyLabel(Acetaminophen);
        await using (var store = SqliteLabelStore.Open(Database))
        {
            Assert.Equal(1, (await Ingestor(store).IngestAsync([shampoo])).Added);
            var generation = await store.GetGenerationAsync();
            store.MaxPageCount = StorageFaultsAudit.PageCount(Database) + 2;

            var report = await Ingestor(store).IngestAsync([minoxidil, acetaminophen]);

            var failed = Assert.Single(report.Files);
            Assert.Equal((minoxidil, IngestStatus.Rejected), (failed.Path, failed.Status));
            Assert.StartsWith($"could not store label: the label database {Database} is full", failed.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', failed.Reason!);
            Assert.StartsWith($"the label database {Database} is full", report.StopReason, StringComparison.Ordinal);
            Assert.Equal(1, report.NotAttempted);
            Assert.Equal(generation, await store.GetGenerationAsync());
            var current = Assert.Single(await store.ListLabelsAsync());
            Assert.Equal(SetIdOf(shampoo), current.SetId);
            Assert.NotEmpty(await store.SearchLexicalAsync(["dandruff"], null, 5));
        }
        AssertConsistent(StorageFaultsAudit.Check(Database), shampoo);

        await using (var roomy = SqliteLabelStore.Open(Database))
        {
            var later = await Ingestor(roomy).IngestAsync([shampoo, minoxidil, acetaminophen]);

            Assert.Equal((2, 1, 0), (later.Added, later.Unchanged, later.Rejected));
            Assert.Null(later.StopReason);
        }
        AssertConsistent(StorageFaultsAudit.Check(Database), shampoo, minoxidil, acetaminophen);
    }

    [CorpusFact]
    public async Task Full_disk_while_superseding_keeps_the_old_version_current_and_searchable()
    {
        var original = CopyLabel(Shampoo);
        var version = SplParser.ParseFile(original).Version;
        var newer = _temp.File("shampoo-newer.xml");
        await File.WriteAllTextAsync(newer, (await File.ReadAllTextAsync(original))
            .Replace($"<versionNumber value=\"{version}\"/>", $"<versionNumber value=\"{version + 1}\"/>", StringComparison.Ordinal));
        await using (var store = SqliteLabelStore.Open(Database))
        {
            await Ingestor(store).IngestAsync([original]);
            store.MaxPageCount = StorageFaultsAudit.PageCount(Database) + 1;

            var report = await Ingestor(store).IngestAsync([newer]);

            Assert.Equal(IngestStatus.Rejected, Assert.Single(report.Files).Status);
            Assert.NotNull(report.StopReason);
            var current = Assert.Single(await store.ListLabelsAsync(includeHistory: true));
            Assert.Equal((version, true), (current.Version, current.IsCurrent));
            Assert.NotEmpty(await store.SearchLexicalAsync(["dandruff"], null, 5));
        }
        var audit = StorageFaultsAudit.Check(Database);
        AssertConsistent(audit, original);
        Assert.Equal(version, Assert.Single(audit.Labels).Version);

        await using (var roomy = SqliteLabelStore.Open(Database))
        {
            Assert.Equal(1, (await Ingestor(roomy).IngestAsync([newer])).Superseded);
        }
        audit = StorageFaultsAudit.Check(Database);
        Assert.Empty(audit.Problems);
        Assert.Equal([(version, false), (version + 1, true)], audit.Labels.Select(l => (l.Version, l.IsCurrent)));
    }

    [Fact]
    public async Task Store_reports_a_full_database_as_unavailable_naming_the_file()
    {
        const string setId = "fu11d15c-0000-4000-8000-000000000001";
        var texts = Enumerable.Range(0, 60).Select(i => $"Indication {i}: " + string.Concat(Enumerable.Repeat("relief of minor aches and pains. ", 12))).ToArray();
        var label = HandMadeLabels.Make(setId, 1, extraIndicationTexts: texts);
        await using var store = SqliteLabelStore.Open(Database);
        store.MaxPageCount = StorageFaultsAudit.PageCount(Database);

        var ex = await Assert.ThrowsAsync<LabelStoreUnavailableException>(() => store.SaveAsync(label.Document, label.Passages, label.Embeddings));

        Assert.Equal((LabelStoreFault.Full, Database), (ex.Fault, ex.DatabasePath));
        Assert.IsAssignableFrom<IOException>(ex);
        Assert.Empty(await store.ListLabelsAsync());
        Assert.Null(await store.GetPassageAsync(label.Passages[0].Id));
    }

    private static LabelIngestor Ingestor(SqliteLabelStore store) => new(store, MiniLmEmbedder.Shared);

    private string CopyLabel(string name)
    {
        var path = _temp.File(name);
        File.Copy(SharedCorpus.File(name), path);
        return path;
    }

    private static string SetIdOf(string path) => SplParser.ParseFile(path).SetId;

    /// <summary>No problems, and exactly these labels stored, each with every passage the chunker cuts from it.</summary>
    private static void AssertConsistent(StorageFaultsAudit.Result audit, params string[] labelFiles)
    {
        Assert.True(audit.Problems.Count == 0, audit.ToString());
        var expected = labelFiles.Select(SplParser.ParseFile).ToDictionary(l => l.SetId, l => PassageChunker.Chunk(l).Count);
        Assert.Equal(expected.Keys.Order(), audit.Current.Select(l => l.SetId).Order());
        foreach (var label in audit.Current)
        {
            Assert.True(expected[label.SetId] == label.Passages, audit.ToString());
        }
    }
}
