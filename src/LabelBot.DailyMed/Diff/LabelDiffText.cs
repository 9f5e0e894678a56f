using System.Globalization;
using System.Text;

namespace LabelBot.DailyMed.Diff;

/// <summary>Renders a diff for the terminal: a header, then "~" changed, "+" added and "-" removed sections with their sentences.</summary>
public static class LabelDiffText
{
    /// <summary>Sentences shown per section; the JSON output always has all of them.</summary>
    public const int DefaultMaxSentencesPerSection = 12;

    public static string Render(LabelDiff diff, int maxSentencesPerSection = DefaultMaxSentencesPerSection)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{diff.Title} (set id {diff.SetId})").Append('\n');
        text.Append(CultureInfo.InvariantCulture,
            $"version {diff.From.Version} ({Date(diff.From.EffectiveDate)}) -> version {diff.To.Version} ({Date(diff.To.EffectiveDate)})").Append('\n');
        text.Append(CultureInfo.InvariantCulture,
            $"{diff.Changed.Count} changed, {diff.Added.Count} added, {diff.Removed.Count} removed, {diff.UnchangedSections} unchanged sections").Append('\n');
        if (!diff.HasChanges)
        {
            text.Append("No section text changed.\n");
            return text.ToString();
        }
        foreach (var section in diff.Changed)
        {
            Section(text, '~', section, "changed", maxSentencesPerSection);
        }
        foreach (var section in diff.Added)
        {
            Section(text, '+', section, "added", maxSentencesPerSection);
        }
        foreach (var section in diff.Removed)
        {
            Section(text, '-', section, "removed", maxSentencesPerSection);
        }
        text.Append('\n').Append(diff.Url).Append('\n');
        return text.ToString();
    }

    private static void Section(StringBuilder text, char marker, SectionChange section, string what, int max)
    {
        text.Append('\n').Append(marker).Append(' ').Append(section.SectionPath.Length > 0 ? section.SectionPath : section.DisplayTitle)
            .Append(" (").Append(what).Append(")\n");
        var lines = section.RemovedSentences.Select(s => "    - " + s.Text)
            .Concat(section.AddedSentences.Select(s => "    + " + s.Text))
            .ToList();
        foreach (var line in lines.Take(max))
        {
            text.Append(OneLine(line)).Append('\n');
        }
        if (lines.Count > max)
        {
            text.Append(CultureInfo.InvariantCulture, $"    … {lines.Count - max} more sentences (see --json)\n");
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
