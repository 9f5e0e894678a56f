using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using LabelBot.Bot.Channels.Teams;
using LabelBot.Bot.Tests.Infrastructure;

namespace LabelBot.Bot.Tests.Channels.Teams;

/// <summary>The `teams-package` command: a zip an administrator can upload to Teams.</summary>
public sealed partial class TeamsPackageTests
{
    [Fact]
    public async Task Package_has_a_manifest_with_every_required_field_and_the_two_icons()
    {
        var appId = Guid.NewGuid();
        var zipPath = Path.Combine(RepoPaths.ArtifactsFolder, "test-output", $"labelbot-teams-{appId:N}.zip");
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await TeamsPackageCommand.RunAsync(["--app-id", appId.ToString(), "--out", zipPath, "--website-url", "https://labelbot.contoso.com"], output, errors);

        Assert.True(exit == 0, errors.ToString());
        Assert.Contains(zipPath, output.ToString(), StringComparison.Ordinal);
        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));

        using var manifestStream = zip.GetEntry("manifest.json")!.Open();
        using var manifest = await JsonDocument.ParseAsync(manifestStream);
        var root = manifest.RootElement;

        // Required by the Teams manifest schema.
        var manifestVersion = Version.Parse(root.GetProperty("manifestVersion").GetString()!);
        Assert.True(manifestVersion >= new Version(1, 19), $"manifest version {manifestVersion} is older than 1.19");
        Assert.Equal($"https://developer.microsoft.com/json-schemas/teams/v{manifestVersion}/MicrosoftTeams.schema.json", root.GetProperty("$schema").GetString());
        Assert.Matches(SemVer(), root.GetProperty("version").GetString()!);
        Assert.Equal(appId.ToString("D"), root.GetProperty("id").GetString());
        var developer = root.GetProperty("developer");
        Assert.False(string.IsNullOrWhiteSpace(developer.GetProperty("name").GetString()));
        Assert.Equal("https://labelbot.contoso.com", developer.GetProperty("websiteUrl").GetString());
        foreach (var url in new[] { "websiteUrl", "privacyUrl", "termsOfUseUrl" })
        {
            Assert.StartsWith("https://", developer.GetProperty(url).GetString(), StringComparison.Ordinal);
        }
        Assert.InRange(root.GetProperty("name").GetProperty("short").GetString()!.Length, 1, 30);
        Assert.InRange(root.GetProperty("name").GetProperty("full").GetString()!.Length, 1, 100);
        Assert.InRange(root.GetProperty("description").GetProperty("short").GetString()!.Length, 1, 80);
        Assert.InRange(root.GetProperty("description").GetProperty("full").GetString()!.Length, 1, 4000);
        Assert.Matches(HexColor(), root.GetProperty("accentColor").GetString()!);

        // The bot: this app id, all three scopes, a few command suggestions within Teams' limits.
        var bot = Assert.Single(root.GetProperty("bots").EnumerateArray());
        Assert.Equal(appId.ToString("D"), bot.GetProperty("botId").GetString());
        Assert.Equal(["groupChat", "personal", "team"], bot.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).Order(StringComparer.Ordinal));
        var commands = bot.GetProperty("commandLists")[0].GetProperty("commands").EnumerateArray().ToList();
        Assert.InRange(commands.Count, 2, 10);
        Assert.All(commands, c =>
        {
            Assert.InRange(c.GetProperty("title").GetString()!.Length, 1, 32);
            Assert.InRange(c.GetProperty("description").GetString()!.Length, 1, 128);
        });

        // Icons named in the manifest exist with the sizes Teams requires; the outline is white on transparent.
        var icons = root.GetProperty("icons");
        var color = ReadPng(zip, icons.GetProperty("color").GetString()!);
        Assert.Equal((192, 192), (color.Width, color.Height));
        Assert.All(Pixels(color), p => Assert.Equal(255, p.A));
        var outline = ReadPng(zip, icons.GetProperty("outline").GetString()!);
        Assert.Equal((32, 32), (outline.Width, outline.Height));
        var outlinePixels = Pixels(outline).ToList();
        Assert.All(outlinePixels, p => Assert.True(p.A == 0 || (p.R, p.G, p.B) == (255, 255, 255), $"outline pixel {p} is neither transparent nor white"));
        Assert.Contains(outlinePixels, p => p.A == 255);
        Assert.Contains(outlinePixels, p => p.A == 0);
    }

    [Fact]
    public async Task Package_icons_are_the_committed_image_files()
    {
        var zipPath = Path.Combine(RepoPaths.ArtifactsFolder, "test-output", $"labelbot-teams-{Guid.NewGuid():N}.zip");

        await TeamsPackageCommand.WritePackageAsync(new TeamsAppSettings(Guid.NewGuid()), zipPath);

        using var zip = ZipFile.OpenRead(zipPath);
        foreach (var (file, size) in new[] { (TeamsManifest.ColorIconFile, 192), (TeamsManifest.OutlineIconFile, 32) })
        {
            var committed = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Root, "src", "LabelBot.Bot", "Channels", "Teams", "Icons", file));
            using var entry = zip.GetEntry(file)!.Open();
            using var packaged = new MemoryStream();
            await entry.CopyToAsync(packaged);
            Assert.Equal(committed, packaged.ToArray());
            var png = ReadPng(zip, file);
            Assert.Equal((size, size), (png.Width, png.Height));
        }
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task Invalid_app_id_is_refused(string appId)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = await TeamsPackageCommand.RunAsync(["--app-id", appId, "--out", Path.Combine(Path.GetTempPath(), "never.zip")], output, errors);
        Assert.Equal(2, exit);
        Assert.Contains("app id", errors.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Plain_http_urls_are_refused()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = await TeamsPackageCommand.RunAsync(["--app-id", Guid.NewGuid().ToString(), "--privacy-url", "http://insecure.example.com/privacy", "--out", Path.Combine(Path.GetTempPath(), "never.zip")], output, errors);
        Assert.Equal(2, exit);
        Assert.Contains("privacy", errors.ToString(), StringComparison.Ordinal);
    }

    private sealed record Png(int Width, int Height, byte[] Rgba);

    /// <summary>Independent PNG reader: checks the signature and chunk CRCs, inflates IDAT, undoes the row filters (type 0 or 1).</summary>
    private static Png ReadPng(ZipArchive zip, string name)
    {
        using var entry = zip.GetEntry(name)!.Open();
        using var buffer = new MemoryStream();
        entry.CopyTo(buffer);
        var bytes = buffer.ToArray();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        for (var offset = 8; offset < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(bytes, offset + 4, 4);
            var data = bytes.AsSpan(offset + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset + 8 + length));
            Assert.Equal(crc, Crc32(bytes.AsSpan(offset + 4, 4 + length)));
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);
                Assert.Equal(6, data[9]);
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            offset += 12 + length;
        }
        idat.Position = 0;
        using var inflater = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);
        var scanlines = raw.ToArray();
        var stride = width * 4;
        Assert.Equal(height * (stride + 1), scanlines.Length);
        var rgba = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = scanlines[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                var value = scanlines[y * (stride + 1) + 1 + x];
                rgba[y * stride + x] = filter switch
                {
                    0 => value,
                    1 => (byte)(value + (x >= 4 ? rgba[y * stride + x - 4] : 0)),
                    _ => throw new NotSupportedException($"PNG filter {filter}"),
                };
            }
        }
        return new Png(width, height, rgba);
    }

    /// <summary>CRC-32 (ISO-HDLC, as PNG uses), bit by bit: slow and obviously right.</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }

    private static IEnumerable<(byte R, byte G, byte B, byte A)> Pixels(Png png)
    {
        for (var i = 0; i < png.Rgba.Length; i += 4)
        {
            yield return (png.Rgba[i], png.Rgba[i + 1], png.Rgba[i + 2], png.Rgba[i + 3]);
        }
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex SemVer();

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColor();
}
