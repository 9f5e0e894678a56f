using System.Text.Json;

namespace LabelBot.Labels.Ingestion;

/// <summary>
/// Where an interrupted ingest of one openFDA JSON stream got to: the input (a file, or "file.zip!/entry.json" with the
/// file's full path), the file's length and last write time when it was read, and how many records were finished.
/// </summary>
public sealed record IngestCheckpoint(string Input, long Length, DateTime LastWriteUtc, int Records)
{
    /// <summary>Same input, unchanged since the checkpoint was written (a changed file starts again from its first record).</summary>
    public bool IsFor(IngestCheckpoint other) =>
        other is not null && string.Equals(Input, other.Input, StringComparison.Ordinal) && Length == other.Length && LastWriteUtc == other.LastWriteUtc;
}

/// <summary>Keeps the checkpoint of the JSON stream being ingested (one at a time).</summary>
public interface IIngestCheckpointStore
{
    IngestCheckpoint? Load();

    void Save(IngestCheckpoint checkpoint);

    void Clear();
}

/// <summary>
/// The checkpoint as a small JSON file (the CLI keeps it beside the database: "labelbot.db.ingest-checkpoint.json").
/// Written to a temporary file and moved into place, so a crash mid-write leaves the previous checkpoint, never half of one.
/// </summary>
public sealed class FileIngestCheckpointStore(string path) : IIngestCheckpointStore
{
    public string Path { get; } = System.IO.Path.GetFullPath(path ?? throw new ArgumentNullException(nameof(path)));

    /// <summary>The checkpoint file kept for a database file.</summary>
    public static FileIngestCheckpointStore ForDatabase(string databasePath) => new(databasePath + ".ingest-checkpoint.json");

    public IngestCheckpoint? Load()
    {
        try
        {
            return JsonSerializer.Deserialize<IngestCheckpoint>(File.ReadAllBytes(Path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            // Missing or unreadable: start from the first record; re-ingesting a stored version is a no-op anyway.
            return null;
        }
    }

    public void Save(IngestCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var temporary = Path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(checkpoint));
        File.Move(temporary, Path, overwrite: true);
    }

    public void Clear() => File.Delete(Path);
}
