using LabelBot.Core.Answering.Products;
using LabelBot.Core.Answering.Prompts;
using LabelBot.Core.Labels;
using static LabelBot.Core.Answering.Replies;

namespace LabelBot.Core.Answering.Redirects;

/// <summary>The reply to a personal medical question: to the pharmacist, beside the label's most relevant warning.</summary>
internal sealed class PersonalRedirect(RedirectQuotes quotes, PromptCatalog prompts)
{
    // Sections whose text may be quoted beside a personal-advice refusal (general warnings, never a recommendation).
    private static readonly HashSet<string> WarningSections = new(StringComparer.Ordinal)
    {
        SectionCodes.BoxedWarning, SectionCodes.WarningsAndPrecautions, SectionCodes.Warnings, SectionCodes.Precautions,
        SectionCodes.Contraindications, SectionCodes.DrugInteractions, SectionCodes.UseInSpecificPopulations, SectionCodes.Pregnancy,
        SectionCodes.Lactation, SectionCodes.NursingMothers, SectionCodes.PediatricUse, SectionCodes.GeriatricUse,
        SectionCodes.PatientCounseling, SectionCodes.OtcDoNotUse, SectionCodes.OtcAskDoctor, SectionCodes.OtcAskDoctorOrPharmacist,
        SectionCodes.OtcWhenUsing, SectionCodes.OtcStopUse, SectionCodes.OtcPregnancyOrBreastFeeding, SectionCodes.OtcKeepOutOfReach,
    };

    public async Task<AnswerResult> BuildAsync(AnswerTurn turn, ProductSelection selection, string topic, CancellationToken ct)
    {
        // "Can I drive on Percocet?" still deserves the label's own sentence about driving: the fact the question is
        // about, as an answer would choose it, before the general warning sentence.
        var (quoteText, citations) = await quotes.AnswerQuoteAsync(turn, selection, topic, ct) is { } answered
            ? answered
            : await quotes.LabelQuoteAsync(turn, selection, WarningSections, ct);
        var text = prompts.Render("personal-redirect", new Dictionary<string, string> { ["label_quote"] = quoteText });
        return Reply(AnswerKind.PersonalRedirect, text, citations, pharmacist: true);
    }
}
