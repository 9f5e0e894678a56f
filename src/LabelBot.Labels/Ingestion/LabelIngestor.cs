using System.Diagnostics;
using System.IO.Compression;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.Labels.OpenFda;
using LabelBot.Labels.Spl;

namespace LabelBot.Labels.Ingestion;

/// <summary>
/// Ingests labels: SPL XML files, folders of them, DailyMed zips (XML plus images, or a zip of such zips), and openFDA
/// JSON (one record, an API response, or a bulk partition zip, streamed record by record).
/// Each label is parsed, chunked into passages, embedded in batches and saved; a label version already in the
/// store is skipped before the (expensive) embedding. A bad file is reported with its reason and never stops
/// the batch.
/// </summary>
public sealed class LabelIngestor(ILabelStore store, ITextEmbedder embedder)
{
    /// <summary>
    /// Passages handed to the embedder per call. Large on purpose: the embedder sorts a call's texts by length
    /// before batching, so a label's passages are padded against neighbours of similar length (less wasted work).
    /// </summary>
    public const int EmbeddingBatchSize = 512;

    /// <summary>Embedding input is cut here: MiniLM reads about 256 tokens, the rest would be ignored anyway.</summary>
    public const int MaxEmbeddingInputChars = 1000;

    /// <summary>Largest zip inside a zip that is unpacked (into memory).</summary>
    public const long MaxNestedZipBytes = 256L * 1024 * 1024;

    private const int MaxZipDepth = 2;

    private readonly ILabelStore _store = store ?? throw new ArgumentNullException(nameof(store));
    private readonly PassageVectorizer _vectorizer = new(embedder ?? throw new ArgumentNullException(nameof(embedder)), store as IPassageVectorStore);

    /// <summary>
    /// Store passages and full text only; the vectors are filled afterwards (<see cref="VectorFill"/>, `labelbot embed`,
    /// or the bot host in the background). Needs a store that implements <see cref="IPassageVectorStore"/>.
    /// </summary>
    public bool EmbedLater { get; init; }

    /// <summary>
    /// Where an openFDA JSON stream's progress is kept every <see cref="CheckpointInterval"/> records (and when the run is
    /// cancelled or stops), so the next ingest of the same unchanged input skips the finished records without parsing
    /// them. Null: no checkpoints (re-ingesting stored versions is a no-op anyway; the checkpoint saves the re-parse).
    /// </summary>
    public IIngestCheckpointStore? Checkpoints { get; init; }

    /// <summary>Records between checkpoint writes.</summary>
    public int CheckpointInterval { get; init; } = 200;

    /// <summary>Texts embedded and passages that reused a stored vector, over this ingestor's runs.</summary>
    public PassageVectorizer Vectorizer => _vectorizer;

    /// <summary>The text embedded for a passage: its section title gives the passage its topic.</summary>
    public static string EmbeddingInput(Passage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        var text = passage.SectionTitle.Length > 0 ? $"{passage.SectionTitle}: {passage.Text}" : passage.Text;
        return text.Length <= MaxEmbeddingInputChars ? text : text[..MaxEmbeddingInputChars];
    }

    public async Task<IngestReport> IngestAsync(
        IEnumerable<string> paths,
        IProgress<IngestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var stopwatch = Stopwatch.StartNew();
        var inputs = IngestInputs.Expand(paths);
        var run = new Run(inputs.Count, progress, cancellationToken);

        foreach (var input in inputs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (run.StopReason is not null)
            {
                break;
            }
            run.Report(input.Path);
            if (input.Error is not null)
            {
                run.Results.Add(IngestFileResult.Rejected(input.Path, input.Error));
            }
            else
            {
                await IngestFileAsync(input.Path, run);
            }
            run.Done++;
            run.Report(input.Path);
        }

        stopwatch.Stop();
        return new IngestReport(run.Results, stopwatch.Elapsed)
        {
            StopReason = run.StopReason,
            NotAttempted = inputs.Count - run.Done,
            Records = run.Records,
            RecordsSkipped = run.RecordsSkipped,
        };
    }

