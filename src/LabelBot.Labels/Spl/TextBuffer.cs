using System.Text;
using LabelBot.Core.Text;

namespace LabelBot.Labels.Spl;

/// <summary>
/// Collects rendered label text while collapsing whitespace as it goes: any run of XML whitespace becomes one
/// space, and only an explicit line break (<c>br</c>, a new list item or table row) becomes '\n'. This keeps
/// the text verbatim apart from whitespace, so quotes can later be found in it.
/// </summary>
internal sealed class TextBuffer
{
    private readonly StringBuilder _text = new();

    public int Length => _text.Length;

    public void Append(string value)
    {
        foreach (var c in value)
        {
            if (IsInvisible(c))
            {
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                AppendSpace();
            }
            else
            {
                _text.Append(c);
            }
        }
    }

    public void AppendSpace()
    {
        if (_text.Length > 0 && _text[^1] is not (' ' or '\n'))
        {
            _text.Append(' ');
        }
    }

    public void AppendLineBreak()
    {
        TrimTrailingSpace();
        if (_text.Length > 0 && _text[^1] != '\n')
        {
            _text.Append('\n');
        }
    }

    public void Clear() => _text.Clear();

    /// <summary>Lines trimmed, empty lines dropped.</summary>
    public override string ToString() => TextNormalizer.Lines(_text.ToString());

    private void TrimTrailingSpace()
    {
        while (_text.Length > 0 && _text[^1] == ' ')
        {
            _text.Length--;
        }
    }

    // Byte-order marks and zero-width characters appear inside some titles ("\uFEFFUses"); they are invisible
    // on the rendered label and would only break lookups.
    private static bool IsInvisible(char c) => c is '\uFEFF' or '\u200B' or '\u200C' or '\u200D' or '\u2060';
}

internal static class TextNormalizer
{
    /// <summary>Collapses whitespace within each line, trims lines and drops empty ones.</summary>
    public static string Lines(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        foreach (var rawLine in text.Split('\n'))
        {
            var line = SingleLine(rawLine);
            if (line.Length == 0)
            {
                continue;
            }
            if (builder.Length > 0)
            {
                builder.Append('\n');
            }
            builder.Append(line);
        }
        return builder.ToString();
    }

    /// <summary>Every whitespace run (line breaks included) becomes one space; trimmed.</summary>
    public static string SingleLine(string text) => Whitespace.Collapse(text);
}
