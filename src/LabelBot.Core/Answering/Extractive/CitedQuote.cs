using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;

namespace LabelBot.Core.Answering.Extractive;

/// <summary>A verbatim piece of one passage chosen for an answer, with the label version it belongs to.</summary>
public sealed record CitedQuote(Passage Passage, LabelVersionInfo Label, string Quote)
{
    /// <summary>True for the list items of the previous quote's lead-in that the label chunked into the next passage.</summary>
    public bool ContinuesPrevious { get; init; }

    /// <summary>Builds the contract citation numbered <paramref name="n"/>.</summary>
    public Citation ToCitation(int n) => CitationFactory.Create(n, Passage, Label, Quote);
}

/// <summary>Builds contract citations from passages; the URL is always the DailyMed page of the label set.</summary>
public static class CitationFactory
{
    public static Citation Create(int n, Passage passage, LabelVersionInfo label, string quote)
    {
        ArgumentNullException.ThrowIfNull(passage);
        ArgumentNullException.ThrowIfNull(label);
        return new Citation(
            N: n,
            SetId: passage.SetId,
            // Empty when the source stated none (an openFDA record): renderers say "version not stated", never a made-up one.
            Version: LabelVersions.IsStated(passage.Version) ? passage.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty,
            EffectiveDate: LabelVersions.IsStated(label.EffectiveDate) ? label.EffectiveDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : string.Empty,
            Title: label.DisplayName,
            SectionCode: passage.SectionCode,
            SectionNumber: passage.SectionNumber,
            SectionTitle: passage.SectionTitle,
            PassageId: passage.Id,
            Quote: quote,
            Url: LabelNaming.DailyMedUrl(passage.SetId));
    }

    /// <summary>Converts a retrieved passage list into the contract's <see cref="ScoredPassage"/> order with labels attached.</summary>
    public static IReadOnlyList<ScoredPassage> Rank(IEnumerable<Passage> passages, LabelVersionInfo label) =>
        passages.Select((p, i) => new ScoredPassage(p, label, 1.0 / (i + 1))).ToList();
}
