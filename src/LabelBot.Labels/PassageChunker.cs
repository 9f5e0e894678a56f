using System.Text.RegularExpressions;
using LabelBot.Core.Labels;
using LabelBot.Labels.Spl;

namespace LabelBot.Labels;

/// <summary>
/// Cuts a label into citable passages: one per paragraph, list or table; very short paragraphs are merged with
/// what follows in the same section (a lead-in such as "Usage" or "including:" belongs with its text), long
/// blocks are split at sentence (paragraphs) or line (lists, tables) boundaries. Every passage text is a
/// contiguous piece of <see cref="LabelText.FullText"/>, so a quote taken from a passage is a quote of the label.
/// </summary>
public static partial class PassageChunker
{
    /// <summary>Blocks longer than this are split.</summary>
    public const int MaxPassageChars = 1200;

    /// <summary>Size that split pieces aim for.</summary>
    public const int TargetPassageChars = 800;

    /// <summary>Paragraphs and lists shorter than this are merged with a neighbouring block of their section.</summary>
    public const int ShortParagraphChars = 100;

    private const string PathSeparator = " > ";
    private const string FallbackTitle = "Additional label text";

    public static IReadOnlyList<Passage> Chunk(LabelDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var context = new ChunkContext(document);
        foreach (var top in document.Sections)
        {
            Visit(top, [], context);
        }
        return context.Passages;
    }

    private static void Visit(LabelSection section, List<LabelSection> ancestors, ChunkContext context)
    {
        if (section.Blocks.Count > 0)
        {
            EmitSection(section, ancestors, context);
        }
        ancestors.Add(section);
        foreach (var child in section.Children)
        {
            Visit(child, ancestors, context);
        }
        ancestors.RemoveAt(ancestors.Count - 1);
    }

    private static void EmitSection(LabelSection section, List<LabelSection> ancestors, ChunkContext context)
    {
        var lineage = ancestors.Append(section).ToList();
        var top = lineage[0];

        // Subsections usually carry the generic code 42229-5: the nearest coded ancestor says what they are about.
        var code = lineage.LastOrDefault(s => SectionTreeReader.IsMeaningful(s.Code))?.Code ?? section.Code;
        var titled = lineage.LastOrDefault(s => s.Title.Length > 0);
        var number = titled?.Number ?? string.Empty;
        var title = titled?.Title ?? FallbackTitle;
        var path = string.Join(PathSeparator, lineage.Select(s => s.DisplayTitle).Where(t => t.Length > 0));
        if (path.Length == 0)
        {
            path = title;
        }
        var topTitle = top.DisplayTitle.Length > 0 ? top.DisplayTitle : title;

        foreach (var text in Units(section.Blocks))
        {
            var ordinalInPath = context.NextOrdinalInPath(path);
            context.Passages.Add(new Passage(
                PassageIds.Create(context.Document.SetId, context.Document.Version, path, ordinalInPath, text),
                context.Document.SetId,
                context.Document.Version,
                context.Passages.Count,
                code,
                number,
                title,
                top.Code,
                topTitle,
                path,
                text));
        }
    }

    /// <summary>The passage texts of one section's blocks, in order.</summary>
    private static List<string> Units(IReadOnlyList<SectionBlock> blocks)
    {
        var units = new List<string>();
        string? pending = null;
        foreach (var block in blocks)
        {
            var text = block.Text;
            if (text.Length == 0)
            {
                continue;
            }
            if (pending is not null)
            {
                var merged = pending + LabelText.BlockSeparator + text;
                if (merged.Length <= MaxPassageChars)
                {
                    text = merged;
                }
                else
                {
                    units.Add(pending);
                }
                pending = null;
            }
            // A lead-in ("Usage", "Symptoms may include:") or a one-item list is too small to cite on its own.
            if (block.Kind != BlockKind.Table && text.Length < ShortParagraphChars)
            {
                pending = text;
                continue;
            }
            units.AddRange(Split(text, block.Kind));
        }
        if (pending is not null)
        {
            // A short closing block joins the passage before it when they fit together.
            if (units.Count > 0 && units[^1].Length + LabelText.BlockSeparator.Length + pending.Length <= MaxPassageChars)
            {
                units[^1] = units[^1] + LabelText.BlockSeparator + pending;
            }
            else
            {
                units.Add(pending);
            }
        }
        return units;
    }

