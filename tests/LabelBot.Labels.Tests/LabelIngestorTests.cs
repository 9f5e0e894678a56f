using System.IO.Compression;
using System.Text;
using LabelBot.Core.Retrieval;
using LabelBot.Labels.Ingestion;
using LabelBot.Labels.Tests.TestDoubles;

namespace LabelBot.Labels.Tests;

/// <summary>
/// Batch behaviour of the ingest pipeline on real labels: folders, DailyMed-style zips, junk and broken files,
/// re-ingest. The store and embedder are test doubles (see TestDoubles/); the real ones live in LabelBot.Search.
/// </summary>
public sealed class LabelIngestorTests : IDisposable
{
    private const string Cipro = "ciprofloxacin-hydrochloride-cc768d3e.xml";
    private const string Kloxxado = "naloxone-hcl-ebf0f833.xml";
    private const string Minoxidil = "minoxidil-1b5e2860.xml";

    private readonly string _folder = Directory.CreateTempSubdirectory("labelbot-ingest-").FullName;
    private readonly InMemoryLabelStoreTestDouble _store = new();
    private readonly HashingEmbedderTestDouble _embedder = new();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [SplFact]
    public async Task FolderIngestSkipsBadFilesAndKeepsGoing()
    {
        CopyLabel(Cipro, "a/cipro.xml");
        CopyLabel(Kloxxado, "b/nested/kloxxado.xml");
        Write("a/broken.xml", "<document xmlns=\"urn:hl7-org:v3\"><setId");
        Write("empty.xml", string.Empty);
        Write("notes.txt", "not picked up from folders");
        var progress = new List<IngestProgress>();

        var report = await Ingestor().IngestAsync([_folder], new SynchronousProgress(progress.Add));

        Assert.Equal(2, report.Added);
        Assert.Equal(2, report.Rejected);
        Assert.Equal(4, report.Files.Count);
        Assert.Contains(report.Files, f => f.Path.EndsWith("broken.xml", StringComparison.Ordinal) && f.Reason!.StartsWith("malformed XML", StringComparison.Ordinal));
        Assert.Contains(report.Files, f => f.Path.EndsWith("empty.xml", StringComparison.Ordinal) && f.Reason == "empty file");
        Assert.True(report.Passages > 100);
        Assert.Equal(report.Passages, _embedder.Inputs.Count);
        Assert.All(_embedder.BatchSizes, size => Assert.InRange(size, 1, LabelIngestor.EmbeddingBatchSize));
        Assert.All(_embedder.Inputs, input => Assert.InRange(input.Length, 1, LabelIngestor.MaxEmbeddingInputChars));
        Assert.True(report.LabelsPerSecond > 0);
        Assert.Equal(4, progress[^1].Total);
        Assert.Equal(4, progress[^1].Done);
    }

    [SplFact]
    public async Task SecondIngestOfTheSameVersionSkipsEmbedding()
    {
        var file = CopyLabel(Kloxxado, "kloxxado.xml");
        await Ingestor().IngestAsync([file]);
        var embeddedBefore = _embedder.Inputs.Count;

        var report = await Ingestor().IngestAsync([file]);

        var result = Assert.Single(report.Files);
        Assert.Equal(IngestStatus.Unchanged, result.Status);
        Assert.Equal("ebf0f833-c1c0-487c-8f29-01fa8c61b6cb", result.Outcome.SetId);
        Assert.Equal(embeddedBefore, _embedder.Inputs.Count);
        Assert.Equal(1, _store.SaveCalls);
    }

    [SplFact]
    public async Task NewerVersionSupersedes()
    {
        var original = CopyLabel(Kloxxado, "v5.xml");
        var text = File.ReadAllText(original);
        var newer = Write("v6.xml", text.Replace("<versionNumber value=\"5\"/>", "<versionNumber value=\"6\"/>", StringComparison.Ordinal));

        var report = await Ingestor().IngestAsync([original, newer]);

        Assert.Equal([IngestStatus.Added, IngestStatus.Superseded], report.Files.Select(f => f.Status));
        Assert.Equal(1, report.Added);
        Assert.Equal(1, report.Superseded);
    }

