using LabelBot.Bot.Handoff;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LabelBot.Bot.Console;

/// <summary>The console home: the dashboard, then the waiting, in-progress and recently closed cases and the not-helpful review.</summary>
public sealed class IndexModel(IEscalationQueue queue, FeedbackReview feedback, TimeProvider clock) : PageModel
{
    // Enough for a month of cases on a desk this size; the per-day chart counts what the listing returns.
    private const int RecentLimit = 10_000;
    private static readonly EscalationStatus[] AllStatuses = Enum.GetValues<EscalationStatus>();

    public DashboardModel Dashboard { get; private set; } = null!;

    public IReadOnlyList<EscalationCaseSummary> Waiting { get; private set; } = [];

    public IReadOnlyList<EscalationCaseSummary> Active { get; private set; } = [];

    public IReadOnlyList<EscalationCaseSummary> Closed { get; private set; } = [];

    public IReadOnlyList<FeedbackReviewItem> NotHelpful { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        var all = await queue.ListAsync(AllStatuses, RecentLimit, cancellationToken);
        Waiting = all.Where(c => c.Status == EscalationStatus.Waiting).ToList();
        Active = all.Where(c => c.Status is EscalationStatus.Claimed or EscalationStatus.Answered).ToList();
        Closed = all.Where(c => c.Status == EscalationStatus.Closed).OrderByDescending(c => c.UpdatedUtc).Take(20).ToList();
        NotHelpful = await feedback.ListNotHelpfulAsync(500, cancellationToken);
        var since = Now.AddDays(-DashboardModel.Days - 1);
        Dashboard = DashboardModel.Build(Waiting, all.Where(c => c.CreatedUtc >= since).ToList(), NotHelpful, Now);
    }
}
