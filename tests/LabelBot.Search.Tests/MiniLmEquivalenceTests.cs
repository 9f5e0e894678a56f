using LabelBot.Core.Storage;
using LabelBot.Labels;
using LabelBot.Labels.Ingestion;
using LabelBot.Search.Embedding;
using LabelBot.Search.Tests.TestSupport;
using Xunit.Abstractions;

namespace LabelBot.Search.Tests;

/// <summary>
/// The batched embedder must give the vectors the package's own encoder gave (what every stored vector and the
/// retrieval figures were built with), on real label passages, batched and padded as ingest batches them.
/// </summary>
public sealed class MiniLmEquivalenceTests(ITestOutputHelper output)
{
    [CorpusFact]
    public void Batched_vectors_match_the_package_encoder_on_real_label_passages()
    {
        // Every ninth label of the corpus keeps the old (slow) path's share of the run short.
        var files = Directory.GetFiles(SharedCorpus.RequiredFolder, "*.xml").Order(StringComparer.Ordinal).Where((_, i) => i % 9 == 0).ToList();
        var texts = files.SelectMany(f => PassageChunker.Chunk(SplParser.ParseFile(f)).Select(LabelIngestor.EmbeddingInput)).ToList();
        Assert.True(texts.Count > 300, $"only {texts.Count} passages");

        using var baseline = new PackageMiniLmEmbedder();
        var before = baseline.Embed(texts);
        var after = MiniLmEmbedder.Shared.Embed(texts);

        var cosines = texts.Select((_, i) => VectorMath.Dot(before[i], after[i])).ToList();
        var worst = cosines.Select((c, i) => (c, i)).MinBy(x => x.c);
        output.WriteLine($"{texts.Count} passages from {files.Count} labels: min cosine {worst.c:0.00000}, mean {cosines.Average():0.000000}");
        Assert.True(worst.c >= 0.999, $"passage {worst.i} ({texts[worst.i].Length} chars) has cosine {worst.c:0.00000} to the package encoder's vector");
    }

    [Fact]
    public void Text_longer_than_the_model_reads_is_cut_and_still_embedded()
    {
        var words = string.Join(' ', Enumerable.Range(0, 600).Select(i => $"word{i % 37}"));
        var vectors = MiniLmEmbedder.Shared.Embed([words, words + " and a tail the model never reads"]);

        Assert.Equal(MiniLmEmbedder.VectorDimensions, vectors[0].Length);
        Assert.InRange(VectorMath.Dot(vectors[0], vectors[1]), 0.99999, 1.00001);
    }
}
