using System.Diagnostics;
using System.Text.Json.Serialization;
using LabelBot.Core.Retrieval;

namespace LabelBot.Benchmarks;

/// <summary>How a store came to hold its scaled corpus.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScaleIngestStatus>))]
public enum ScaleIngestStatus
{
    /// <summary>Already held exactly the expected labels; nothing written.</summary>
    Reused,
    /// <summary>Written from empty.</summary>
    Built,
    /// <summary>An interrupted build was completed (labels already stored were kept).</summary>
    Resumed,
}

/// <summary>What filling one store took. Rates count only what this run wrote.</summary>
public sealed record ScaleIngest(ScaleIngestStatus Status, int LabelsWritten, int PassagesWritten, double Seconds)
{
    public double LabelsPerSecond => Seconds > 0 ? LabelsWritten / Seconds : 0;

    public double PassagesPerSecond => Seconds > 0 ? PassagesWritten / Seconds : 0;
}

/// <summary>The store holds labels that are not part of the scaled corpus (another corpus or an older build).</summary>
public sealed class ScaleStoreMismatchException(string message) : Exception(message);

/// <summary>
/// Fills a store with a corpus multiple through the ordinary <see cref="ILabelStore.SaveAsync"/> path, with vectors
/// from a <see cref="PassageVectorMap"/> (never the embedder). Idempotent: a store that already holds the multiple is
/// reused as is, and an interrupted build resumes where it stopped (each label is saved in its own transaction).
/// </summary>
public static class ScaledCorpusWriter
{
    /// <param name="vectors">Called at most once, and only when something must be written.</param>
    /// <param name="progress">Labels of the multiple stored so far.</param>
    public static async Task<ScaleIngest> EnsureAsync(
        ILabelStore store,
        ScaledCorpus corpus,
        int multiple,
        Func<CancellationToken, Task<PassageVectorMap>> vectors,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(vectors);

        var expected = corpus.ExpectedLabels(multiple);
        var stored = (await store.ListLabelsAsync(includeHistory: true, cancellationToken))
            .Select(l => (l.SetId, l.Version))
            .ToHashSet();
        var foreign = stored.Where(l => !expected.Contains(l)).Take(3).ToList();
        if (foreign.Count > 0)
        {
            throw new ScaleStoreMismatchException(
                $"the store holds labels that are not in the {multiple}x corpus (e.g. {string.Join(", ", foreign.Select(f => $"{f.SetId} v{f.Version}"))})");
        }
        if (stored.Count == expected.Count)
        {
            return new ScaleIngest(ScaleIngestStatus.Reused, 0, 0, 0);
        }

        var map = await vectors(cancellationToken);
        var watch = Stopwatch.StartNew();
        var labelsWritten = 0;
        var passagesWritten = 0;
        var done = stored.Count;
        for (var copy = 0; copy < multiple; copy++)
        {
            for (var i = 0; i < corpus.Originals.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var original = corpus.Originals[i];
                var setId = copy == 0 ? original.SetId : ScaledCorpus.CopySetId(original.SetId, copy);
                if (stored.Contains((setId, original.Version)))
                {
                    continue;
                }
                var label = copy == 0 ? new ScaledLabel(0, original, corpus.OriginalPassages[i]) : ScaledCorpus.Copy(original, copy);
                var outcome = await store.SaveAsync(label.Document, label.Passages, map.VectorsFor(label.Passages), cancellationToken);
                if (outcome.Status == IngestStatus.Rejected)
                {
                    throw new InvalidOperationException($"The store rejected {label.Document.SetId}: {outcome.Reason}");
                }
                labelsWritten++;
                passagesWritten += label.Passages.Count;
                progress?.Report(++done);
            }
        }
        watch.Stop();
        return new ScaleIngest(stored.Count == 0 ? ScaleIngestStatus.Built : ScaleIngestStatus.Resumed, labelsWritten, passagesWritten, watch.Elapsed.TotalSeconds);
    }
}
