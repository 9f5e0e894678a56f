using System.Globalization;
using System.Text.Json;

namespace LabelBot.Benchmarks;

/// <summary>
/// Remembers, beside the reused stores, how long each one took to build, so a run that reuses a 100x store still
/// reports its ingest rate. One small JSON file per backend and multiple in the work folder.
/// </summary>
public sealed class ScaleBuildRecords(string workFolder)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public ScaleIngest? Read(string backendKey, int multiple)
    {
        var path = PathOf(backendKey, multiple);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<ScaleIngest>(File.ReadAllText(path), Json) : null;
        }
        catch (JsonException)
        {
            return null; // a damaged record only loses the remembered build time
        }
    }

    /// <summary>Records a build; a resumed build adds to the time already recorded.</summary>
    public ScaleIngest Write(string backendKey, int multiple, ScaleIngest ingest)
    {
        ArgumentNullException.ThrowIfNull(ingest);
        var total = ingest;
        if (ingest.Status == ScaleIngestStatus.Resumed && Read(backendKey, multiple) is { } earlier)
        {
            total = new ScaleIngest(ScaleIngestStatus.Resumed, earlier.LabelsWritten + ingest.LabelsWritten,
                earlier.PassagesWritten + ingest.PassagesWritten, earlier.Seconds + ingest.Seconds);
        }
        Directory.CreateDirectory(workFolder);
        File.WriteAllText(PathOf(backendKey, multiple), JsonSerializer.Serialize(total, Json));
        return total;
    }

    public void Forget(string backendKey, int multiple)
    {
        var path = PathOf(backendKey, multiple);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private string PathOf(string backendKey, int multiple) =>
        Path.Combine(workFolder, string.Create(CultureInfo.InvariantCulture, $"build-{backendKey}-{multiple}x.json"));
}
