using LabelBot.Bot.Backend;
using LabelBot.Bot.Feedback;
using LabelBot.Core.Labels;

namespace LabelBot.Bot.Console;

/// <summary>A cited passage of an answer a user marked not helpful, as the label store has it.</summary>
public sealed record ReviewedPassage(string PassageId, string SetId, int Version, string Section, string TopSection, string LabelTitle, string Text, string Url)
{
    /// <summary>The passage in the label viewer, in the version the answer cited.</summary>
    public string ViewerPath => Viewer.LabelViewerLinks.VersionPath(SetId, Version, PassageId);
}

public sealed record FeedbackReviewItem(FeedbackEntry Entry, IReadOnlyList<ReviewedPassage> Passages, int MissingPassages);

/// <summary>The "not helpful" votes with their reasons and the passages the answer cited, for the team to review.</summary>
public sealed class FeedbackReview(IFeedbackStore feedback, BotBackend backend)
{
    public async Task<IReadOnlyList<FeedbackReviewItem>> ListNotHelpfulAsync(int limit, CancellationToken cancellationToken)
    {
        var entries = await feedback.ListNotHelpfulAsync(limit, cancellationToken);
        var store = backend.LabelStore;
        var cache = new Dictionary<string, ReviewedPassage?>(StringComparer.Ordinal);
        Dictionary<(string, int), string>? titles = null;
        var items = new List<FeedbackReviewItem>(entries.Count);
        foreach (var entry in entries)
        {
            var passages = new List<ReviewedPassage>();
            foreach (var id in entry.PassageIds)
            {
                if (!cache.TryGetValue(id, out var passage))
                {
                    var stored = store is null ? null : await store.GetPassageAsync(id, cancellationToken);
                    if (stored is not null && titles is null)
                    {
                        // Label titles for the by-label view: one listing for the whole review, only when a passage is found.
                        titles = (await store!.ListLabelsAsync(includeHistory: true, cancellationToken))
                            .DistinctBy(l => (l.SetId, l.Version)).ToDictionary(l => (l.SetId, l.Version), l => l.Title);
                    }
                    passage = stored is null ? null : ToReviewed(stored, titles!.GetValueOrDefault((stored.SetId, stored.Version), stored.SetId));
                    cache[id] = passage;
                }
                if (passage is not null)
                {
                    passages.Add(passage);
                }
            }
            items.Add(new FeedbackReviewItem(entry, passages, entry.PassageIds.Count - passages.Count));
        }
        return items;
    }

    private static ReviewedPassage ToReviewed(Passage passage, string labelTitle) => new(
        passage.Id, passage.SetId, passage.Version, passage.SectionDisplayTitle,
        string.IsNullOrWhiteSpace(passage.TopSectionTitle) ? passage.SectionDisplayTitle : passage.TopSectionTitle,
        labelTitle, passage.Text, LabelNaming.DailyMedUrl(passage.SetId));
}
