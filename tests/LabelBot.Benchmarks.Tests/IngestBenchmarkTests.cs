using LabelBot.Benchmarks.Tests.TestSupport;
using LabelBot.Core.Retrieval;
using LabelBot.Core.Storage;
using LabelBot.Labels;
using LabelBot.Labels.Ingestion;
using LabelBot.Search.Embedding;

namespace LabelBot.Benchmarks.Tests;

/// <summary>`bench --ingest`: both paths ingest the same labels; the new one runs each distinct text through the model once.</summary>
public sealed class IngestBenchmarkTests
{
    [CorpusFact]
    public async Task Both_paths_ingest_the_same_labels_and_the_new_one_embeds_each_distinct_text_once()
    {
        using var corpus = new SmallCorpus();
        using var work = new TempDirectory();
        var baseline = new TextSeededEmbedder();
        var current = new TextSeededEmbedder();

        var report = await IngestBenchmark.RunAsync(corpus.LabelFolder, work.Path, () => baseline, () => current);

        var passages = SmallCorpus.Files.Select(f => PassageChunker.Chunk(SplParser.ParseFile(Path.Combine(corpus.LabelFolder, f)))).ToList();
        var distinct = passages.SelectMany(p => p).Select(PassageVectorizer.NormalizedInput).Distinct(StringComparer.Ordinal).Count();
        Assert.Equal((SmallCorpus.Files.Length, passages.Sum(p => p.Count)), (report.Baseline.Labels, report.Baseline.Passages));
        Assert.Equal((report.Baseline.Labels, report.Baseline.Passages), (report.Current.Labels, report.Current.Passages));
        Assert.Equal(report.Baseline.Passages, baseline.Texts);
        Assert.Equal(distinct, current.Texts);
        Assert.Equal(distinct, report.Current.TextsEmbedded);
        Assert.All([report.Baseline, report.Current], m => Assert.True(m.PeakWorkingSetBytes > 0 && m.PassagesPerSecond > 0 && m.LabelsPerSecond > 0));
        var text = report.ToText();
        Assert.Contains("baseline", text, StringComparison.Ordinal);
        Assert.Contains("passages/s", text, StringComparison.Ordinal);
        Assert.Contains("labels/s", text, StringComparison.Ordinal);
        Assert.Contains("MiB", text, StringComparison.Ordinal);
    }

    /// <summary>A unit vector seeded by the text: cheap, deterministic, and counts the texts it was given.</summary>
    private sealed class TextSeededEmbedder : ITextEmbedder
    {
        public int Texts { get; private set; }

        public int Dimensions => MiniLmEmbedder.VectorDimensions;

        public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts)
        {
            Texts += texts.Count;
            return [.. texts.Select(t =>
            {
                var random = new Random(StringComparer.Ordinal.GetHashCode(t));
                return VectorMath.Normalize([.. Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble() - 0.5f)]);
            })];
        }
    }
}
