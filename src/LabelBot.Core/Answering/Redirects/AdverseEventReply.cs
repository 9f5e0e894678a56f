using LabelBot.Core.Answering.Products;
using LabelBot.Core.Answering.Prompts;
using LabelBot.Core.Labels;
using static LabelBot.Core.Answering.Replies;

namespace LabelBot.Core.Answering.Redirects;

/// <summary>The reply to an experienced effect: healthcare provider and MedWatch, beside what the label lists.</summary>
internal sealed class AdverseEventReply(RedirectQuotes quotes, PromptCatalog prompts)
{
    // Sections that list experienced effects, quoted beside an adverse-event reply.
    private static readonly HashSet<string> ReactionSections = new(StringComparer.Ordinal)
    {
        SectionCodes.AdverseReactions, SectionCodes.WarningsAndPrecautions, SectionCodes.Warnings, SectionCodes.BoxedWarning,
        SectionCodes.Precautions, SectionCodes.PatientCounseling, SectionCodes.OtcStopUse, SectionCodes.OtcWhenUsing,
        SectionCodes.OtcAskDoctor, SectionCodes.OtcAskDoctorOrPharmacist, SectionCodes.MedicationGuide,
    };

    public async Task<AnswerResult> BuildAsync(AnswerTurn turn, ProductSelection selection, CancellationToken ct)
    {
        var (quoteText, citations) = await quotes.LabelQuoteAsync(turn, selection, ReactionSections, ct);
        if (citations.Count == 0 && !selection.IsEmpty)
        {
            quoteText = prompts.Render("adverse-event-no-quote", new Dictionary<string, string>
            {
                ["product"] = selection.Groups[0].Primary.DisplayName,
            });
        }
        var text = prompts.Render("adverse-event", new Dictionary<string, string> { ["label_quote"] = quoteText });
        return Reply(AnswerKind.AdverseEvent, text, citations, pharmacist: true);
    }
}
