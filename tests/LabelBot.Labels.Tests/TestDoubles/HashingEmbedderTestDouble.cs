using System.Security.Cryptography;
using System.Text;
using LabelBot.Core.Retrieval;

namespace LabelBot.Labels.Tests.TestDoubles;

/// <summary>
/// TEST DOUBLE for the LabelIngestor pipeline tests only: a deterministic hash of the text spread over 384
/// dimensions and L2-normalised. It has no semantic meaning; the real embedder is MiniLmEmbedder in LabelBot.Search.
/// Records how it was called so tests can check batching.
/// </summary>
internal sealed class HashingEmbedderTestDouble : ITextEmbedder
{
    public int Dimensions => 384;

    public List<int> BatchSizes { get; } = [];

    public List<string> Inputs { get; } = [];

    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts)
    {
        BatchSizes.Add(texts.Count);
        Inputs.AddRange(texts);
        return texts.Select(Vector).ToList();
    }

    private float[] Vector(string text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var vector = new float[Dimensions];
        for (var i = 0; i < Dimensions; i++)
        {
            vector[i] = hash[i % hash.Length] - 127.5f;
        }
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return vector.Select(v => v / norm).ToArray();
    }
}
