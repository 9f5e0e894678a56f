namespace LabelBot.Bot.Channels.Teams;

/// <summary>
/// LabelBot's Teams icons, drawn in code: a drug label (a sheet with text lines and a plus) on the brand colour
/// (color, 192×192) and the same shape in white on transparent (outline, 32×32), as Teams requires.
/// </summary>
public static class TeamsIcons
{
    public const int ColorSize = 192;
    public const int OutlineSize = 32;
    private static readonly (byte R, byte G, byte B) Brand = (0x0B, 0x55, 0x63);

    public static byte[] Color()
    {
        var canvas = new Canvas(ColorSize, ColorSize);
        canvas.Fill(0, 0, ColorSize, ColorSize, Brand.R, Brand.G, Brand.B, 255);
        canvas.FillRounded(50, 30, 142, 162, 10, 255, 255, 255, 255);
        // The plus of a pharmacy label.
        canvas.Fill(88, 46, 104, 90, Brand.R, Brand.G, Brand.B, 255);
        canvas.Fill(74, 60, 118, 76, Brand.R, Brand.G, Brand.B, 255);
        // Text lines.
        foreach (var y in new[] { 106, 122, 138 })
        {
            canvas.Fill(66, y, y == 138 ? 104 : 126, y + 6, Brand.R, Brand.G, Brand.B, 255);
        }
        return canvas.ToPng();
    }

    public static byte[] Outline()
    {
        var canvas = new Canvas(OutlineSize, OutlineSize);
        // Sheet border, 2 px, white on transparent.
        canvas.Fill(7, 3, 25, 5, 255, 255, 255, 255);
        canvas.Fill(7, 27, 25, 29, 255, 255, 255, 255);
        canvas.Fill(7, 3, 9, 29, 255, 255, 255, 255);
        canvas.Fill(23, 3, 25, 29, 255, 255, 255, 255);
        canvas.Fill(15, 7, 17, 15, 255, 255, 255, 255);
        canvas.Fill(12, 10, 20, 12, 255, 255, 255, 255);
        canvas.Fill(11, 18, 21, 20, 255, 255, 255, 255);
        canvas.Fill(11, 22, 18, 24, 255, 255, 255, 255);
        return canvas.ToPng();
    }

    private sealed class Canvas(int width, int height)
    {
        private readonly byte[] _pixels = new byte[width * height * 4];

        /// <summary>Fills [x0, x1) × [y0, y1).</summary>
        public void Fill(int x0, int y0, int x1, int y1, byte r, byte g, byte b, byte a)
        {
            for (var y = Math.Max(0, y0); y < Math.Min(height, y1); y++)
            {
                for (var x = Math.Max(0, x0); x < Math.Min(width, x1); x++)
                {
                    Set(x, y, r, g, b, a);
                }
            }
        }

        public void FillRounded(int x0, int y0, int x1, int y1, int radius, byte r, byte g, byte b, byte a)
        {
            for (var y = y0; y < y1; y++)
            {
                for (var x = x0; x < x1; x++)
                {
                    var dx = Math.Max(Math.Max(x0 + radius - x, 0), Math.Max(x - (x1 - 1 - radius), 0));
                    var dy = Math.Max(Math.Max(y0 + radius - y, 0), Math.Max(y - (y1 - 1 - radius), 0));
                    if (dx * dx + dy * dy <= radius * radius)
                    {
                        Set(x, y, r, g, b, a);
                    }
                }
            }
        }

        public byte[] ToPng() => PngEncoder.Encode(width, height, _pixels);

        private void Set(int x, int y, byte r, byte g, byte b, byte a)
        {
            var i = (y * width + x) * 4;
            _pixels[i] = r;
            _pixels[i + 1] = g;
            _pixels[i + 2] = b;
            _pixels[i + 3] = a;
        }
    }
}
