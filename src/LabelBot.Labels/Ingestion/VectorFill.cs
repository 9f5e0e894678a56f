using System.Diagnostics;
using LabelBot.Core.Retrieval;

namespace LabelBot.Labels.Ingestion;

/// <summary>Progress of a vector fill: passages given vectors so far, and how many were waiting when it started.</summary>
public sealed record VectorFillProgress(long Done, long Pending);

/// <summary>What a fill did: passages given vectors, texts actually embedded (the rest reused a stored vector), time.</summary>
public sealed record VectorFillReport(long Passages, long Embedded, long Reused, TimeSpan Elapsed)
{
    public double PassagesPerSecond => Passages / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// Gives every stored passage without a vector its vector, batch by batch, until none is left: what `labelbot embed`
/// and the bot host's background fill run after an `ingest --embed later`. Each batch is committed on its own, so a
/// stopped fill resumes where it was; until a label's vectors are all there, retrieval ranks it by full text alone.
/// </summary>
public sealed class VectorFill(IPassageVectorStore store, ITextEmbedder embedder)
{
    /// <summary>Passages read and committed per round.</summary>
    public const int BatchSize = 512;

    private readonly IPassageVectorStore _store = store ?? throw new ArgumentNullException(nameof(store));
    private readonly PassageVectorizer _vectorizer = new(embedder, store);

    public async Task<VectorFillReport> RunAsync(IProgress<VectorFillProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var pending = (await _store.GetVectorCoverageAsync(cancellationToken)).Sum(c => (long)(c.Passages - c.WithVectors));
        long done = 0;
        progress?.Report(new VectorFillProgress(0, pending));
        var embeddedBefore = _vectorizer.Embedded;
        var reusedBefore = _vectorizer.Reused;
        string? previousFirst = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var passages = await _store.GetPassagesWithoutVectorsAsync(BatchSize, cancellationToken);
            if (passages.Count == 0)
            {
                break;
            }
            if (passages[0].Id == previousFirst)
            {
                // The store took none of the last round's vectors: stop rather than embed the same passages forever.
                throw new InvalidOperationException($"the store kept no vector for passage {previousFirst}; the fill stops");
            }
            previousFirst = passages[0].Id;
            var vectors = await _vectorizer.VectorsForAsync(passages, cancellationToken);
            await _store.SaveVectorsAsync(vectors, cancellationToken);
            done += passages.Count;
            progress?.Report(new VectorFillProgress(done, Math.Max(pending, done)));
        }
        stopwatch.Stop();
        return new VectorFillReport(done, _vectorizer.Embedded - embeddedBefore, _vectorizer.Reused - reusedBefore, stopwatch.Elapsed);
    }
}
