using LabelBot.Core.Answering.Products;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;

namespace LabelBot.Core.Answering.Extractive;

/// <summary>
/// The passages a turn may answer from: retrieved per product, plus the labels read whole (the sections the question is
/// about and the passages that mention what it asks). Shared by label answers and the quotes beside redirects.
/// </summary>
internal sealed class LabelEvidence(IPassageRetriever retriever, LabelReader reader, int retrievalLimit)
{
    public IPassageRetriever Retriever => retriever;

    public Task<WholeLabel[]> ReadAsync(IReadOnlyList<ProductGroup> groups, CancellationToken ct) =>
        Task.WhenAll(groups.Select(g => reader.ReadAsync(g.Primary, ct)));

    public Task<WholeLabel> ReadAsync(LabelVersionInfo label, CancellationToken ct) => reader.ReadAsync(label, ct);

    public async Task<IReadOnlyList<ScoredPassage>> RetrieveAsync(string query, IReadOnlyList<ProductGroup> groups, CancellationToken ct)
    {
        if (groups.Count == 1)
        {
            return await retriever.SearchAsync(new SearchQuery(query, [groups[0].Primary.SetId], retrievalLimit), ct);
        }
        // A comparison searches each product separately so every one of them gets its own passages.
        var perProduct = Math.Max(3, retrievalLimit / groups.Count);
        var all = new List<ScoredPassage>();
        foreach (var group in groups)
        {
            all.AddRange(await retriever.SearchAsync(new SearchQuery(query, [group.Primary.SetId], perProduct), ct));
        }
        return all;
    }

    /// <summary>The sections the question's concepts point at (storage → How Supplied/Storage; pregnancy → 8.1 …).</summary>
    /// <remarks>A question with no content of its own ("what is Percocet?") is about what the medicine is for.</remarks>
    public static HashSet<string> IntentSections(QuestionConcepts concepts) =>
        concepts.Count == 0
            ? new HashSet<string>([SectionCodes.IndicationsAndUsage, SectionCodes.OtcPurpose], StringComparer.Ordinal)
            : concepts.Concepts.Where(c => c.SectionCodes is not null).SelectMany(c => c.SectionCodes!).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The retrieved passages, then the passages of the sections the question is about, then the passages that mention
    /// what it asks about most: so the answer can come from the section that answers it, not only from what the
    /// retriever ranked first.
    /// </summary>
    public static List<ScoredPassage> WithSectionsAndEvidence(
        IReadOnlyList<ScoredPassage> retrieved, IReadOnlyList<WholeLabel> texts, QuestionConcepts concepts, HashSet<string> intent)
    {
        const int SectionLimit = 12;
        const int EvidenceLimit = 8;
        var all = retrieved.ToList();
        var seen = retrieved.Select(p => p.Passage.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var inSections = text.InSections(intent).ToList();
            var sectionPassages = concepts.Count == 0
                ? inSections.Take(SectionLimit)
                : inSections.OrderByDescending(p => concepts.MentionedIn(text.StemsOf(p)).Count()).ThenBy(p => p.Ordinal).Take(SectionLimit);
            var specific = concepts.Concepts.Where(c => c.IsSpecific).ToList();
            var evidence = specific.Count == 0 ? [] : text.Mentioning(specific, EvidenceLimit);
            foreach (var passage in sectionPassages.Concat(evidence))
            {
                if (seen.Add(passage.Id))
                {
                    all.Add(new ScoredPassage(passage, text.Label, 0));
                }
            }
        }
        return all;
    }
}