    private static List<string> Split(string text, BlockKind kind)
    {
        // Cut where the text means it: paragraphs between sentences; lists between top-level items, then between
        // any items; tables between rows. Words are the last resort for a giant sentence or row.
        Func<string, List<int>>[] boundaries = kind switch
        {
            BlockKind.List => [TopLevelLineStarts, LineStarts, SentenceStarts, WordStarts],
            BlockKind.Table => [LineStarts, SentenceStarts, WordStarts],
            _ => [SentenceStarts, WordStarts],
        };
        var result = new List<string>();
        SplitWith(text, boundaries, 0, result);
        return result;
    }

    private static void SplitWith(string text, Func<string, List<int>>[] boundaries, int level, List<string> result)
    {
        if (text.Length <= MaxPassageChars || level >= boundaries.Length)
        {
            result.Add(text);
            return;
        }
        foreach (var piece in Pack(text, boundaries[level](text)))
        {
            SplitWith(piece, boundaries, level + 1, result);
        }
    }

    /// <summary>
    /// Greedy packing of the pieces between boundaries into chunks of about <see cref="TargetPassageChars"/>;
    /// a small tail is folded into the previous chunk. Chunks are trimmed substrings of <paramref name="text"/>.
    /// </summary>
    private static List<string> Pack(string text, List<int> boundaries)
    {
        var chunks = new List<(int Start, int End)>();
        var start = 0;
        var lastBoundary = 0;
        foreach (var boundary in boundaries.Append(text.Length))
        {
            if (boundary <= start)
            {
                continue;
            }
            if (boundary - start > TargetPassageChars && lastBoundary > start)
            {
                chunks.Add((start, lastBoundary));
                start = lastBoundary;
            }
            lastBoundary = boundary;
        }
        if (start < text.Length)
        {
            chunks.Add((start, text.Length));
        }
        if (chunks.Count > 1)
        {
            var (tailStart, tailEnd) = chunks[^1];
            var (prevStart, _) = chunks[^2];
            if (tailEnd - tailStart < TargetPassageChars / 4 && tailEnd - prevStart <= MaxPassageChars)
            {
                chunks.RemoveAt(chunks.Count - 1);
                chunks[^1] = (prevStart, tailEnd);
            }
        }
        return chunks
            .Select(c => text[c.Start..c.End].Trim())
            .Where(c => c.Length > 0)
            .ToList();
    }

    private static List<int> SentenceStarts(string text) =>
        SentenceBoundary().Matches(text).Select(m => m.Index + m.Length).ToList();

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int>();
        for (var i = text.IndexOf('\n', StringComparison.Ordinal); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            starts.Add(i + 1);
        }
        return starts;
    }

    /// <summary>Lines of a list that start a top-level item (nested items are indented).</summary>
    private static List<int> TopLevelLineStarts(string text) =>
        LineStarts(text).Where(start => start < text.Length && text[start] != ' ').ToList();

    private static List<int> WordStarts(string text)
    {
        var starts = new List<int>();
        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i - 1]) && !char.IsWhiteSpace(text[i]))
            {
                starts.Add(i);
            }
        }
        return starts;
    }

    // End of sentence punctuation (optionally closed by a quote or bracket), whitespace, then something that can
    // start a sentence. Line breaks (from <br/>) are boundaries too.
    [GeneratedRegex(@"(?<=[.!?][""')\]]?)\s+(?=[""'(\[]?[\p{Lu}\d•])|\n", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBoundary();

    private sealed class ChunkContext(LabelDocument document)
    {
        private readonly Dictionary<string, int> _ordinalsByPath = new(StringComparer.Ordinal);

        public LabelDocument Document { get; } = document;
        public List<Passage> Passages { get; } = [];

        /// <summary>
        /// Position within the section path. Counted per path, not per section object, because sibling
        /// untitled subsections share a path and must still get distinct ids.
        /// </summary>
        public int NextOrdinalInPath(string path)
        {
            _ordinalsByPath.TryGetValue(path, out var next);
            _ordinalsByPath[path] = next + 1;
            return next;
        }
    }
}
