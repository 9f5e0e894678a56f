namespace LabelBot.Labels.Ingestion;

/// <summary>Expands the paths given to ingest into the files to read.</summary>
internal static class IngestInputs
{
    public sealed record Input(string Path, string? Error);

    /// <summary>Files as given, folders searched recursively for *.xml, *.json (openFDA) and *.zip, in a stable order.</summary>
    public static List<Input> Expand(IEnumerable<string> paths)
    {
        var inputs = new List<Input>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                inputs.Add(new Input(path, null));
            }
            else if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => IsLabelFileName(f) || IsZipFileName(f) || OpenFda.OpenFdaParser.IsJsonFileName(f))
                    .Order(StringComparer.Ordinal);
                inputs.AddRange(files.Select(f => new Input(f, null)));
            }
            else
            {
                inputs.Add(new Input(path, "file or folder not found"));
            }
        }
        return inputs;
    }

    public static bool IsLabelFileName(string name) => name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase);

    public static bool IsZipFileName(string name) => name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);

    /// <summary>Images and the like that DailyMed zips carry beside the XML; skipped without comment.</summary>
    public static bool IsExpectedCompanion(string name) =>
        Path.GetExtension(name).ToUpperInvariant() is ".JPG" or ".JPEG" or ".PNG" or ".GIF" or ".BMP" or ".TIF" or ".TIFF" or ".SVG";

    /// <summary>True when the stream starts like a zip archive ("PK\x03\x04"); the stream is rewound.</summary>
    public static bool LooksLikeZip(Stream stream)
    {
        Span<byte> magic = stackalloc byte[4];
        var read = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        stream.Position = 0;
        return read == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
    }
}