    [SplFact]
    public async Task DailyMedZipOfZipsIsIngestedAndJunkIsRejectedWithAReason()
    {
        var inner1 = ZipBytes(("cipro.xml", LabelBytes(Cipro)), ("cipro-01.jpg", [0xFF, 0xD8, 0xFF]));
        var inner2 = ZipBytes(("minoxidil.xml", LabelBytes(Minoxidil)), ("panel.png", [0x89, 0x50]));
        var outer = WriteBytes("dm_spl_release.zip", ZipBytes(
            ("prescription/cipro.zip", inner1),
            ("otc/minoxidil.zip", inner2),
            ("README.txt", "release notes"u8.ToArray()),
            ("__MACOSX/otc/._minoxidil.zip", [0, 5, 22, 7]),
            ("broken.xml", "<document"u8.ToArray())));

        var report = await Ingestor().IngestAsync([outer]);

        Assert.Equal(2, report.Added);
        Assert.Contains(report.Files, f => f.Path == $"{outer}!/prescription/cipro.zip!/cipro.xml" && f.Status == IngestStatus.Added);
        Assert.Contains(report.Files, f => f.Path.EndsWith("!/README.txt", StringComparison.Ordinal) && f.Reason == "not an SPL XML or openFDA JSON file");
        Assert.Contains(report.Files, f => f.Path.Contains("__MACOSX", StringComparison.Ordinal) && f.Reason == "macOS metadata entry, not a label");
        Assert.Contains(report.Files, f => f.Path.EndsWith("!/broken.xml", StringComparison.Ordinal) && f.Reason!.StartsWith("malformed XML", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Files, f => f.Path.EndsWith(".jpg", StringComparison.Ordinal) || f.Path.EndsWith(".png", StringComparison.Ordinal));
        Assert.Equal(3, report.Rejected);
    }

    [SplFact]
    public async Task ZipWithoutExtensionIsRecognisedByItsContent()
    {
        var path = WriteBytes("download", ZipBytes(("label.xml", LabelBytes(Minoxidil))));

        var report = await Ingestor().IngestAsync([path]);

        Assert.Equal(IngestStatus.Added, Assert.Single(report.Files).Status);
    }

    [Fact]
    public async Task UnusableInputsAreRejectedWithReasons()
    {
        var junkZip = WriteBytes("junk.zip", ZipBytes(("photo.jpg", [1, 2, 3])));
        var corruptZip = WriteBytes("corrupt.zip", [.. "PK\u0003\u0004"u8.ToArray(), .. new byte[64]]);
        var missing = Path.Combine(_folder, "missing.xml");
        var notSpl = Write("other.xml", "<html/>");

        var report = await Ingestor().IngestAsync([junkZip, corruptZip, missing, notSpl]);

        Assert.Equal(4, report.Rejected);
        Assert.Equal("zip contains no SPL XML or openFDA JSON file", report.Files.Single(f => f.Path == junkZip).Reason);
        Assert.StartsWith("not a readable zip archive", report.Files.Single(f => f.Path == corruptZip).Reason, StringComparison.Ordinal);
        Assert.Equal("file or folder not found", report.Files.Single(f => f.Path == missing).Reason);
        Assert.StartsWith("not an SPL document", report.Files.Single(f => f.Path == notSpl).Reason, StringComparison.Ordinal);
        Assert.All(report.Files, f => Assert.DoesNotContain('\n', f.Reason!));
    }

    [SplFact]
    public async Task StoreFailureIsReportedForThatLabelOnly()
    {
        _store.FailOnSetId = "cc768d3e-a7cc-46a2-ae6d-0f5eb2f05406";
        var cipro = CopyLabel(Cipro, "cipro.xml");
        var kloxxado = CopyLabel(Kloxxado, "kloxxado.xml");

        var report = await Ingestor().IngestAsync([cipro, kloxxado]);

        var failed = report.Files.Single(f => f.Path == cipro);
        Assert.Equal(IngestStatus.Rejected, failed.Status);
        Assert.Equal("could not store label: disk full (simulated)", failed.Reason);
        Assert.Equal(IngestStatus.Added, report.Files.Single(f => f.Path == kloxxado).Status);
    }

    [SplFact]
    public async Task CancellationStopsTheRun()
    {
        var file = CopyLabel(Kloxxado, "kloxxado.xml");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Ingestor().IngestAsync([file], null, cancelled.Token));
    }

    private LabelIngestor Ingestor() => new(_store, _embedder);

    private static byte[] LabelBytes(string file) => File.ReadAllBytes(TestData.SplFile(file));

    private string CopyLabel(string file, string relativePath) => WriteBytes(relativePath, LabelBytes(file));

    private string Write(string relativePath, string text) => WriteBytes(relativePath, Encoding.UTF8.GetBytes(text));

    private string WriteBytes(string relativePath, byte[] bytes)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] ZipBytes(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the reports in order, right away.</summary>
    private sealed class SynchronousProgress(Action<IngestProgress> report) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => report(value);
    }
}
