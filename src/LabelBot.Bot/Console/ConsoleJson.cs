using LabelBot.Bot.Conversations;
using LabelBot.Bot.Handoff;
using LabelBot.Core.Answering;

namespace LabelBot.Bot.Console;

/// <summary>The console API's JSON shapes (System.Text.Json, camelCase), with the same wire names as the contract.</summary>
internal static class ConsoleJson
{
    public static object Summary(EscalationCaseSummary c)
    {
        var json = Common(c.Id, c.Status, c.Reason, c.Urgency, c.AdverseEventReport, c.ChannelId, c.CreatedUtc, c.UpdatedUtc, c.ClaimedBy);
        json["lastMessageFrom"] = c.LastMessageRole?.ToString().ToLowerInvariant();
        return json;
    }

    public static object Case(EscalationCase c, IReadOnlyList<CaseAuditEntry>? audit)
    {
        var json = Common(c.Id, c.Status, c.Reason, c.Urgency, c.AdverseEventReport, c.ChannelId, c.CreatedUtc, c.UpdatedUtc, c.ClaimedBy);
        json["claimedUtc"] = c.ClaimedUtc;
        json["closedUtc"] = c.ClosedUtc;
        json["closedBy"] = c.ClosedBy;
        json["transcript"] = c.Transcript.Select(Entry);
        json["messages"] = c.Messages.Select(Entry);
        json["audit"] = audit?.Select(a => new { atUtc = a.AtUtc, actor = a.Actor, action = a.Action, detail = a.Detail });
        return json;
    }

    // The fields a list row and a whole case share, in wire order (a dictionary keeps insertion order when serialized).
    private static Dictionary<string, object?> Common(string id, EscalationStatus status, EscalationReason reason, int urgency, bool adverseEvent,
        string channel, DateTimeOffset createdUtc, DateTimeOffset updatedUtc, string? claimedBy) => new()
    {
        ["id"] = id,
        ["status"] = status.ToWire(),
        ["reason"] = reason.ToWire(),
        ["urgency"] = urgency,
        ["urgencyName"] = ConsoleTexts.Urgency(urgency).Name,
        ["adverseEvent"] = adverseEvent,
        ["channel"] = channel,
        ["createdUtc"] = createdUtc,
        ["updatedUtc"] = updatedUtc,
        ["claimedBy"] = claimedBy,
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
