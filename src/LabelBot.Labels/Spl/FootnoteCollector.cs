using System.Globalization;

namespace LabelBot.Labels.Spl;

/// <summary>
/// Numbers the footnotes of one text block. The SPL stylesheet shows a superscript marker where the footnote
/// sits and the footnote text under the table or paragraph; we do the same with superscript digits (not "[1]",
/// which would read like a citation marker in answers).
/// </summary>
internal sealed class FootnoteCollector
{
    private readonly Dictionary<string, int> _numberById = new(StringComparer.Ordinal);
    private readonly List<string?> _texts = [];

    public bool IsEmpty => _texts.Count == 0;

    /// <summary>A footnote defined here; returns its marker.</summary>
    public string Define(string? id, string text)
    {
        if (id is not null && _numberById.TryGetValue(id, out var known))
        {
            _texts[known - 1] = text;
            return Marker(known);
        }
        _texts.Add(text);
        var number = _texts.Count;
        if (id is not null)
        {
            _numberById[id] = number;
        }
        return Marker(number);
    }

    /// <summary>A reference to a footnote defined elsewhere in the block (possibly later).</summary>
    public string Reference(string? id)
    {
        if (id is null)
        {
            return string.Empty;
        }
        if (!_numberById.TryGetValue(id, out var number))
        {
            _texts.Add(null);
            number = _texts.Count;
            _numberById[id] = number;
        }
        return Marker(number);
    }

    /// <summary>"¹ footnote text" lines, then forgets everything (footnotes are numbered per block).</summary>
    public IReadOnlyList<string> TakeLines()
    {
        var lines = new List<string>();
        for (var i = 0; i < _texts.Count; i++)
        {
            if (!string.IsNullOrEmpty(_texts[i]))
            {
                lines.Add($"{Marker(i + 1)} {_texts[i]}");
            }
        }
        _texts.Clear();
        _numberById.Clear();
        return lines;
    }

    private static string Marker(int number)
    {
        const string superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        var digits = number.ToString(CultureInfo.InvariantCulture);
        return string.Create(digits.Length, digits, (span, d) =>
        {
            for (var i = 0; i < d.Length; i++)
            {
                span[i] = superscripts[d[i] - '0'];
            }
        });
    }
}
