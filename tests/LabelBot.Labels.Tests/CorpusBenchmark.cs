using System.Diagnostics;
using System.Globalization;
using LabelBot.Core.Labels;
using Xunit.Abstractions;

namespace LabelBot.Labels.Tests;

/// <summary>
/// Benchmark, not a timed test: parses and chunks the whole corpus and prints the numbers (run with
/// <c>--logger "console;verbosity=detailed"</c> to see them). It asserts only that the work was done.
/// </summary>
public sealed class CorpusBenchmark(ITestOutputHelper output)
{
    [SplFact]
    public void ParseAndChunkWholeCorpus()
    {
        var files = Directory.GetFiles(TestData.RequiredSplFolder, "*.xml").Order(StringComparer.Ordinal).ToList();
        var bytes = files.Sum(f => new FileInfo(f).Length);

        // Warm-up run so JIT time is reported separately from steady-state throughput.
        var cold = Stopwatch.StartNew();
        var labels = files.Select(SplParser.ParseFile).ToList();
        var passages = labels.Select(PassageChunker.Chunk).ToList();
        cold.Stop();

        const int rounds = 5;
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            foreach (var file in files)
            {
                PassageChunker.Chunk(SplParser.ParseFile(file));
            }
        }
        warm.Stop();
        var warmMs = warm.Elapsed.TotalMilliseconds / rounds;

        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"corpus: {files.Count} labels, {bytes / 1024.0 / 1024.0:F1} MB, {passages.Sum(p => p.Count)} passages"));
        output.WriteLine(string.Create(inv, $"parse+chunk, first run (incl. JIT): {cold.Elapsed.TotalMilliseconds:F0} ms"));
        output.WriteLine(string.Create(inv, $"parse+chunk, warm (mean of {rounds}): {warmMs:F0} ms = {files.Count / (warmMs / 1000):F0} labels/s, {bytes / 1024.0 / 1024.0 / (warmMs / 1000):F1} MB/s"));
        foreach (var group in labels.Zip(passages).GroupBy(x => x.First.Format).OrderBy(g => g.Key))
        {
            var lengths = group.SelectMany(x => x.Second).Select(p => p.Text.Length).ToList();
            output.WriteLine(string.Create(inv,
                $"  {group.Key,-7} labels={group.Count(),2} passages={lengths.Count,5} mean chars={lengths.Average():F0} max chars={lengths.Max()}"));
        }

        Assert.Equal(files.Count, labels.Count);
        Assert.All(passages, p => Assert.NotEmpty(p));
        Assert.Contains(labels, l => l.Format == LabelFormat.Otc);
    }
}
