using System.Data.Common;
using System.Text.RegularExpressions;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.Core.Storage;
using LabelBot.Search.Retrieval;
using LabelBot.Storage.Postgres.Tests.TestSupport;

namespace LabelBot.Storage.Postgres.Tests;

/// <summary>
/// What every label store must do, written once and run against each implementation (SQLite and PostgreSQL
/// subclasses below): versioning, history, withdrawals, passages, full-text search, vectors, and concurrent writers.
/// Each test gets fresh, empty storage.
/// </summary>
[RequiresSplCorpus]
public abstract class LabelStoreContract<TStore> : IAsyncLifetime
    where TStore : class, ILabelHistoryStore, IRetrievalIndex, IAsyncDisposable
{
    private readonly List<TStore> _opened = [];

    /// <summary>The store most tests use.</summary>
    protected TStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await CreateStorageAsync();
        Store = await OpenAnotherStoreAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }
        await DeleteStorageAsync();
    }

    /// <summary>Creates the empty storage (a temp file, a throwaway database).</summary>
    protected abstract Task CreateStorageAsync();

    /// <summary>A new store instance over the same storage, as another process would open it.</summary>
    protected abstract Task<TStore> OpenStoreAsync();

    protected abstract Task DeleteStorageAsync();

    protected async Task<TStore> OpenAnotherStoreAsync()
    {
        var store = await OpenStoreAsync();
        _opened.Add(store);
        return store;
    }

    private Task<IngestOutcome> SaveAsync(SavableLabel label, TStore? store = null, CancellationToken cancellationToken = default) =>
        (store ?? Store).SaveAsync(label.Document, label.Passages, label.Embeddings, cancellationToken);

    [StoreFact]
    public async Task A_real_label_is_added_as_the_current_version_with_its_passages_in_reading_order()
    {
        var label = RealLabels.Load(RealLabels.Ciprofloxacin);

        var outcome = await SaveAsync(label);

        Assert.Equal(new IngestOutcome(label.SetId, label.Document.Version, IngestStatus.Added), outcome);
        var listed = Assert.Single(await Store.ListLabelsAsync());
        Assert.Equal(label.SetId, listed.SetId);
        Assert.Equal(label.Document.Version, listed.Version);
        Assert.Equal(label.Document.EffectiveDate, listed.EffectiveDate);
        Assert.Equal(label.Document.Title, listed.Title);
        Assert.Equal(label.Document.DisplayName, listed.DisplayName);
        Assert.Equal(label.Document.Format, listed.Format);
        Assert.Equal(label.Document.Labeler, listed.Labeler);
        Assert.True(listed.IsCurrent);
        Assert.False(listed.IsWithdrawn);
        Assert.Equal(label.Passages.Count, listed.PassageCount);
        Assert.Equal(label.Document.Products.Select(p => (p.Name, p.GenericName, p.DosageForm, string.Join('|', p.Routes), string.Join('|', p.ActiveIngredients))),
            listed.Products.Select(p => (p.Name, p.GenericName, p.DosageForm, string.Join('|', p.Routes), string.Join('|', p.ActiveIngredients))));
        Assert.Equal(label.Passages, await Store.GetPassagesAsync(label.SetId));
        Assert.True(await Store.HasVersionAsync(label.SetId, label.Document.Version));
        Assert.True(await Store.HasVersionAsync(label.SetId, label.Document.Version - 1));
        Assert.False(await Store.HasVersionAsync(label.SetId, label.Document.Version + 1));
        Assert.False(await Store.HasVersionAsync("00000000-0000-0000-0000-000000000000", 1));
    }

    [StoreFact]
    public async Task Labels_are_listed_by_display_name_without_regard_to_case()
    {
        foreach (var file in new[] { RealLabels.Ciprofloxacin, RealLabels.Ibuprofen, RealLabels.Hepar })
        {
            await SaveAsync(RealLabels.Load(file));
        }

        var listed = await Store.ListLabelsAsync();

        Assert.Equal(3, listed.Count);
        Assert.Equal(
            listed.OrderBy(l => l.DisplayName.ToUpperInvariant(), StringComparer.Ordinal).ThenBy(l => l.SetId, StringComparer.Ordinal).Select(l => l.SetId),
            listed.Select(l => l.SetId));
    }

    [StoreFact]
    public async Task A_newer_version_supersedes_and_the_old_one_stays_as_history()
    {
        var v1 = RealLabels.Load(RealLabels.Ibuprofen, version: 1, marker: "zzfirstmarker");
        var v2 = RealLabels.Load(RealLabels.Ibuprofen, version: 2, marker: "zzsecondmarker");
        await SaveAsync(v1);

        var outcome = await SaveAsync(v2);

        Assert.Equal(IngestStatus.Superseded, outcome.Status);
        Assert.Equal("replaces version 1", outcome.Reason);
        var current = Assert.Single(await Store.ListLabelsAsync());
        Assert.Equal(2, current.Version);
        Assert.Equal([(2, true), (1, false)], (await Store.ListLabelsAsync(includeHistory: true)).Select(l => (l.Version, l.IsCurrent)));
        Assert.Equal([(2, true), (1, false)], (await Store.ListVersionsAsync(v1.SetId)).Select(l => (l.Version, l.IsCurrent)));
        Assert.Equal(v1.Passages, await Store.GetPassagesAsync(v1.SetId, 1));
        Assert.Equal(v2.Passages, await Store.GetPassagesAsync(v1.SetId, 2));
        Assert.Empty(await Store.GetPassagesAsync(v1.SetId, 3));
        Assert.Empty(await Store.ListVersionsAsync("00000000-0000-0000-0000-000000000000"));

        // Every current read path sees version 2 only; the retired version is out of the full-text index.
        Assert.Equal(v2.Passages, await Store.GetPassagesAsync(v1.SetId));
        Assert.Empty(await Store.SearchLexicalAsync(["zzfirstmarker"], null, 10));
        Assert.Equal([v2.Passages[0].Id], (await Store.SearchLexicalAsync(["zzsecondmarker"], null, 10)).Select(h => h.PassageId));
        var vectors = await Store.LoadCurrentVectorsAsync(v1.SetId);
        Assert.Equal(v2.Passages, vectors!.Passages);
        Assert.Equal(2, vectors.Label.Version);
    }

    [StoreFact]
    public async Task An_equal_or_older_version_is_unchanged_and_writes_nothing()
    {
        var stored = RealLabels.Load(RealLabels.Hepar, version: 5);
        await SaveAsync(stored);
        var generation = await Store.GetGenerationAsync();

        var same = await SaveAsync(RealLabels.Load(RealLabels.Hepar, version: 5, marker: "zzmustnotbestored"));
        var older = await SaveAsync(RealLabels.Load(RealLabels.Hepar, version: 4, marker: "zzmustnotbestored"));

        Assert.Equal(new IngestOutcome(stored.SetId, 5, IngestStatus.Unchanged, "this version is already stored"), same);
        Assert.Equal(new IngestOutcome(stored.SetId, 4, IngestStatus.Unchanged, "a newer version (5) is already stored"), older);
        Assert.Equal(generation, await Store.GetGenerationAsync());
        Assert.Equal([5], (await Store.ListLabelsAsync(includeHistory: true)).Select(l => l.Version));
        Assert.Equal(stored.Passages, await Store.GetPassagesAsync(stored.SetId));
        Assert.Empty(await Store.SearchLexicalAsync(["zzmustnotbestored"], null, 10));
        Assert.Empty(await Store.GetPassagesAsync(stored.SetId, 4));
    }

    [StoreFact]
    public async Task An_spl_file_replaces_the_openfda_record_of_its_version_and_a_record_without_a_version_replaces_nothing()
    {
        var record = RealLabels.Load(RealLabels.Hepar, version: 5, marker: "zzopenfdacopy");
        record = record with { Document = record.Document with { Source = LabelSource.OpenFda, MissingSections = ["Description"] } };
        var spl = RealLabels.Load(RealLabels.Hepar, version: 5, marker: "zzsplcopy");
        var unversioned = RealLabels.Load(RealLabels.Hepar, version: LabelVersions.NotStated, marker: "zzunversioned");
        unversioned = unversioned with { Document = unversioned.Document with { Source = LabelSource.OpenFda } };
        await SaveAsync(record);
        var partial = Assert.Single(await Store.ListLabelsAsync());
        Assert.Equal((LabelSource.OpenFda, true), (partial.Source, partial.IsPartial));

        var replaced = await SaveAsync(spl);
        var ignored = await SaveAsync(unversioned);
        var again = await SaveAsync(record);

        Assert.Equal(IngestStatus.Superseded, replaced.Status);
        Assert.Equal((IngestStatus.Unchanged, IngestStatus.Unchanged), (ignored.Status, again.Status));
        var current = Assert.Single(await Store.ListLabelsAsync(includeHistory: true));
        Assert.Equal((5, LabelSource.Spl, false), (current.Version, current.Source, current.IsPartial));
        Assert.Equal(spl.Passages, await Store.GetPassagesAsync(spl.SetId));
        Assert.Empty(await Store.SearchLexicalAsync(["zzopenfdacopy"], null, 10));
        Assert.Empty(await Store.SearchLexicalAsync(["zzunversioned"], null, 10));
        Assert.Equal([spl.Passages[0].Id], (await Store.SearchLexicalAsync(["zzsplcopy"], null, 10)).Select(h => h.PassageId));
    }

    [StoreFact]
    public async Task The_generation_rises_on_every_committed_change_and_another_instance_sees_it()
    {
        var other = await OpenAnotherStoreAsync();
        var start = await Store.GetGenerationAsync();

        await SaveAsync(RealLabels.Load(RealLabels.Hepar, version: 1));
        var afterAdd = await other.GetGenerationAsync();
        await SaveAsync(RealLabels.Load(RealLabels.Hepar, version: 2));
        var afterSupersede = await other.GetGenerationAsync();
        await SaveAsync(RealLabels.Load(RealLabels.Hepar, version: 2));
        var afterUnchanged = await other.GetGenerationAsync();
        await Store.MarkWithdrawnAsync(RealLabels.Load(RealLabels.Hepar).SetId, new DateOnly(2026, 1, 1));
        var afterWithdrawn = await other.GetGenerationAsync();

        Assert.True(afterAdd > start);
        Assert.True(afterSupersede > afterAdd);
        Assert.Equal(afterSupersede, afterUnchanged);
        Assert.True(afterWithdrawn > afterUnchanged);
        Assert.Equal(afterWithdrawn, await Store.GetGenerationAsync());
    }

    [StoreFact]
    public async Task A_withdrawn_label_is_kept_with_its_date_and_can_be_restored()
    {
        var withdrawn = RealLabels.Load(RealLabels.Hepar, version: 1);
        var kept = RealLabels.Load(RealLabels.Ibuprofen);
        await SaveAsync(withdrawn);
        await SaveAsync(RealLabels.Load(RealLabels.Hepar, version: 2));
        await SaveAsync(kept);

        Assert.True(await Store.MarkWithdrawnAsync(withdrawn.SetId, new DateOnly(2026, 2, 2)));
        var listed = (await Store.ListLabelsAsync()).ToDictionary(l => l.SetId);

        Assert.Equal(new DateOnly(2026, 2, 2), listed[withdrawn.SetId].WithdrawnOn);
        Assert.True(listed[withdrawn.SetId].IsCurrent);
        Assert.Null(listed[kept.SetId].WithdrawnOn);
        // The flag describes the set as DailyMed lists it now: on the current version only.
        Assert.Equal([(2, (DateOnly?)new DateOnly(2026, 2, 2)), (1, null)], (await Store.ListVersionsAsync(withdrawn.SetId)).Select(v => (v.Version, v.WithdrawnOn)));
        Assert.NotEmpty(await Store.GetPassagesAsync(withdrawn.SetId));

        Assert.True(await Store.ClearWithdrawnAsync(withdrawn.SetId));
        Assert.Null((await Store.ListLabelsAsync()).Single(l => l.SetId == withdrawn.SetId).WithdrawnOn);
        Assert.False(await Store.MarkWithdrawnAsync("00000000-0000-0000-0000-000000000000", new DateOnly(2026, 2, 2)));
        Assert.False(await Store.ClearWithdrawnAsync("00000000-0000-0000-0000-000000000000"));
    }

    [StoreFact]
    public async Task Passages_can_be_filtered_by_top_section_in_reading_order()
    {
        var label = RealLabels.Load(RealLabels.Ciprofloxacin);
        await SaveAsync(label);
        var topCodes = label.Passages.Select(p => p.TopSectionCode).Distinct().ToList();
        var wanted = new[] { topCodes[1], topCodes[^1] };

        var filtered = await Store.GetPassagesAsync(label.SetId, wanted);

        Assert.True(topCodes.Count >= 3, "a PLR label has several top-level sections");
        Assert.Equal(label.Passages.Where(p => wanted.Contains(p.TopSectionCode)), filtered);
        Assert.Equal(label.Passages, await Store.GetPassagesAsync(label.SetId, []));
        Assert.Empty(await Store.GetPassagesAsync(label.SetId, ["no-such-code"]));
        Assert.Empty(await Store.GetPassagesAsync("00000000-0000-0000-0000-000000000000"));
    }

    [StoreFact]
    public async Task Any_stored_version_of_a_passage_can_be_read_by_its_id()
    {
        var v1 = RealLabels.Load(RealLabels.Hepar, version: 1);
        var v2 = RealLabels.Load(RealLabels.Hepar, version: 2);
        await SaveAsync(v1);
        await SaveAsync(v2);

        Assert.Equal(v1.Passages[^1], await Store.GetPassageAsync(v1.Passages[^1].Id));
        Assert.Equal(v2.Passages[0], await Store.GetPassageAsync(v2.Passages[0].Id));
        Assert.Null(await Store.GetPassageAsync("no-such-passage"));
        Assert.Null(await Store.GetPassageAsync("\"); DROP TABLE labels; --"));
    }

    [StoreFact]
    public async Task Lexical_search_finds_current_passages_best_first_within_the_given_labels()
    {
        var cipro = RealLabels.Load(RealLabels.Ciprofloxacin);
        var ibuprofen = RealLabels.Load(RealLabels.Ibuprofen);
        await SaveAsync(cipro);
        await SaveAsync(ibuprofen);
        var tendonWord = new Regex(@"\btendons?\b", RegexOptions.IgnoreCase);
        var withTendon = cipro.Passages.Concat(ibuprofen.Passages)
            .Where(p => tendonWord.IsMatch(p.Text) || tendonWord.IsMatch(p.SectionTitle) || tendonWord.IsMatch(p.SectionPath))
            .Select(p => p.Id).ToHashSet();

        var hits = await Store.SearchLexicalAsync(["tendon"], null, 1000);
        var both = await Store.SearchLexicalAsync(["tendon", "rupture", "dizziness"], null, 1000);
        var top3 = await Store.SearchLexicalAsync(["tendon", "rupture", "dizziness"], null, 3);
        var onlyIbuprofen = await Store.SearchLexicalAsync(["tendon", "rupture", "dizziness", "stomach"], [ibuprofen.SetId], 1000);

        Assert.NotEmpty(withTendon);
        Assert.Superset(withTendon, hits.Select(h => h.PassageId).ToHashSet());
        Assert.All(hits, h => Assert.Equal(cipro.SetId, h.SetId));
        Assert.Equal(hits.Select(h => h.Bm25).Order(), hits.Select(h => h.Bm25));
        Assert.True(both.Count > hits.Count, "an OR of terms finds more than one of them");
        Assert.Equal(both.Select(h => h.Bm25).Order(), both.Select(h => h.Bm25));
        Assert.Equal(both.Take(3).Select(h => h.Bm25), top3.Select(h => h.Bm25));
        Assert.NotEmpty(onlyIbuprofen);
        Assert.All(onlyIbuprofen, h => Assert.Equal(ibuprofen.SetId, h.SetId));

        // A passage about the words asked outranks one that merely mentions one of them.
        var best = cipro.Passages.Single(p => p.Id == both[0].PassageId);
        Assert.Contains("tendon", best.SectionPath + " " + best.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("rupture", best.SectionPath + " " + best.Text, StringComparison.OrdinalIgnoreCase);

        Assert.Empty(await Store.SearchLexicalAsync([], null, 10));
        Assert.Empty(await Store.SearchLexicalAsync(["tendon"], null, 0));
        Assert.Empty(await Store.SearchLexicalAsync(["tendon"], [], 10));
        Assert.Empty(await Store.SearchLexicalAsync(["tendon"], ["00000000-0000-0000-0000-000000000000"], 10));
    }

    [StoreFact]
    public async Task A_search_within_labels_ranks_exactly_as_the_whole_index_does_after_their_versions_interleave()
    {
        // Cipro v1, ibuprofen, then cipro v2: cipro's current passages were written after ibuprofen's, and a third label
        // stays outside the restriction.
        await SaveAsync(RealLabels.Load(RealLabels.Ciprofloxacin, version: 1));
        var ibuprofen = RealLabels.Load(RealLabels.Ibuprofen);
        await SaveAsync(ibuprofen);
        var cipro = RealLabels.Load(RealLabels.Ciprofloxacin, version: 2);
        await SaveAsync(cipro);
        await SaveAsync(RealLabels.Load(RealLabels.Hepar));
        string[] terms = ["tendon", "rupture", "dizziness", "stomach", "bleeding", "children"];

        var everywhere = await Store.SearchLexicalAsync(terms, null, 10_000);
        var within = await Store.SearchLexicalAsync(terms, [cipro.SetId, ibuprofen.SetId], 10_000);
        var top5 = await Store.SearchLexicalAsync(terms, [ibuprofen.SetId, cipro.SetId], 5);

        var expected = everywhere.Where(h => h.SetId == cipro.SetId || h.SetId == ibuprofen.SetId).ToList();
        Assert.Contains(everywhere, h => h.SetId != cipro.SetId && h.SetId != ibuprofen.SetId);
        Assert.Contains(within, h => h.SetId == cipro.SetId);
        Assert.Contains(within, h => h.SetId == ibuprofen.SetId);
        Assert.Equal(expected.Select(h => h.PassageId).Order(StringComparer.Ordinal), within.Select(h => h.PassageId).Order(StringComparer.Ordinal));
        var current = cipro.Passages.Concat(ibuprofen.Passages).Select(p => p.Id).ToHashSet();
        Assert.All(within, h => Assert.Contains(h.PassageId, current));
        var scores = expected.ToDictionary(h => h.PassageId, h => h.Bm25);
        Assert.All(within, h => Assert.Equal(scores[h.PassageId], h.Bm25, 9));
        Assert.Equal(within.Select(h => h.Bm25).Order(), within.Select(h => h.Bm25));
        Assert.Equal(within.Take(5).Select(h => h.Bm25), top5.Select(h => h.Bm25));
    }

    public static IReadOnlyList<string> HostileInputs { get; } =
    [
        "\"); DROP TABLE labels; --",
        "'; DROP TABLE label_versions; --",
        "*",
        "NEAR(",
        "NEAR(tendon rupture, 2)",
        "\"unbalanced quote",
        "tendon:* & !rupture | (<->",
        "text:tendon",
        "{text section_title}: tendon",
        "AND OR NOT",
        "-tendon",
        "((((((",
        "🙂💊🙂 tendon",
        "a\0b tendon",
        "\ud800 lone surrogate tendon",
        "Ünïcödé ţéxt ℞ µg ½",
        "",
        "   ",
        new string('x', 5_000),
        string.Join(' ', Enumerable.Repeat("tendon rupture dizziness", 5_000 / 25)),
    ];

    [StoreFact]
    public async Task Hostile_input_never_throws_and_never_changes_the_store()
    {
        var label = RealLabels.Load(RealLabels.Ciprofloxacin);
        await SaveAsync(label);
        var generation = await Store.GetGenerationAsync();

        foreach (var input in HostileInputs)
        {
            string[][] termLists =
            [
                [input],
                input.Split(' ', StringSplitOptions.RemoveEmptyEntries),
                [.. QueryTerms.Extract(input)],
            ];
            foreach (var terms in termLists)
            {
                var hits = await Store.SearchLexicalAsync(terms, null, 10);
                Assert.All(hits, h => Assert.Equal(label.SetId, h.SetId));
                await Store.SearchLexicalAsync(terms, [label.SetId, input], 10);
            }
        }

        Assert.Equal(generation, await Store.GetGenerationAsync());
        Assert.Equal(label.Passages, await Store.GetPassagesAsync(label.SetId));
        Assert.NotEmpty(await Store.SearchLexicalAsync(QueryTerms.Extract("\"tendon\" OR 1=1; DROP TABLE labels"), null, 10));
    }

    [StoreFact]
    public async Task Vectors_round_trip_exactly_in_passage_order()
    {
        var label = RealLabels.Load(RealLabels.Ibuprofen);
        await SaveAsync(label);

        var loaded = await (await OpenAnotherStoreAsync()).LoadCurrentVectorsAsync(label.SetId);

        Assert.NotNull(loaded);
        Assert.Equal(384, loaded.Dimensions);
        Assert.Equal(label.Passages, loaded.Passages);
        Assert.Equal(label.Embeddings.SelectMany(e => e), loaded.Vectors);
        Assert.Equal(label.Document.Version, loaded.Label.Version);
        Assert.Equal(label.Passages.Count, loaded.Label.PassageCount);
        Assert.Null(await Store.LoadCurrentVectorsAsync("00000000-0000-0000-0000-000000000000"));
    }

    [StoreFact]
    public async Task Concurrent_saves_of_one_set_id_from_two_instances_leave_exactly_one_current_version()
    {
        var second = await OpenAnotherStoreAsync();
        for (var round = 0; round < 4; round++)
        {
            var setId = $"{round:D8}-cccc-4ccc-8ccc-cccccccccccc";
            var v1 = RealLabels.Load(RealLabels.Hepar, version: 1, setId: setId);
            var v2 = RealLabels.Load(RealLabels.Hepar, version: 2, setId: setId);
            var v3 = RealLabels.Load(RealLabels.Hepar, version: 3, setId: setId);

            var sameVersion = await Task.WhenAll(Task.Run(() => SaveAsync(v1)), Task.Run(() => SaveAsync(v1, second)));
            var newerVersions = await Task.WhenAll(Task.Run(() => SaveAsync(v2)), Task.Run(() => SaveAsync(v3, second)));

            Assert.Equal([IngestStatus.Added, IngestStatus.Unchanged], sameVersion.Select(o => o.Status).Order());
            Assert.Equal(IngestStatus.Superseded, newerVersions[1].Status);
            Assert.Contains(newerVersions[0].Status, new[] { IngestStatus.Superseded, IngestStatus.Unchanged });
            var versions = await Store.ListVersionsAsync(setId);
            var current = Assert.Single(versions, v => v.IsCurrent);
            Assert.Equal(3, current.Version);
            Assert.Equal(v3.Passages, await second.GetPassagesAsync(setId));
        }
        Assert.Equal(4, (await Store.ListLabelsAsync()).Count);
    }

    [StoreFact]
    public async Task A_failure_half_way_rolls_the_whole_label_back()
    {
        var label = RealLabels.Load(RealLabels.Hepar);
        // The second passage reuses the first one's id: the insert fails after the label row was written.
        var broken = label.Passages.Select((p, i) => i == 1 ? p with { Id = label.Passages[0].Id } : p).ToList();
        var generation = await Store.GetGenerationAsync();

        await Assert.ThrowsAnyAsync<DbException>(() => Store.SaveAsync(label.Document, broken, label.Embeddings));

        Assert.Empty(await Store.ListLabelsAsync(includeHistory: true));
        Assert.Null(await Store.GetPassageAsync(label.Passages[0].Id));
        Assert.Equal(generation, await Store.GetGenerationAsync());
        Assert.Equal(IngestStatus.Added, (await SaveAsync(label)).Status);
    }

    [StoreFact]
    public async Task A_failed_supersede_leaves_the_previous_version_current_and_searchable()
    {
        var v1 = RealLabels.Load(RealLabels.Hepar, version: 1, marker: "zzfirstmarker");
        await SaveAsync(v1);
        var v2 = RealLabels.Load(RealLabels.Hepar, version: 2);
        // Reusing a version-1 passage id makes the insert fail after version 1 was retired inside the transaction.
        var broken = v2.Passages.Select((p, i) => i == 1 ? p with { Id = v1.Passages[0].Id } : p).ToList();
        var generation = await Store.GetGenerationAsync();

        await Assert.ThrowsAnyAsync<DbException>(() => Store.SaveAsync(v2.Document, broken, v2.Embeddings));

        var current = Assert.Single(await Store.ListLabelsAsync(includeHistory: true));
        Assert.Equal((1, true), (current.Version, current.IsCurrent));
        Assert.Equal([v1.Passages[0].Id], (await Store.SearchLexicalAsync(["zzfirstmarker"], null, 10)).Select(h => h.PassageId));
        Assert.Equal(generation, await Store.GetGenerationAsync());
    }

    [StoreFact]
    public async Task A_cancelled_save_writes_nothing()
    {
        var label = RealLabels.Load(RealLabels.Hepar);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SaveAsync(label, cancellationToken: cancelled.Token));

        Assert.Empty(await Store.ListLabelsAsync(includeHistory: true));
    }

    [StoreFact]
    public async Task Passages_and_embeddings_that_do_not_pair_up_are_refused()
    {
        var label = RealLabels.Load(RealLabels.Hepar);

        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveAsync(label.Document, label.Passages, label.Embeddings.Skip(1).ToList()));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveAsync(label.Document, label.Passages, label.Passages.Select(_ => new float[12]).ToList()));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveAsync(label.Document, label.Passages.Select(p => p with { Version = 99 }).ToList(), label.Embeddings));

        Assert.Empty(await Store.ListLabelsAsync(includeHistory: true));
    }
}
