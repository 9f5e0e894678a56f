using System.Globalization;
using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Extractive;
using LabelBot.Core.Answering.Prompts;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.DailyMed.Diff;

namespace LabelBot.DailyMed.Chat;

/// <summary>
/// Answers "what changed in the latest X label?" from the section diff between the current version and the one
/// before it. Quotes are the new or reworded sentences, cited from the CURRENT version; sections whose text was only
/// removed are named, not quoted (their text is no longer in the label).
/// </summary>
public sealed class LabelChangeAnswerer
{
    /// <summary>New sentences quoted per section, and in total, so a big revision stays readable.</summary>
    public const int MaxQuotesPerSection = 3;
    public const int MaxQuotes = 10;

    private readonly ILabelHistoryStore _history;
    private readonly PromptCatalog _prompts;
    private readonly AnswerFormatter _formatter;

    public LabelChangeAnswerer(ILabelHistoryStore history, PromptCatalog? prompts = null)
    {
        _history = history ?? throw new ArgumentNullException(nameof(history));
        _prompts = prompts ?? PromptCatalog.Default;
        _formatter = new AnswerFormatter(_prompts);
    }

    /// <summary>The reply for the current version of <paramref name="label"/> (as resolved from the question).</summary>
    public async Task<AnswerResult> AnswerAsync(LabelVersionInfo label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (WithdrawnLabelNotice.Compose(label, _prompts) is { } withdrawn)
        {
            return withdrawn;
        }
        var versions = await _history.ListVersionsAsync(label.SetId, cancellationToken);
        var current = versions.FirstOrDefault(v => v.IsCurrent) ?? label;
        var previous = versions.Where(v => v.Version < current.Version).MaxBy(v => v.Version);
        if (previous is null)
        {
            return NotInLabel(current, _prompts.Render("label-changes-no-history", new Dictionary<string, string>
            {
                ["product"] = current.DisplayName,
                ["version"] = Number(current.Version),
                ["date"] = Date(current.EffectiveDate),
            }));
        }

        var newPassages = await _history.GetPassagesAsync(current.SetId, current.Version, cancellationToken);
        var oldPassages = await _history.GetPassagesAsync(previous.SetId, previous.Version, cancellationToken);
        var diff = LabelDiffer.Compare(LabelSnapshot.FromStored(previous, oldPassages), LabelSnapshot.FromStored(current, newPassages));
        var values = new Dictionary<string, string>
        {
            ["product"] = current.DisplayName,
            ["from_version"] = Number(previous.Version),
            ["from_date"] = Date(previous.EffectiveDate),
            ["to_version"] = Number(current.Version),
            ["to_date"] = Date(current.EffectiveDate),
        };
        if (!diff.HasChanges)
        {
            return NotInLabel(current, _prompts.Render("label-changes-none", values));
        }

        var quotes = Quotes(diff, newPassages, current);
        var intro = new List<string>();
        var touched = diff.Changed.Concat(diff.Added).Select(s => s.DisplayTitle).Distinct(StringComparer.Ordinal).ToList();
        if (touched.Count > 0)
        {
            values["sections"] = string.Join("; ", touched);
            intro.Add(_prompts.Render("label-changes", values));
        }
        if (diff.Removed.Count > 0)
        {
            intro.Add(_prompts.Render("label-changes-removed", new Dictionary<string, string>
            {
                ["sections"] = string.Join("; ", diff.Removed.Select(s => s.DisplayTitle).Distinct(StringComparer.Ordinal)),
            }));
        }
        // The whole comparison, removed and added text marked, on the host's viewer.
        values["changes_path"] = LabelViewerPaths.Changes(current.SetId, previous.Version, current.Version);
        intro.Add(_prompts.Render("label-changes-side-by-side", values));
        if (quotes.Count == 0)
        {
            // Only whole sections were removed: nothing of the current label to quote.
            return NotInLabel(current, string.Join("\n\n", intro));
        }
        var (body, citations) = _formatter.Format(quotes);
        return new AnswerResult(AnswerKind.Answer, string.Join("\n\n", intro.Append(body)), citations, [], [], 0);
    }

    /// <summary>New sentences of changed and added sections; a section that only lost text is shown by its first sentence now.</summary>
    private static List<CitedQuote> Quotes(LabelDiff diff, IReadOnlyList<Passage> newPassages, LabelVersionInfo current)
    {
        var byId = newPassages.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var quotes = new List<CitedQuote>();
        foreach (var section in diff.Changed.Concat(diff.Added))
        {
            var sentences = section.AddedSentences.Count > 0
                ? section.AddedSentences.Take(MaxQuotesPerSection)
                : FirstSentence(section, newPassages);
            foreach (var sentence in sentences)
            {
                // SAFETY: only text that is verbatim in the current version's passage is quoted and cited.
                if (quotes.Count < MaxQuotes && byId.TryGetValue(sentence.PassageId, out var passage) &&
                    passage.Text.Contains(sentence.Text, StringComparison.Ordinal))
                {
                    quotes.Add(new CitedQuote(passage, current, sentence.Text));
                }
            }
        }
        return quotes;
    }

    private static IEnumerable<ChangedSentence> FirstSentence(SectionChange section, IReadOnlyList<Passage> newPassages)
    {
        var passage = newPassages.FirstOrDefault(p => LabelDiffer.SectionKey(p) == section.Key);
        var sentence = passage is null ? null : SentenceSplitter.SplitToStrings(passage.Text).FirstOrDefault();
        return sentence is null ? [] : [new ChangedSentence(sentence.Trim(), passage!.Id)];
    }

    private static AnswerResult NotInLabel(LabelVersionInfo label, string text) =>
        new(AnswerKind.NotInLabel, text, [], [new Candidate(label.SetId, label.DisplayName)], [], 0);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
