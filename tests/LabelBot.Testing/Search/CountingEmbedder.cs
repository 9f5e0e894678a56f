using LabelBot.Core.Retrieval;

namespace LabelBot.Testing;

/// <summary>Wraps a real embedder and counts the work asked of it, to prove what is (not) recomputed.</summary>
public sealed class CountingEmbedder(ITextEmbedder inner) : ITextEmbedder
{
    private int _calls;
    private int _texts;

    public int Calls => Volatile.Read(ref _calls);
    public int Texts => Volatile.Read(ref _texts);
    public int Dimensions => inner.Dimensions;

    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _texts, texts.Count);
        return inner.Embed(texts);
    }

    public void Reset()
    {
        Volatile.Write(ref _calls, 0);
        Volatile.Write(ref _texts, 0);
    }
}
