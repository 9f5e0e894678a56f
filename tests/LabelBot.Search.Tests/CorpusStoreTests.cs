using LabelBot.Core.Labels;
using LabelBot.Core.Storage;
using LabelBot.Labels.Ingestion;
using LabelBot.Search.Retrieval;
using LabelBot.Search.Tests.TestSupport;
using LabelBot.Storage.Sqlite;

namespace LabelBot.Search.Tests;

/// <summary>The store filled with the real corpus through the real ingestor.</summary>
[Collection(CorpusCollection.Name)]
public sealed class CorpusStoreTests(CorpusFixture corpus)
{
    [CorpusFact]
    public async Task Every_corpus_label_is_stored_as_current_with_its_passages()
    {
        var labels = await corpus.Store.ListLabelsAsync();

        Assert.Equal(corpus.LabelFileCount, labels.Count);
        Assert.All(labels, l => Assert.True(l.IsCurrent));
        Assert.All(labels, l => Assert.True(l.PassageCount > 0, $"{l.DisplayName} has no passages"));
        var kloxxado = Assert.Single(labels, l => l.SetId == "ebf0f833-c1c0-487c-8f29-01fa8c61b6cb");
        Assert.Equal(5, kloxxado.Version);
        Assert.Equal(LabelFormat.Plr, kloxxado.Format);
        Assert.Contains(kloxxado.Products, p => p.Routes.Contains("NASAL"));
    }

    [CorpusFact]
    public async Task Stored_vectors_are_unit_length_and_one_per_passage()
    {
        var labels = await corpus.Store.ListLabelsAsync();
        foreach (var label in labels)
        {
            var vectors = await corpus.Store.LoadCurrentVectorsAsync(label.SetId);
            Assert.NotNull(vectors);
            Assert.Equal(label.PassageCount, vectors.Passages.Count);
            Assert.Equal(vectors.Passages.Count * 384, vectors.Vectors.Length);
            for (var i = 0; i < vectors.Passages.Count; i++)
            {
                var row = vectors.Vectors.AsSpan(i * 384, 384);
                var norm = Math.Sqrt(VectorMath.Dot(row, row));
                Assert.InRange(norm, 0.999, 1.001);
            }
        }
    }

    [CorpusFact]
    public async Task Reopening_the_store_and_searching_embeds_only_the_questions()
    {
        using var temp = new TempDirectory();
        var path = corpus.CopyDatabase(temp.File("copy.db"));
        var counting = new CountingEmbedder(corpus.Embedder);
        using var reopened = SqliteLabelStore.Open(path);
        var retriever = HybridRetriever.Create(reopened, counting);

        await retriever.SearchAsync(new Core.Retrieval.SearchQuery("What are the side effects of Viagra?"));
        await retriever.SearchAsync(new Core.Retrieval.SearchQuery("How should Humira be stored?"));
        await retriever.SearchAsync(new Core.Retrieval.SearchQuery("naproxen overdose", Mode: Core.Retrieval.RetrievalMode.Lexical));

        // Two hybrid searches embed their question (one text each); passage vectors come from the file.
        Assert.Equal(2, counting.Calls);
        Assert.Equal(2, counting.Texts);
    }

    [CorpusFact]
    public async Task Ingesting_the_corpus_again_changes_nothing_and_embeds_nothing()
    {
        using var temp = new TempDirectory();
        var path = corpus.CopyDatabase(temp.File("copy.db"));
        var counting = new CountingEmbedder(corpus.Embedder);
        using var reopened = SqliteLabelStore.Open(path);
        var generation = await reopened.GetGenerationAsync();

        var report = await new LabelIngestor(reopened, counting).IngestAsync([SharedCorpus.RequiredFolder]);

        Assert.Equal(corpus.LabelFileCount, report.Unchanged);
        Assert.Equal(0, report.Added + report.Superseded + report.Rejected);
        Assert.Equal(0, counting.Texts);
        Assert.Equal(generation, await reopened.GetGenerationAsync());
    }
}
