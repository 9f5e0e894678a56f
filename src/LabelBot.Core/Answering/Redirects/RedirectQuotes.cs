using LabelBot.Core.Answering.Extractive;
using LabelBot.Core.Answering.Products;
using LabelBot.Core.Answering.Prompts;
using LabelBot.Core.Labels;

namespace LabelBot.Core.Answering.Redirects;

/// <summary>The one cited label sentence a redirect may show beside its refusal, rendered with the label-quote text.</summary>
internal sealed class RedirectQuotes(LabelEvidence evidence, ExtractiveComposer composer, PromptCatalog prompts)
{
    /// <summary>
    /// The one sentence an answer to the question would lead with (storage → the storage sentence, alcohol → the alcohol
    /// warning), rendered with the label-quote text; null when the question names nothing specific, the label does not
    /// cover it, or the sentence carries a dose amount or comes from the dosing section.
    /// </summary>
    /// <param name="quantityFree">For a dosing redirect: no number at all ("6 hours before the next dose" is a schedule).</param>
    public async Task<(string Text, IReadOnlyList<Citation> Citations)?> AnswerQuoteAsync(
        AnswerTurn turn, ProductSelection selection, string topic, CancellationToken ct, bool quantityFree = false)
    {
        if (selection.IsEmpty || selection.IsAmbiguous)
        {
            return null;
        }
        var concepts = QuestionConcepts.From(topic, selection.ProductWords, selection.CompanionNames);
        if (!concepts.Concepts.Any(c => c.IsSpecific))
        {
            return null;
        }
        var groups = selection.Groups;
        var texts = await evidence.ReadAsync(groups, ct);
        if (concepts.Concepts.Any(c => c.IsSpecific && !texts.Any(t => t.Mentions(c))))
        {
            return null;
        }
        var intent = LabelEvidence.IntentSections(concepts);
        var passages = LabelEvidence.WithSectionsAndEvidence(await evidence.RetrieveAsync(topic, groups, ct), texts, concepts, intent);
        var composed = composer.Compose(concepts, passages, new ExtractiveOptions
        {
            MaxSentences = 1,
            ExcludeDoseAmountsFromDosageSection = true,
            Neighbours = new WholeLabels(texts),
            IntentSections = intent,
        });
        // SAFETY: a quote inside a refusal never carries a dose amount nor comes from the dosing section.
        if (!composed.Answered || composed.Quotes.Count != 1 || composed.Quotes[0] is not { } quote
            || quote.Quote.EndsWith(':') || DoseText.HasDoseAmount(quote.Quote) || (quantityFree && DoseText.HasAnyQuantity(quote.Quote))
            // Beside a dosing refusal only guidance counts: a trial or pharmacology sentence that shares a word ("night" in
            // "nightmare") is not what was asked.
            || (quantityFree && quote.Passage.TopSectionCode is SectionCodes.AdverseReactions or SectionCodes.ClinicalStudies or SectionCodes.ClinicalPharmacology)
            // Only a sentence that speaks to everything asked: "Xanax to sleep" is about benzodiazepines, not insomnia.
            || !concepts.Concepts.Where(c => c.IsSpecific).All(c => c.IsMentionedIn(TermStems.Of(quote.Quote)))
            || ExtractiveComposer.IsInDosageSection(quote.Passage))
        {
            return null;
        }
        return CitedLabelQuote(turn, quote.Passage, quote.Label, quote.Quote);
    }

    /// <summary>
    /// One verbatim label sentence from the given sections that mentions what the user asked about, rendered with the
    /// label-quote text, or empty when the label has nothing relevant.
    /// </summary>
    public async Task<(string Text, IReadOnlyList<Citation> Citations)> LabelQuoteAsync(
        AnswerTurn turn, ProductSelection selection, HashSet<string> sections, CancellationToken ct)
    {
        if (selection.IsEmpty)
        {
            return (string.Empty, []);
        }
        var concepts = QuestionConcepts.From(turn.Question, selection.ProductWords, selection.CompanionNames);
        var texts = await evidence.ReadAsync(selection.Groups, ct);
        // SAFETY: a quote inside a refusal never carries a dose amount.
        if (RedirectQuote.Best(texts, concepts, sections, s => !DoseText.HasDoseAmount(s)) is not { } choice)
        {
            return (string.Empty, []);
        }
        return CitedLabelQuote(turn, choice.Passage, choice.Label, choice.Sentence);
    }

    /// <summary>The label-quote text of a redirect ("As general information, the X label says in …") and its one citation.</summary>
    private (string Text, IReadOnlyList<Citation> Citations) CitedLabelQuote(AnswerTurn turn, Passage passage, LabelVersionInfo label, string sentence)
    {
        turn.Remember([passage]);
        var text = prompts.Render("label-quote", new Dictionary<string, string>
        {
            ["product"] = label.DisplayName,
            ["section"] = passage.SectionDisplayTitle,
            ["quote"] = QuoteDisplay.Render(sentence),
            ["n"] = "1",
        });
        return (text, [CitationFactory.Create(1, passage, label, sentence)]);
    }
}
