namespace LabelBot.Bot.Channels.Teams;

/// <summary>
/// LabelBot's Teams icons, committed as image files (Teams/Icons) and embedded: a drug label on the brand colour
/// (color.png, 192×192) and the same shape in white on transparent (outline.png, 32×32), as the Teams manifest requires.
/// </summary>
public static class TeamsIcons
{
    public static byte[] Color() => Read(TeamsManifest.ColorIconFile);

    public static byte[] Outline() => Read(TeamsManifest.OutlineIconFile);

    private static byte[] Read(string fileName)
    {
        var resource = $"LabelBot.Bot.Channels.Teams.Icons.{fileName}";
        using var stream = typeof(TeamsIcons).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Missing embedded icon {resource}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
