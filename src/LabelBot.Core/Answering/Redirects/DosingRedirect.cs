using System.Text.RegularExpressions;
using LabelBot.Core.Answering.Extractive;
using LabelBot.Core.Answering.Products;
using LabelBot.Core.Answering.Prompts;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using static LabelBot.Core.Answering.Replies;

namespace LabelBot.Core.Answering.Redirects;

/// <summary>
/// The reply to a dosing question: to the pharmacist, with the label's own sentence about what was asked or a pointer
/// to its dosing section, never a dose.
/// </summary>
internal sealed partial class DosingRedirect(ILabelStore store, LabelEvidence evidence, RedirectQuotes quotes, PromptCatalog prompts)
{
    public async Task<AnswerResult> BuildAsync(AnswerTurn turn, ProductSelection selection, string topic, CancellationToken ct)
    {
        var pointer = string.Empty;
        var citations = new List<Citation>();
        // "Can I use Rogaine if I'm under 18?": the label's own sentence about what was asked helps more than a pointer
        // to the dosing section (the quote never carries a dose amount nor comes from the dosing section).
        if (await quotes.AnswerQuoteAsync(turn, selection, topic, ct, quantityFree: true) is { } answered)
        {
            var redirect = prompts.Render("dosing-redirect", new Dictionary<string, string> { ["label_pointer"] = answered.Text });
            return Reply(AnswerKind.DosingRedirect, redirect, answered.Citations, pharmacist: true);
        }
        if (!selection.IsEmpty)
        {
            var label = selection.Groups[0].Primary;
            var dosing = await store.GetPassagesAsync(label.SetId, [SectionCodes.DosageAndAdministration], ct);
            if (dosing.Count > 0)
            {
                turn.Remember(dosing);
                // SAFETY: the pointer cites the section by title and link; its quote is a sentence with no number,
                // number word or frequency at all, or nothing. The redirect never carries a dose.
                var whole = await evidence.ReadAsync(label, ct);
                var (passage, quote) = AsPrescribedSentence(whole) ?? QuantityFreeSentence(dosing);
                turn.Remember([passage]);
                citations.Add(CitationFactory.Create(1, passage, label, quote));
                pointer = prompts.Render("dosing-label-pointer", new Dictionary<string, string>
                {
                    ["product"] = label.DisplayName,
                    ["section"] = SectionName(dosing[0]),
                    ["label_said"] = quote.Length > 0 ? prompts.Render("dosing-label-quote", new Dictionary<string, string> { ["quote"] = QuoteDisplay.Render(quote) }) : string.Empty,
                    ["n"] = "1",
                });
            }
        }
        else if (selection.UnknownNames.Count > 0)
        {
            pointer = prompts.Render("dosing-no-label", new Dictionary<string, string> { ["drugs"] = JoinNames(selection.UnknownNames) });
        }
        var text = prompts.Render("dosing-redirect", new Dictionary<string, string> { ["label_pointer"] = pointer });
        return Reply(AnswerKind.DosingRedirect, text, citations, pharmacist: true);
    }

    /// <summary>
    /// The label's own instruction to follow the prescriber ("Take VIAGRA exactly as your healthcare provider tells you"):
    /// the most useful thing a dosing redirect can quote, with no amount in it.
    /// </summary>
    private static (Passage Passage, string Quote)? AsPrescribedSentence(WholeLabel label)
    {
        foreach (var passage in label.Passages)
        {
            foreach (var span in SentenceSplitter.Split(passage.Text))
            {
                var sentence = span.Of(passage.Text);
                if (AsPrescribed().IsMatch(sentence) && !DoseText.HasAnyQuantity(sentence) && ExtractiveComposer.IsQuotable(sentence))
                {
                    return (passage, sentence);
                }
            }
        }
        return null;
    }

    [GeneratedRegex(@"\b(?:take|use|give)\b[^.]{0,60}\bexactly as\b", RegexOptions.IgnoreCase)]
    private static partial Regex AsPrescribed();

    private static (Passage Passage, string Quote) QuantityFreeSentence(IReadOnlyList<Passage> dosing)
    {
        foreach (var passage in dosing)
        {
            if (ExtractiveComposer.BestSentence(passage, QuestionConcepts.From(string.Empty, []), s => !DoseText.HasAnyQuantity(s)) is { } sentence)
            {
                return (passage, sentence);
            }
        }
        return (dosing[0], string.Empty);
    }

    // SAFETY: the dosing pointer names the section without its number ("DOSAGE AND ADMINISTRATION", not "2 …"),
    // so a public dosing redirect contains no digit that could be read as an amount.
    private static string SectionName(Passage passage)
    {
        var title = passage.TopSectionTitle.Length > 0 && passage.TopSectionCode == SectionCodes.DosageAndAdministration
            ? passage.TopSectionTitle
            : passage.SectionTitle;
        var unnumbered = LeadingSectionNumber().Replace(title, string.Empty).Trim();
        return unnumbered.Length > 0 && !unnumbered.Any(char.IsDigit) ? unnumbered : "Dosage and Administration";
    }

    [GeneratedRegex(@"^\s*\d+(?:\.\d+)*\s*")]
    private static partial Regex LeadingSectionNumber();
}