    private async Task IngestFileAsync(string path, Run run)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            run.Results.Add(IngestFileResult.Rejected(path, "cannot read file: " + TextNormalizer.SingleLine(ex.Message)));
            return;
        }
        await using (stream)
        {
            run.Source = new FileInfo(path);
            // Sniff rather than trust the extension: DailyMed downloads are sometimes saved without one.
            if (IngestInputs.LooksLikeZip(stream))
            {
                await IngestZipAsync(stream, path, depth: 0, run);
            }
            else if (OpenFdaParser.LooksLikeJson(stream))
            {
                await IngestJsonAsync(stream, path, run);
            }
            else
            {
                await IngestLabelAsync(() => SplParser.Parse(stream, path), path, run);
            }
        }
    }

    private async Task IngestZipAsync(Stream zipStream, string zipPath, int depth, Run run)
    {
        ZipArchive archive;
        try
        {
            // Read mode on a seekable stream reads the central directory only; entries are streamed one by one.
            archive = new ZipArchive(zipStream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            run.Results.Add(IngestFileResult.Rejected(zipPath, "not a readable zip archive: " + TextNormalizer.SingleLine(ex.Message)));
            return;
        }

        using (archive)
        {
            var labelsBefore = run.LabelEntriesSeen;
            foreach (var entry in archive.Entries)
            {
                run.CancellationToken.ThrowIfCancellationRequested();
                if (run.StopReason is not null)
                {
                    return;
                }
                if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\'))
                {
                    continue;
                }
                var entryPath = $"{zipPath}!/{entry.FullName}";
                await IngestZipEntryAsync(entry, entryPath, depth, run);
            }
            if (run.LabelEntriesSeen == labelsBefore)
            {
                run.Results.Add(IngestFileResult.Rejected(zipPath, "zip contains no SPL XML or openFDA JSON file"));
            }
        }
    }

    private async Task IngestZipEntryAsync(ZipArchiveEntry entry, string entryPath, int depth, Run run)
    {
        var name = entry.FullName;
        if (name.Contains("__MACOSX/", StringComparison.Ordinal) || entry.Name.StartsWith("._", StringComparison.Ordinal))
        {
            run.Results.Add(IngestFileResult.Rejected(entryPath, "macOS metadata entry, not a label"));
            return;
        }
        if (IngestInputs.IsExpectedCompanion(name))
        {
            return;
        }
        if (IngestInputs.IsZipFileName(name))
        {
            await IngestNestedZipAsync(entry, entryPath, depth, run);
            return;
        }
        if (OpenFdaParser.IsJsonFileName(name))
        {
            run.LabelEntriesSeen++;
            try
            {
                // A bulk partition's one entry is ~100 MB of JSON: streamed straight from the deflate stream, never unpacked whole.
                await using var json = entry.Open();
                await IngestJsonAsync(json, entryPath, run);
            }
            catch (InvalidDataException ex)
            {
                run.Results.Add(IngestFileResult.Rejected(entryPath, "corrupt zip entry: " + TextNormalizer.SingleLine(ex.Message)));
            }
            return;
        }
        if (!IngestInputs.IsLabelFileName(name))
        {
            run.Results.Add(IngestFileResult.Rejected(entryPath, "not an SPL XML or openFDA JSON file"));
            return;
        }

        run.LabelEntriesSeen++;
        run.Report(entryPath);
        await IngestLabelAsync(() =>
        {
            try
            {
                using var stream = entry.Open();
                return SplParser.Parse(stream, entryPath);
            }
            catch (InvalidDataException ex)
            {
                throw new LabelParseException(entryPath, "corrupt zip entry: " + TextNormalizer.SingleLine(ex.Message), ex);
            }
        }, entryPath, run);
    }

    /// <summary>
    /// Every record of an openFDA JSON stream, one at a time: a bad record is reported with its index and the rest of the
    /// file is still ingested; broken JSON syntax stops this file only (records before it are kept).
    /// </summary>
    private async Task IngestJsonAsync(Stream json, string path, Run run)
    {
        var position = Checkpoints is null ? null : run.CheckpointFor(path);
        var skip = position is not null && Checkpoints!.Load() is { } saved && saved.IsFor(position) ? saved.Records : 0;
        run.RecordsSkipped += skip;
        var records = skip;
        var completed = skip;
        var finished = false;
        try
        {
            foreach (var record in OpenFdaParser.Read(json, path, skip))
            {
                run.CancellationToken.ThrowIfCancellationRequested();
                if (run.StopReason is not null)
                {
                    return;
                }
                records++;
                run.Report($"{path} (record {record.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
                if (record.Label is not { } label)
                {
                    run.Results.Add(IngestFileResult.Rejected(path, record.Error ?? "unreadable record"));
                }
                else
                {
                    await IngestLabelAsync(() => label, path, run);
                }
                if (run.StopReason is not null)
                {
                    return; // this record was not stored: the checkpoint stays before it
                }
                completed = record.Index;
                run.Records++;
                run.Report($"{path} (record {record.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
                if (position is not null && completed % CheckpointInterval == 0)
                {
                    SaveCheckpoint(position with { Records = completed });
                }
            }
            finished = true;
        }
        finally
        {
            if (position is not null)
            {
                if (finished)
                {
                    // Only this stream's own checkpoint: another input's interrupted run keeps its place.
                    if (Checkpoints!.Load() is { } current && current.IsFor(position))
                    {
                        KeepGoing(Checkpoints.Clear);
                    }
                }
                else if (completed > skip)
                {
                    // Cancelled or stopped: keep exactly the records finished, for the next run.
                    SaveCheckpoint(position with { Records = completed });
                }
            }
        }
        if (records == 0)
        {
            run.Results.Add(IngestFileResult.Rejected(path, "no openFDA label records"));
        }
    }

    private void SaveCheckpoint(IngestCheckpoint checkpoint) => KeepGoing(() => Checkpoints!.Save(checkpoint));

    /// <summary>
    /// A checkpoint that cannot be written (read-only folder, full disk) only costs a re-parse next time: the ingest
    /// goes on, and a store that cannot be written either is reported by the label save, with its own reason.
    /// </summary>
    private static void KeepGoing(Action checkpointWrite)
    {
        try
        {
            checkpointWrite();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private async Task IngestNestedZipAsync(ZipArchiveEntry entry, string entryPath, int depth, Run run)
    {
        if (depth + 1 >= MaxZipDepth)
        {
            run.Results.Add(IngestFileResult.Rejected(entryPath, "zip nested too deeply"));
            return;
        }
        if (entry.Length > MaxNestedZipBytes)
        {
            run.Results.Add(IngestFileResult.Rejected(entryPath, "nested zip is larger than the limit"));
            return;
        }
        using var buffer = new MemoryStream();
        try
        {
            await using var source = entry.Open();
            // Copy at most one byte past the limit: the declared length may lie (zip bombs).
            await CopyAtMostAsync(source, buffer, MaxNestedZipBytes + 1, run.CancellationToken);
        }
        catch (InvalidDataException ex)
        {
            run.Results.Add(IngestFileResult.Rejected(entryPath, "corrupt zip entry: " + TextNormalizer.SingleLine(ex.Message)));
            return;
        }
        if (buffer.Length > MaxNestedZipBytes)
        {
            run.Results.Add(IngestFileResult.Rejected(entryPath, "nested zip is larger than the limit"));
            return;
        }
        buffer.Position = 0;
        run.LabelEntriesSeen++; // the nested zip reports its own emptiness
        await IngestZipAsync(buffer, entryPath, depth + 1, run);
    }

    private static async Task CopyAtMostAsync(Stream source, Stream destination, long limit, CancellationToken cancellationToken)
    {
        var chunk = new byte[81920];
        long total = 0;
        while (total < limit)
        {
            var read = await source.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - total)), cancellationToken);
            if (read == 0)
            {
                return;
            }
            await destination.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
            total += read;
        }
    }

    private async Task IngestLabelAsync(Func<LabelDocument> parse, string path, Run run)
    {
        LabelDocument label;
        try
        {
            label = parse();
        }
        catch (LabelParseException ex)
        {
            run.Results.Add(IngestFileResult.Rejected(path, ex.Reason));
            return;
        }

        try
        {
            if (await _store.HasVersionAsync(label, run.CancellationToken))
            {
                run.Results.Add(new IngestFileResult(path, new IngestOutcome(label.SetId, label.Version, IngestStatus.Unchanged), 0, label.DisplayName));
                return;
            }
            var passages = PassageChunker.Chunk(label);
            var outcome = await SaveWithVectorsAsync(label, passages, run.CancellationToken);
            run.Results.Add(new IngestFileResult(path, outcome, passages.Count, label.DisplayName));
        }
        catch (IOException ex)
        {
            // The store cannot be written at all (read-only, locked, disk full; an I/O failure): every later label would fail the same
            // way, after costly embedding, so the run stops here and says why. Labels already saved stay saved.
            var reason = TextNormalizer.SingleLine(ex.Message);
            run.Results.Add(new IngestFileResult(
                path,
                new IngestOutcome(label.SetId, label.Version, IngestStatus.Rejected, "could not store label: " + reason),
                0,
                label.DisplayName));
            run.StopReason = reason;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failing store or embedder is reported against this label; the rest of the batch still runs.
            run.Results.Add(new IngestFileResult(
                path,
                new IngestOutcome(label.SetId, label.Version, IngestStatus.Rejected, "could not store label: " + TextNormalizer.SingleLine(ex.Message)),
                0,
                label.DisplayName));
        }
    }

    /// <summary>
    /// The embedding step. Vectors are computed before the save (an embedder failure rejects the label, nothing is
    /// stored) and saved with the passages in one transaction; the store then keeps them by text hash too, for reuse.
    /// With <see cref="EmbedLater"/> only passages and full text are saved.
    /// </summary>
    private async Task<IngestOutcome> SaveWithVectorsAsync(LabelDocument label, IReadOnlyList<Passage> passages, CancellationToken cancellationToken)
    {
        var vectorStore = _store as IPassageVectorStore;
        if (EmbedLater && vectorStore is not null)
        {
            return await _store.SaveAsync(label, passages, [], cancellationToken);
        }
        var vectors = await _vectorizer.VectorsForAsync(passages, cancellationToken);
        var outcome = await _store.SaveAsync(label, passages, [.. vectors.Select(v => v.Vector)], cancellationToken);
        if (vectorStore is not null && outcome.Status is IngestStatus.Added or IngestStatus.Superseded)
        {
            await vectorStore.SaveVectorsAsync(vectors, cancellationToken);
        }
        return outcome;
    }

    private sealed class Run(int total, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        public List<IngestFileResult> Results { get; } = [];
        public int Done { get; set; }
        public int LabelEntriesSeen { get; set; }
        public string? StopReason { get; set; }
        public CancellationToken CancellationToken { get; } = cancellationToken;

        /// <summary>openFDA records finished (stored, unchanged or rejected) and records skipped by a checkpoint.</summary>
        public int Records { get; set; }
        public int RecordsSkipped { get; set; }

        /// <summary>The top-level file being read: a checkpoint is valid only while it is unchanged.</summary>
        public FileInfo? Source { get; set; }

        /// <summary>The checkpoint identity of a JSON stream at <paramref name="path"/> (the file itself or an entry inside it).</summary>
        public IngestCheckpoint? CheckpointFor(string path)
        {
            if (Source is not { } source || !path.StartsWith(source.ToString(), StringComparison.Ordinal))
            {
                return null;
            }
            // The full path of the file plus the entry part ("!/drug-label.json"), so a relative path given again still matches.
            return new IngestCheckpoint(source.FullName + path[source.ToString().Length..], source.Length, source.LastWriteTimeUtc, 0);
        }

        public void Report(string currentFile) => progress?.Report(new IngestProgress(Done, total, currentFile, Records, RecordsSkipped));
    }
}
