using LabelBot.Core.Labels;

namespace LabelBot.Bot.Viewer;

/// <summary>One section of a stored label version: its heading ("5.1 Hepatotoxicity"), its own passages, its subsections.</summary>
public sealed class OutlineSection(string heading, string anchor, int depth)
{
    public string Heading { get; } = heading;

    /// <summary>Element id of the section on the page ("s-3").</summary>
    public string Anchor { get; } = anchor;

    /// <summary>0 for a top-level section.</summary>
    public int Depth { get; } = depth;

    public List<Passage> Passages { get; } = [];

    public List<OutlineSection> Children { get; } = [];
}

/// <summary>
/// The section tree of a stored label version, rebuilt from its passages: each passage keeps the display titles of its
/// section and every enclosing one (<see cref="Passage.SectionPath"/>, "5 WARNINGS AND PRECAUTIONS &gt; 5.1 …"), and
/// passages are stored in reading order, so sections appear in label order with their own text before their subsections.
/// A heading with no text anywhere under it is not stored and so not shown.
/// </summary>
public static class LabelOutline
{
    private const string PathSeparator = " > ";

    public static IReadOnlyList<OutlineSection> Build(IReadOnlyList<Passage> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        var roots = new List<OutlineSection>();
        var byPath = new Dictionary<string, OutlineSection>(StringComparer.Ordinal);
        foreach (var passage in passages.OrderBy(p => p.Ordinal))
        {
            var path = passage.SectionPath.Length > 0 ? passage.SectionPath : passage.SectionDisplayTitle;
            var parts = path.Split(PathSeparator, StringSplitOptions.TrimEntries);
            OutlineSection? parent = null;
            var key = string.Empty;
            for (var depth = 0; depth < parts.Length; depth++)
            {
                key = depth == 0 ? parts[0] : key + PathSeparator + parts[depth];
                if (!byPath.TryGetValue(key, out var section))
                {
                    section = new OutlineSection(parts[depth], "s-" + (byPath.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), depth);
                    byPath[key] = section;
                    (parent?.Children ?? roots).Add(section);
                }
                parent = section;
            }
            parent!.Passages.Add(passage);
        }
        return roots;
    }
}
