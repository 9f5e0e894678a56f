using System.Text;
using LabelBot.Core.Labels;
using LabelBot.Labels.Spl;

namespace LabelBot.Labels;

/// <summary>The whole text of a label, as the reference that quotes and passages are checked against.</summary>
public static class LabelText
{
    /// <summary>Separator between blocks; <see cref="PassageChunker"/> joins merged blocks with the same one.</summary>
    public const string BlockSeparator = "\n\n";

    /// <summary>Every block of every section in document order (Highlights first), joined by a blank line.</summary>
    public static string FullText(LabelDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var builder = new StringBuilder();
        foreach (var block in Blocks(document.Sections))
        {
            if (builder.Length > 0)
            {
                builder.Append(BlockSeparator);
            }
            builder.Append(block.Text);
        }
        return builder.ToString();
    }

    /// <summary>
    /// Collapses every whitespace run (line breaks included) into one space, for comparing a quote with label
    /// text regardless of line layout.
    /// </summary>
    public static string NormalizeWhitespace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TextNormalizer.SingleLine(text);
    }

    /// <summary>True when <paramref name="quote"/> occurs in <paramref name="text"/>, whitespace-normalised.</summary>
    public static bool ContainsQuote(string text, string quote)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(quote);
        var normalizedQuote = NormalizeWhitespace(quote);
        return normalizedQuote.Length > 0 &&
               NormalizeWhitespace(text).Contains(normalizedQuote, StringComparison.Ordinal);
    }

    private static IEnumerable<SectionBlock> Blocks(IEnumerable<LabelSection> sections)
    {
        foreach (var section in sections)
        {
            foreach (var block in section.Blocks)
            {
                yield return block;
            }
            foreach (var block in Blocks(section.Children))
            {
                yield return block;
            }
        }
    }
}
