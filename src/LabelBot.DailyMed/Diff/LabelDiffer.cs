using System.Text.RegularExpressions;
using LabelBot.Core.Answering.Extractive;
using LabelBot.Core.Labels;
using LabelBot.Labels;

namespace LabelBot.DailyMed.Diff;

/// <summary>
/// Compares two versions of a label section by section. Sections are matched on their LOINC code plus the path of
/// their titles without PLR numbers, so inserting a new 5.2 (which renumbers every later subsection) does not show
/// every later subsection as removed and re-added. Within a matched section the sentences are compared as sets:
/// reordering is not a change, a reworded sentence shows as one removed and one added sentence.
/// </summary>
public static partial class LabelDiffer
{
    public static LabelDiff Compare(LabelSnapshot from, LabelSnapshot to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (!string.Equals(from.SetId, to.SetId, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Cannot compare different label sets ({from.SetId} and {to.SetId}).", nameof(to));
        }

        var oldSections = GroupSections(from.Passages);
        var newSections = GroupSections(to.Passages);
        var added = new List<SectionChange>();
        var removed = new List<SectionChange>();
        var changed = new List<SectionChange>();
        var unchanged = 0;

        // New-version order first (that is how a reader meets the sections), then sections only the old one had.
        foreach (var (key, section) in newSections)
        {
            if (!oldSections.TryGetValue(key, out var old))
            {
                added.Add(section.ToChange(key, section.Sentences, []));
                continue;
            }
            var addedSentences = Except(section.Sentences, old.Sentences);
            var removedSentences = Except(old.Sentences, section.Sentences);
            if (addedSentences.Count == 0 && removedSentences.Count == 0)
            {
                unchanged++;
            }
            else
            {
                changed.Add(section.ToChange(key, addedSentences, removedSentences));
            }
        }
        foreach (var (key, section) in oldSections)
        {
            if (!newSections.ContainsKey(key))
            {
                removed.Add(section.ToChange(key, [], section.Sentences));
            }
        }

        return new LabelDiff(to.SetId, to.Title, new LabelVersionRef(from.Version, from.EffectiveDate), new LabelVersionRef(to.Version, to.EffectiveDate),
            added, removed, changed, unchanged);
    }

    /// <summary>The key a section is matched on: code plus number-free, case- and space-insensitive title path.</summary>
    public static string SectionKey(Passage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        var path = passage.SectionPath.Length > 0 ? passage.SectionPath : passage.SectionTitle;
        var titles = path.Split(" > ", StringSplitOptions.TrimEntries)
            .Select(segment => Normalize(LeadingSectionNumber().Replace(segment, string.Empty)).ToUpperInvariant());
        return passage.SectionCode + "|" + string.Join(" > ", titles);
    }

    private static List<ChangedSentence> Except(IReadOnlyList<ChangedSentence> these, IReadOnlyList<ChangedSentence> those)
    {
        var other = new HashSet<string>(those.Select(s => Normalize(s.Text)), StringComparer.Ordinal);
        return these.Where(s => !other.Contains(Normalize(s.Text))).ToList();
    }

    private static Dictionary<string, SectionText> GroupSections(IReadOnlyList<Passage> passages)
    {
        // Insertion order of a Dictionary is enumeration order as long as nothing is removed.
        var sections = new Dictionary<string, SectionText>(StringComparer.Ordinal);
        foreach (var passage in passages.OrderBy(p => p.Ordinal))
        {
            var key = SectionKey(passage);
            if (!sections.TryGetValue(key, out var section))
            {
                section = new SectionText(passage);
                sections.Add(key, section);
            }
            section.Add(passage);
        }
        return sections;
    }

    /// <summary>Collapses runs of white space so that re-wrapping a paragraph is not a change.</summary>
    internal static string Normalize(string text) => LabelText.NormalizeWhitespace(text);

    // "5.2 Tendinitis" → "Tendinitis"; "17 PATIENT COUNSELING" → "PATIENT COUNSELING".
    [GeneratedRegex(@"^\d+(?:\.\d+)*\.?\s+", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingSectionNumber();

    /// <summary>The sentences of one section (all passages sharing its key), each once, in reading order.</summary>
    private sealed class SectionText(Passage first)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public Passage First { get; } = first;

        public List<ChangedSentence> Sentences { get; } = [];

        public void Add(Passage passage)
        {
            foreach (var sentence in SentenceSplitter.SplitToStrings(passage.Text))
            {
                var trimmed = sentence.Trim();
                if (trimmed.Length > 0 && _seen.Add(Normalize(trimmed)))
                {
                    // The sentence is kept verbatim (not normalised) so it stays a quote of the passage.
                    Sentences.Add(new ChangedSentence(trimmed, passage.Id));
                }
            }
        }

        public SectionChange ToChange(string key, IReadOnlyList<ChangedSentence> added, IReadOnlyList<ChangedSentence> removed) =>
            new(key, First.SectionCode, First.SectionNumber, First.SectionTitle, First.SectionPath, added, removed);
    }
}
