using System.IO.Compression;
using LabelBot.Core.Retrieval;
using LabelBot.Labels.Ingestion;
using LabelBot.Labels.Tests.TestDoubles;

namespace LabelBot.Labels.Tests.Fuzzing;

/// <summary>
/// A folder of mutants (every kind, including zip junk), real labels and a zip mixing both, through the real
/// <see cref="LabelIngestor"/>: the run reaches the end, each file gets exactly the verdict the parser gives it alone,
/// every rejection carries a one-line reason, and the real labels are taken in. The store and embedder are the
/// test doubles of this project (the SQLite store has its own fault tests).
/// </summary>
public sealed class MutantFolderIngestTests : IDisposable
{
    // Three mutants of every kind, so zip junk, DOCTYPEs and 10 MB nodes all pass through one batch.
    private static readonly int MutantCount = Enum.GetValues<MutationKind>().Length * 3;

    private static readonly string[] PristineLabels = ["pyrithione-zinc-69baf948.xml", "naloxone-hcl-ebf0f833.xml"];

    private readonly string _folder = Directory.CreateTempSubdirectory("labelbot-fuzz-ingest-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [SplFact]
    public async Task Folder_of_mutants_is_ingested_to_the_end_and_each_bad_file_is_rejected_with_its_reason()
    {
        var seed = SplMutator.Seed;
        var mutants = Enumerable.Range(0, MutantCount).Select(i => SplMutator.Create(seed, i)).ToList();
        var loose = mutants.ToDictionary(m => Path.Combine(_folder, "mutants", m.FileName));
        foreach (var (path, mutant) in loose)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, mutant.Bytes);
        }
        var pristine = PristineLabels.Select(name => Path.Combine(_folder, "real", name)).ToList();
        Directory.CreateDirectory(Path.Combine(_folder, "real"));
        foreach (var name in PristineLabels)
        {
            File.Copy(TestData.SplFile(name), Path.Combine(_folder, "real", name));
        }
        // A DailyMed-style zip in which damaged labels sit next to a real one.
        var zipped = mutants.Where(m => m.Kind is MutationKind.Truncate or MutationKind.MissingSetId or MutationKind.InvalidUtf8).Take(3).ToList();
        var bundle = Path.Combine(_folder, "bundle.zip");
        WriteZip(bundle, [.. zipped.Select(m => (m.FileName, m.Bytes)), ("real-label.xml", File.ReadAllBytes(TestData.SplFile(PristineLabels[0])))]);

        var store = new InMemoryLabelStoreTestDouble();
        var ingestor = new LabelIngestor(store, new HashingEmbedderTestDouble());
        var bound = TimeSpan.FromSeconds(60) + mutants.Aggregate(TimeSpan.Zero, (sum, m) => sum + HangDetector.BoundFor(m.Bytes.Length));
        var report = await HangDetector.AwaitAsync(() => ingestor.IngestAsync([_folder]), bound, $"ingesting {mutants.Count} mutants of fuzz seed {seed}");

        Assert.All(report.Files.Where(f => f.Status == IngestStatus.Rejected), f =>
            Assert.True(!string.IsNullOrWhiteSpace(f.Reason) && !f.Reason.Contains('\n', StringComparison.Ordinal), $"{f.Path}: reason '{f.Reason}'"));

        foreach (var (path, mutant) in loose)
        {
            if (mutant.Kind == MutationKind.ZipJunk)
            {
                // Junk named .zip is sniffed as an archive: it is rejected as a whole or entry by entry, never taken in.
                var results = report.Files.Where(f => f.Path == path || f.Path.StartsWith(path + "!/", StringComparison.Ordinal)).ToList();
                Assert.True(results.Count > 0, $"{mutant}: not reported");
                Assert.True(results.TrueForAll(f => f.Status == IngestStatus.Rejected), $"{mutant}: {string.Join("; ", results.Select(r => $"{r.Path} {r.Status}"))}");
                continue;
            }
            var result = Assert.Single(report.Files, f => f.Path == path);
            var alone = ParseOutcome.Of(mutant);
            if (alone.Rejection is not null)
            {
                Assert.True(result.Status == IngestStatus.Rejected && result.Reason == alone.Rejection.Reason,
                    $"{mutant}: ingest said {result.Status} '{result.Reason}', the parser alone '{alone.Rejection.Reason}'");
            }
            else
            {
                Assert.True(result.Status != IngestStatus.Rejected, $"{mutant}: parses alone but ingest rejected it: {result.Reason}");
            }
        }
        foreach (var path in pristine)
        {
            var result = Assert.Single(report.Files, f => f.Path == path);
            Assert.True(result.Status is IngestStatus.Added or IngestStatus.Unchanged or IngestStatus.Superseded, $"{path}: {result.Status} {result.Reason}");
        }
        foreach (var mutant in zipped)
        {
            var result = Assert.Single(report.Files, f => f.Path == $"{bundle}!/{mutant.FileName}");
            Assert.Equal(IngestStatus.Rejected, result.Status);
        }
        Assert.NotEqual(IngestStatus.Rejected, Assert.Single(report.Files, f => f.Path == $"{bundle}!/real-label.xml").Status);
        Assert.Equal(report.Files.Count(f => f.Status is IngestStatus.Added or IngestStatus.Superseded), store.SaveCalls);
    }

    private static void WriteZip(string path, IEnumerable<(string Name, byte[] Content)> entries)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, content) in entries)
        {
            using var stream = zip.CreateEntry(name).Open();
            stream.Write(content);
        }
    }
}
