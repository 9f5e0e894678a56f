using LabelBot.Bot.Backend;
using LabelBot.Bot.Feedback;
using LabelBot.Core.Labels;

namespace LabelBot.Bot.Pharmacist;

/// <summary>A cited passage of an answer a user marked not helpful, as the label store has it.</summary>
public sealed record ReviewedPassage(string PassageId, string SetId, int Version, string Section, string Text, string Url);

public sealed record FeedbackReviewItem(FeedbackEntry Entry, IReadOnlyList<ReviewedPassage> Passages, int MissingPassages);

/// <summary>The "not helpful" votes with their reasons and the passages the answer cited, for the team to review.</summary>
public sealed class FeedbackReview(IFeedbackStore feedback, BotBackend backend)
{
    public async Task<IReadOnlyList<FeedbackReviewItem>> ListNotHelpfulAsync(int limit, CancellationToken cancellationToken)
    {
        var entries = await feedback.ListNotHelpfulAsync(limit, cancellationToken);
        var store = backend.LabelStore;
        var cache = new Dictionary<string, ReviewedPassage?>(StringComparer.Ordinal);
        var items = new List<FeedbackReviewItem>(entries.Count);
        foreach (var entry in entries)
        {
            var passages = new List<ReviewedPassage>();
            foreach (var id in entry.PassageIds)
            {
                if (!cache.TryGetValue(id, out var passage))
                {
                    passage = store is null ? null : ToReviewed(await store.GetPassageAsync(id, cancellationToken));
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

    private static ReviewedPassage? ToReviewed(Passage? passage) => passage is null
        ? null
        : new ReviewedPassage(passage.Id, passage.SetId, passage.Version, passage.SectionDisplayTitle, passage.Text, LabelNaming.DailyMedUrl(passage.SetId));
}
