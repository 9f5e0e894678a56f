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

    /// <summary>A verbatim sentence of a label to quote, with where it stands.</summary>
    public sealed record Choice(Passage Passage, LabelVersionInfo Label, string Sentence);

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
        // Another medicine named in the question ("antacids", "Xanax") is the point: a sentence that does not name it is not.
        var named = concepts.Concepts.Where(c => c.NamedAs is not null).ToList();
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
                    if (!named.All(c => c.IsMentionedIn(stems)))
                    {
                        continue;
                    }
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

    [GeneratedRegex(@"\b(?:avoid|do not|don't|stop|call|seek|get (?:medical|emergency) help|risk|can cause|may cause|can lead|increase[sd]? the risk|contraindicated|death)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Cue();
}
