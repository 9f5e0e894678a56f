using LabelBot.Bot.Conversations;
using LabelBot.Bot.Escalation;
using LabelBot.Core.Answering;

namespace LabelBot.Bot.Console;

/// <summary>The console API's JSON shapes (System.Text.Json, camelCase), with the same wire names as the contract.</summary>
internal static class ConsoleJson
{
    public static object Summary(EscalationCaseSummary c) => new
    {
        id = c.Id,
        status = c.Status.ToWire(),
        reason = c.Reason.ToWire(),
        urgency = c.Urgency,
        urgencyName = ConsoleTexts.Urgency(c.Urgency).Name,
        adverseEvent = c.AdverseEventReport,
        channel = c.ChannelId,
        createdUtc = c.CreatedUtc,
        updatedUtc = c.UpdatedUtc,
        claimedBy = c.ClaimedBy,
        lastMessageFrom = c.LastMessageRole?.ToString().ToLowerInvariant(),
    };

    public static object Case(EscalationCase c, IReadOnlyList<CaseAuditEntry>? audit) => new
    {
        id = c.Id,
        status = c.Status.ToWire(),
        reason = c.Reason.ToWire(),
        urgency = c.Urgency,
        urgencyName = ConsoleTexts.Urgency(c.Urgency).Name,
        adverseEvent = c.AdverseEventReport,
        channel = c.ChannelId,
        createdUtc = c.CreatedUtc,
        updatedUtc = c.UpdatedUtc,
        claimedBy = c.ClaimedBy,
        claimedUtc = c.ClaimedUtc,
        closedUtc = c.ClosedUtc,
        closedBy = c.ClosedBy,
        transcript = c.Transcript.Select(Entry),
        messages = c.Messages.Select(Entry),
        audit = audit?.Select(a => new { atUtc = a.AtUtc, actor = a.Actor, action = a.Action, detail = a.Detail }),
    };

    public static object Feedback(FeedbackReviewItem item) => new
    {
        createdUtc = item.Entry.CreatedUtc,
        channel = item.Entry.ChannelId,
        answerId = item.Entry.AnswerId,
        kind = item.Entry.AnswerKind,
        reason = item.Entry.Reason,
        passageIds = item.Entry.PassageIds,
        passages = item.Passages.Select(p => new { passageId = p.PassageId, setId = p.SetId, version = p.Version, section = p.Section, text = p.Text, url = p.Url }),
    };

    private static object Entry(TranscriptEntry e) => new
    {
        atUtc = e.AtUtc,
        role = e.Role.ToString().ToLowerInvariant(),
        author = e.Author,
        text = e.Text,
        kind = e.Kind,
        answerId = e.AnswerId,
        citations = e.Citations?.Select(Citation),
    };

    private static object Citation(Citation c) => new
    {
        n = c.N,
        setId = c.SetId,
        version = c.Version,
        effectiveDate = c.EffectiveDate,
        title = c.Title,
        sectionCode = c.SectionCode,
        sectionNumber = c.SectionNumber,
        sectionTitle = c.SectionTitle,
        passageId = c.PassageId,
        quote = c.Quote,
        url = c.Url,
    };
}
