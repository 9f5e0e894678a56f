using LabelBot.ClaimCheck.Text;
using LabelBot.Core.Answering;
using LabelBot.Core.Text;

namespace LabelBot.ClaimCheck.Evidence;

/// <summary>Everything the verdict rules read from a claim, computed once.</summary>
internal sealed record ClaimFeatures(
    string Text,
    Dictionary<string, double> Stems,
    Dictionary<string, double> ContextStems,
    IReadOnlyList<Quantity> Quantities,
    IReadOnlyList<Clause> Clauses,
    bool MentionsPrice,
    bool MentionsSurvey,
    bool MentionsStudy,
    bool IsDosingAdvice,
    IReadOnlyList<string> Routes,
    IReadOnlyList<string> Forms,
    IReadOnlyList<string> Populations,
    bool AssertsSuitability)
{
    /// <summary>Reads a claim; stems of the product's own names are left out, so naming the drug is not evidence.</summary>
    public static ClaimFeatures Of(SplitClaim claim, IReadOnlySet<string> productNameStems)
    {
        var text = claim.MatchText;
        // A bullet's lead-in ("LIPITOR is indicated to:") is context: it helps when the label repeats it, it is not required.
        var own = claim.Layout != ClaimLayout.TableRow && text.EndsWith(claim.Text, StringComparison.Ordinal) ? claim.Text : text;
        var context = text[..^own.Length];
        var clauses = LabelBot.Core.Text.Clauses.Split(own).Select(c => Clause.Of(c, productNameStems)).ToList();
        return new ClaimFeatures(
            text,
            ClaimLexicon.WeightedStems(own, productNameStems),
            ClaimLexicon.WeightedStems(context, productNameStems),
            LabelBot.Core.Text.Quantities.Find(text),
            clauses,
            ClaimSignals.MentionsPrice(text),
            ClaimSignals.MentionsSurvey(text),
            ClaimSignals.MentionsStudy(text),
            DoseText.IsDosingAdvice(claim.Text),
            ClaimSignals.AssertedRoutes(text),
            ClaimSignals.AssertedForms(text),
            ClaimSignals.Populations(text),
            clauses.Any(c => ClaimSignals.AssertsSuitability(c.Text)));
    }

    /// <summary>Share of the claim's words found in <paramref name="evidence"/> (lead-in words count only when found).</summary>
    public double OverlapWith(IReadOnlySet<string> evidence) => Overlap.Of(Stems, ContextStems, evidence);

    /// <summary>Quantities with a unit: the ones a label can contradict.</summary>
    public IEnumerable<Quantity> UnitQuantities => Quantities.Where(q => q.Unit is not null);
}
