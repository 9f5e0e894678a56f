using System.Text.RegularExpressions;
using LabelBot.Benchmarks.Tests.TestSupport;
using LabelBot.Core.Retrieval;
using LabelBot.Search.Embedding;
using LabelBot.Search.Products;
using LabelBot.Storage.Sqlite;

namespace LabelBot.Benchmarks.Tests;

/// <summary>The scaled-corpus builder on three real labels, with vectors from the cached real-corpus database.</summary>
[Collection(CorpusCollection.Name)]
public sealed partial class ScaledCorpusTests(CorpusFixture fixture) : IDisposable
{
    private readonly SmallCorpus _small = SharedCorpus.Folder is null ? null! : new SmallCorpus();

    public void Dispose() => _small?.Dispose();

    [CorpusFact]
    public void Copies_get_distinct_deterministic_set_ids_renamed_products_and_the_same_passage_texts()
    {
        var seenSetIds = new HashSet<string>(StringComparer.Ordinal);
        var seenPassageIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var label in _small.Corpus.Labels(3))
        {
            Assert.True(seenSetIds.Add(label.Document.SetId), $"set id {label.Document.SetId} repeats");
            Assert.All(label.Passages, p => Assert.Equal(label.Document.SetId, p.SetId));
            Assert.All(label.Passages, p => Assert.True(seenPassageIds.Add(p.Id), $"passage id {p.Id} repeats"));
        }
        Assert.Equal(_small.Corpus.Originals.Count * 3, seenSetIds.Count);

