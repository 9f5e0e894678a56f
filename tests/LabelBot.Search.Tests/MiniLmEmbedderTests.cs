using LabelBot.Core.Storage;
using LabelBot.Search.Embedding;

namespace LabelBot.Search.Tests;

/// <summary>The real MiniLM model shipped in the NuGet package.</summary>
public sealed class MiniLmEmbedderTests
{
    private static readonly MiniLmEmbedder Embedder = MiniLmEmbedder.Shared;

    [Fact]
    public void Vectors_have_384_unit_length_dimensions()
    {
        var vectors = Embedder.Embed(["Tendon rupture may occur.", "", "🙂"]);

        Assert.Equal(3, vectors.Count);
        Assert.All(vectors, v => Assert.Equal(MiniLmEmbedder.VectorDimensions, v.Length));
        Assert.All(vectors, v => Assert.InRange(Math.Sqrt(VectorMath.Dot(v, v)), 0.999, 1.001));
    }

    [Fact]
    public void Similar_meanings_are_closer_than_unrelated_ones()
    {
        var v = Embedder.Embed([
            "What are the side effects of this medicine?",
            "The most common adverse reactions were headache and nausea.",
            "Store at room temperature away from light.",
        ]);

        Assert.True(VectorMath.Dot(v[0], v[1]) > VectorMath.Dot(v[0], v[2]) + 0.1);
    }

    [Fact]
    public void Results_keep_input_order_and_do_not_depend_on_batching()
    {
        var texts = Enumerable.Range(0, 40).Select(i => new string('x', i * 7) + $" passage {i} about dosing").ToList();
        var small = new MiniLmEmbedder(threads: 1) { BatchSize = 3 };

        var batched = Embedder.Embed(texts);
        var oneByOne = texts.Select(t => small.Embed([t])[0]).ToList();
        small.Dispose();

        for (var i = 0; i < texts.Count; i++)
        {
            Assert.InRange(VectorMath.Dot(batched[i], oneByOne[i]), 0.9999, 1.0001);
        }
    }

    [Fact]
    public async Task Parallel_callers_get_the_same_vectors()
    {
        var text = "Can I take ibuprofen with low-dose aspirin?";
        var expected = Embedder.Embed([text])[0];

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Embedder.Embed([text, "other"])[0])));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void A_disposed_embedder_refuses_work()
    {
        var embedder = new MiniLmEmbedder();
        embedder.Dispose();

        Assert.Throws<ObjectDisposedException>(() => embedder.Embed(["text"]));
        Assert.Empty(embedder.Embed([]));
    }
}
