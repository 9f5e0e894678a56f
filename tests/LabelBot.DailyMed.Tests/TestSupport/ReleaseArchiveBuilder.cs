using System.IO.Compression;
using System.Text;

namespace LabelBot.DailyMed.Tests.TestSupport;

/// <summary>
/// Builds a DailyMed-style release archive: a zip holding one zip per label ("prescription/20251031_{setid}.zip"),
/// each with the SPL XML and an image, the way DailyMed's full-release parts are laid out.
/// </summary>
public static class ReleaseArchiveBuilder
{
    public static void Write(string path, params (string SetId, byte[] Xml)[] labels)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var release = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var (setId, xml) in labels)
        {
            var entry = release.CreateEntry($"prescription/20251031_{setId}.zip", CompressionLevel.NoCompression);
            using var target = entry.Open();
            target.Write(LabelZip(setId, xml));
        }
    }

    /// <summary>Adds an entry that is not a label zip (a stray XML that is not SPL).</summary>
    public static void AddNonSplXml(string path, string name)
    {
        using var release = ZipFile.Open(path, ZipArchiveMode.Update);
        using var target = release.CreateEntry(name).Open();
        target.Write(Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><catalog><item>not a label</item></catalog>"));
    }

    private static byte[] LabelZip(string setId, byte[] xml)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var xmlEntry = zip.CreateEntry($"{setId}.xml", CompressionLevel.Optimal).Open())
            {
                xmlEntry.Write(xml);
            }
            using var image = zip.CreateEntry("carton.jpg", CompressionLevel.NoCompression).Open();
            image.Write([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0xFF, 0xD9]);
        }
        return buffer.ToArray();
    }
}