        foreach (var (original, passages) in _small.Corpus.Originals.Zip(_small.Corpus.OriginalPassages))
        {
            var copy = ScaledCorpus.Copy(original, 2);
            Assert.Equal(ScaledCorpus.CopySetId(original.SetId, 2), copy.Document.SetId);
            Assert.Equal(copy.Document.SetId, ScaledCorpus.Copy(original, 2).Document.SetId);
            Assert.NotEqual(copy.Document.SetId, ScaledCorpus.CopySetId(original.SetId, 1));
            Assert.Matches(GuidShape(), copy.Document.SetId);
            Assert.Equal(original.Version, copy.Document.Version);

            // Nothing product resolution reads may keep a word of the real names.
            var realWords = Words(original.Products.SelectMany(p => new[] { p.Name, p.GenericName }.Concat(p.ActiveIngredients)).Append(original.Labeler));
            var copyWords = Words(copy.Document.Products.SelectMany(p => new[] { p.Name, p.GenericName }.Concat(p.ActiveIngredients)).Append(copy.Document.Labeler)
                .Append(copy.Document.Title));
            Assert.NotEmpty(realWords);
            Assert.Empty(copyWords.Where(w => w.Any(char.IsLetter)).Intersect(realWords.Where(w => w.Any(char.IsLetter))));
            Assert.Equal(original.Products.Count, copy.Document.Products.Count);

            Assert.Equal(passages.Select(p => (p.SectionTitle, p.SectionCode, p.Text)), copy.Passages.Select(p => (p.SectionTitle, p.SectionCode, p.Text)));
            Assert.Empty(copy.Passages.Select(p => p.Id).Intersect(passages.Select(p => p.Id)));
        }
    }

    [CorpusFact]
    public async Task A_multiple_is_written_with_the_seed_vectors_and_no_embedding()
    {
        var embedder = new CountingEmbedder(MiniLmEmbedder.Shared);
        var map = await PassageVectorMap.BuildAsync(_small.Corpus.OriginalPassages.SelectMany(p => p), [fixture.DatabasePath], embedder, _small.NewFolder("scratch"));
        Assert.Equal(0, embedder.Calls);
        Assert.Equal(0, map.Embedded);
        Assert.True(map.FromSeeds > 0);

        var path = Path.Combine(_small.NewFolder("store"), "scaled.db");
        await using var store = SqliteLabelStore.Open(path);
        var ingest = await ScaledCorpusWriter.EnsureAsync(store, _small.Corpus, 2, _ => Task.FromResult(map));

        Assert.Equal(ScaleIngestStatus.Built, ingest.Status);
        Assert.Equal(_small.Corpus.Originals.Count * 2, ingest.LabelsWritten);
        Assert.Equal(_small.Corpus.PassagesPerCopy * 2, ingest.PassagesWritten);
        Assert.Equal(0, embedder.Calls);
        foreach (var original in _small.Corpus.Originals)
        {
            var real = (await store.LoadCurrentVectorsAsync(original.SetId))!;
            var copy = (await store.LoadCurrentVectorsAsync(ScaledCorpus.CopySetId(original.SetId, 1)))!;
            Assert.Equal(real.Passages.Select(p => p.Text), copy.Passages.Select(p => p.Text));
            Assert.Equal(real.Vectors, copy.Vectors);
            Assert.Contains(real.Vectors, v => v != 0f);
        }

        // A second run finds the multiple complete and asks for no vectors at all.
        var again = await ScaledCorpusWriter.EnsureAsync(store, _small.Corpus, 2, _ => throw new InvalidOperationException("vectors were asked for"));
        Assert.Equal(ScaleIngestStatus.Reused, again.Status);
    }

    [CorpusFact]
    public async Task An_interrupted_build_resumes_and_a_store_of_another_corpus_is_refused()
    {
        var map = await PassageVectorMap.BuildAsync(_small.Corpus.OriginalPassages.SelectMany(p => p), [fixture.DatabasePath],
            new CountingEmbedder(MiniLmEmbedder.Shared), _small.NewFolder("scratch"));
        var path = Path.Combine(_small.NewFolder("store"), "scaled.db");
        await using var store = SqliteLabelStore.Open(path);

        // The 1x corpus is the first third of the 3x one: as if a 3x build had stopped there.
        await ScaledCorpusWriter.EnsureAsync(store, _small.Corpus, 1, _ => Task.FromResult(map));
        var resumed = await ScaledCorpusWriter.EnsureAsync(store, _small.Corpus, 3, _ => Task.FromResult(map));
        Assert.Equal(ScaleIngestStatus.Resumed, resumed.Status);
        Assert.Equal(_small.Corpus.Originals.Count * 2, resumed.LabelsWritten);
        Assert.Equal(_small.Corpus.Originals.Count * 3, (await store.ListLabelsAsync()).Count);

        await Assert.ThrowsAsync<ScaleStoreMismatchException>(() => ScaledCorpusWriter.EnsureAsync(store, _small.Corpus, 2, _ => Task.FromResult(map)));
    }

    [CorpusFact]
    public async Task Real_product_names_resolve_to_the_original_label_only_and_invented_names_to_their_copy()
    {
        var map = await PassageVectorMap.BuildAsync(_small.Corpus.OriginalPassages.SelectMany(p => p), [fixture.DatabasePath],
            new CountingEmbedder(MiniLmEmbedder.Shared), _small.NewFolder("scratch"));
        var path = Path.Combine(_small.NewFolder("store"), "scaled.db");
        await using var store = SqliteLabelStore.Open(path);
        await ScaledCorpusWriter.EnsureAsync(store, _small.Corpus, 3, _ => Task.FromResult(map));
        var resolver = new LabelProductResolver(store);
        var originals = _small.Corpus.Originals.Select(o => o.SetId).ToHashSet(StringComparer.Ordinal);

        foreach (var original in _small.Corpus.Originals)
        {
            var product = original.Products[0];
            foreach (var name in new[] { product.Name, product.GenericName }.OfType<string>())
            {
                var matches = await resolver.ResolveAsync($"What are the warnings for {name}?");
                Assert.Contains(matches, m => m.Label.SetId == original.SetId);
                Assert.All(matches, m => Assert.Contains(m.Label.SetId, originals));
            }

            var copy = ScaledCorpus.Copy(original, 2).Document;
            var copyMatches = await resolver.ResolveAsync($"What are the warnings for {copy.Products[0].Name}?");
            Assert.Equal(copy.SetId, Assert.Single(copyMatches).Label.SetId);
        }
    }

    private static HashSet<string> Words(IEnumerable<string?> names) =>
        names.OfType<string>()
            .SelectMany(n => WordPattern().Matches(n).Select(m => m.Value.ToLowerInvariant()))
            .Where(w => w.Length > 1)
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"[\p{L}\p{Nd}]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex GuidShape();
}
