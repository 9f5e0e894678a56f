using System.Globalization;
using System.Text;
using LabelBot.Core.Answering.Prompts;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;

namespace LabelBot.Core.Answering.Extractive;

/// <summary>
/// Lays out label quotes as the user sees them: per label a header naming label, version and date; per section its
/// title and the quotes, each followed by [n]; then "Sources" and the disclaimer (texts from prompts/).
/// </summary>
public sealed class AnswerFormatter(PromptCatalog prompts)
{
    public static AnswerFormatter Default { get; } = new(PromptCatalog.Default);

    /// <summary>Text and citations for quotes given in display order (grouping keeps first-appearance order).</summary>
    public (string Text, IReadOnlyList<Citation> Citations) Format(IReadOnlyList<CitedQuote> quotes)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        if (quotes.Count == 0)
        {
            throw new ArgumentException("An answer needs at least one quote.", nameof(quotes));
        }
        var citations = new List<Citation>();
        var body = new StringBuilder();
        foreach (var byLabel in quotes.GroupBy(q => q.Label.SetId, StringComparer.Ordinal))
        {
            var label = byLabel.First().Label;
            body.Append(Header(label)).Append("\n\n");
            foreach (var bySection in byLabel.GroupBy(q => q.Passage.SectionPath.Length > 0 ? q.Passage.SectionPath : q.Passage.SectionCode, StringComparer.Ordinal))
            {
                body.Append(bySection.First().Passage.SectionDisplayTitle).Append('\n');
                var quotesInSection = bySection.ToList();
                var pendingMarkers = string.Empty;
                for (var q = 0; q < quotesInSection.Count; q++)
                {
                    var quote = quotesInSection[q];
                    var n = citations.Count + 1;
                    citations.Add(quote.ToCitation(n));
                    // A lead-in whose items continue in the next quote takes its marker to the end of the list, so it never reads as cut off.
                    var continued = q + 1 < quotesInSection.Count && quotesInSection[q + 1].ContinuesPrevious;
                    var marker = pendingMarkers + "[" + n.ToString(CultureInfo.InvariantCulture) + "]";
                    // Shown without cross-references and table pipes, list items as a nested list; the citation keeps the verbatim text.
                    var lines = QuoteDisplay.Render(quote.Quote).Split('\n');
                    for (var i = 0; i < lines.Length; i++)
                    {
                        var line = lines[i];
                        // Items chunked into the next passage lost their bullet to the sentence splitter: they are items all the same.
                        var item = line.StartsWith("• ", StringComparison.Ordinal);
                        if (quote.ContinuesPrevious && !item)
                        {
                            line = "• " + line;
                            item = true;
                        }
                        body.Append(item ? "  - " + line[2..] : (i == 0 && !quote.ContinuesPrevious ? "- " : "  ") + line);
                        if (i == lines.Length - 1 && !continued)
                        {
                            body.Append(' ').Append(marker);
                        }
                        body.Append('\n');
                    }
                    pendingMarkers = continued ? marker : string.Empty;
                }
                body.Append('\n');
            }
        }
        body.Append(Sources(citations)).Append("\n\n").Append(prompts.Render("disclaimer"));
        return (body.ToString().Trim(), citations);
    }

    /// <summary>"From the LIPITOR (atorvastatin calcium) label (version 42, effective 2024-05-01):".</summary>
    public string Header(LabelVersionInfo label) => LabelVersions.IsStated(label.Version) && LabelVersions.IsStated(label.EffectiveDate)
        ? prompts.Render("answer-header", new Dictionary<string, string>
        {
            ["product"] = label.DisplayName,
            ["version"] = label.Version.ToString(CultureInfo.InvariantCulture),
            ["date"] = label.EffectiveDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        })
        : prompts.Render("answer-header-version-not-stated", new Dictionary<string, string> { ["product"] = label.DisplayName });

    /// <summary>The "Sources:" list: one line per citation with label, version, section and DailyMed link.</summary>
    public string Sources(IEnumerable<Citation> citations)
    {
        var sb = new StringBuilder(prompts.Render("sources-heading"));
        foreach (var c in citations)
        {
            var section = string.IsNullOrEmpty(c.SectionNumber) ? c.SectionTitle : $"{c.SectionNumber} {c.SectionTitle}";
            sb.Append('\n').Append(CultureInfo.InvariantCulture, $"[{c.N}] {c.Title}, {CitationVersionText.For(c, prompts)}, {section}: {c.Url}");
        }
        return sb.ToString();
    }

    /// <summary>
    /// The text without its "Sources:" block, for channels that show the sources once in their own way (the sources
    /// card, Teams citations): the [n] markers stay and still point at the citations.
    /// </summary>
    public string WithoutSources(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var heading = prompts.Render("sources-heading");
        var lines = text.Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == heading);
        if (start < 0)
        {
            return text;
        }
        var end = start + 1;
        while (end < lines.Length && lines[end].Trim().Length > 0)
        {
            end++;
        }
        return string.Join('\n', lines.Take(start).Concat(lines.Skip(end + (end < lines.Length ? 1 : 0)))).Trim();
    }

    /// <summary>Section titles of passages, de-duplicated in order, for "I checked these sections".</summary>
    public static string SectionList(IEnumerable<Passage> passages, int max = 6)
    {
        var titles = passages.Select(p => p.SectionDisplayTitle).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var shown = titles.Take(max).ToList();
        var list = string.Join("; ", shown);
        return titles.Count > max ? $"{list} (and {titles.Count - max} more)" : list;
    }
}
