using System.Text.RegularExpressions;
using LabelBot.Core.Answering.Extractive;
using LabelBot.Core.Labels;

namespace LabelBot.Core.Answering.Redirects;

/// <summary>
/// The one label sentence a redirect quotes beside its refusal: the most relevant warning for what the user described
/// (the boxed warning about opioids with benzodiazepines; "avoid NSAIDs at about 20 weeks of pregnancy"), read from the
/// whole label rather than from the top retrieved passage, never a sentence with a dose amount.
/// </summary>
public static partial class RedirectQuote
{
    private static readonly Lazy<IReadOnlyList<DrugClass>> Classes = new(LoadClasses);

    /// <summary>A verbatim sentence of a label to quote, with where it stands.</summary>
    public sealed record Choice(Passage Passage, LabelVersionInfo Label, string Sentence);

    /// <summary>
    /// The question's concepts plus the label words for the class of any other drug it names ("Xanax" →
    /// benzodiazepines), so the quote can be the warning about that combination.
    /// </summary>
    public static QuestionConcepts ConceptsOf(string question, IEnumerable<string> productWords)
    {
        ArgumentNullException.ThrowIfNull(question);
        var subject = productWords.SelectMany(TermStems.Words).ToHashSet(StringComparer.Ordinal);
        var lower = " " + NonWord().Replace(question.ToLowerInvariant(), " ") + " ";
        var extra = new List<Concept>();
        foreach (var drugClass in Classes.Value)
        {
            var named = drugClass.Names.FirstOrDefault(n => lower.Contains(" " + n + " ", StringComparison.Ordinal) && !TermStems.Words(n).All(subject.Contains));
            if (named is not null)
            {
                extra.Add(new Concept(drugClass.LabelWords[0], drugClass.LabelWords.SelectMany(TermStems.Words).Select(TermStems.Stem).Distinct().ToList()));
            }
        }
        return QuestionConcepts.With(QuestionConcepts.From(question, productWords), extra);
    }

    /// <summary>The best sentence to quote from the given sections of the labels, or null when none mentions what was asked.</summary>
    public static Choice? Best(IEnumerable<WholeLabel> labels, QuestionConcepts concepts, IReadOnlySet<string> sections, Func<string, bool> allowed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(concepts);
        if (concepts.Count == 0)
        {
            return null;
        }
        var total = concepts.Concepts.Sum(QuestionConcepts.Weight);
        Choice? best = null;
        var bestScore = 0.0;
        foreach (var label in labels)
        {
            foreach (var passage in label.InSections(sections))
            {
                foreach (var span in SentenceSplitter.Split(passage.Text))
                {
                    var sentence = span.Of(passage.Text);
                    if (!ExtractiveComposer.IsQuotable(sentence) || sentence.EndsWith(':') || !allowed(sentence))
                    {
                        continue;
                    }
                    var stems = TermStems.Of(sentence);
                    var covered = concepts.MentionedIn(stems).Sum(QuestionConcepts.Weight) / total;
                    if (covered == 0)
                    {
                        continue;
                    }
                    var score = covered + SectionPriority(passage) + (Cue().IsMatch(sentence) ? 0.1 : 0) - (sentence.Length > 350 ? 0.1 : 0);
                    if (score > bestScore)
                    {
                        best = new Choice(passage, label.Label, sentence);
                        bestScore = score;
                    }
                }
            }
        }
        return best;
    }

    // The boxed warning outranks everything; then what to avoid, then the warnings, then the population sections.
    private static double SectionPriority(Passage passage) => (passage.SectionCode, passage.TopSectionCode) switch
    {
        (SectionCodes.BoxedWarning, _) or (_, SectionCodes.BoxedWarning) => 0.3,
        (SectionCodes.Contraindications, _) or (_, SectionCodes.Contraindications) or (SectionCodes.OtcDoNotUse, _) => 0.2,
        (SectionCodes.WarningsAndPrecautions, _) or (_, SectionCodes.WarningsAndPrecautions) or (SectionCodes.Warnings, _) or (_, SectionCodes.Warnings)
            or (SectionCodes.OtcStopUse, _) or (SectionCodes.OtcAskDoctor, _) or (SectionCodes.OtcAskDoctorOrPharmacist, _) => 0.15,
        _ => 0.05,
    };

    private static List<DrugClass> LoadClasses()
    {
        using var stream = typeof(RedirectQuote).Assembly.GetManifestResourceStream("drug-classes.tsv")
            ?? throw new InvalidOperationException("drug-classes.tsv is not embedded in LabelBot.Core.");
        using var reader = new StreamReader(stream);
        var classes = new List<DrugClass>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var columns = line.Split('\t');
            if (columns.Length != 2)
            {
                throw new InvalidOperationException("drug-classes.tsv: every line needs two tab-separated columns.");
            }
            classes.Add(new DrugClass(columns[0].Split('|'), columns[1].Split('|')));
        }
        return classes;
    }

    private sealed record DrugClass(IReadOnlyList<string> Names, IReadOnlyList<string> LabelWords);

    [GeneratedRegex(@"\b(?:avoid|do not|don't|stop|call|seek|get (?:medical|emergency) help|risk|can cause|may cause|can lead|increase[sd]? the risk|contraindicated|death)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Cue();

    [GeneratedRegex(@"[^a-z0-9]+")]
    private static partial Regex NonWord();
}
