using System.Globalization;
using System.Xml.Linq;

namespace LabelBot.Labels.Spl;

/// <summary>The marker drawn for a list item that has no authored caption.</summary>
internal readonly record struct ListNumbering(bool Ordered, string Style)
{
    public static ListNumbering For(XElement list) => new(
        string.Equals(list.Attribute("listType")?.Value, "ordered", StringComparison.OrdinalIgnoreCase),
        list.Attribute("styleCode")?.Value ?? string.Empty);

    public string Marker(int position)
    {
        if (!Ordered)
        {
            return "•";
        }
        if (Style.Contains("LittleAlpha", StringComparison.OrdinalIgnoreCase))
        {
            return Alpha(position).ToLowerInvariant() + ".";
        }
        if (Style.Contains("BigAlpha", StringComparison.OrdinalIgnoreCase))
        {
            return Alpha(position) + ".";
        }
        if (Style.Contains("LittleRoman", StringComparison.OrdinalIgnoreCase))
        {
            return Roman(position).ToLowerInvariant() + ".";
        }
        if (Style.Contains("BigRoman", StringComparison.OrdinalIgnoreCase))
        {
            return Roman(position) + ".";
        }
        return position.ToString(CultureInfo.InvariantCulture) + ".";
    }

    private static string Alpha(int position) =>
        position is >= 1 and <= 26 ? ((char)('A' + position - 1)).ToString() : position.ToString(CultureInfo.InvariantCulture);

    private static string Roman(int position)
    {
        ReadOnlySpan<(int Value, string Numeral)> numerals =
        [
            (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
        ];
        var result = string.Empty;
        foreach (var (value, numeral) in numerals)
        {
            while (position >= value)
            {
                result += numeral;
                position -= value;
            }
        }
        return result;
    }
}
