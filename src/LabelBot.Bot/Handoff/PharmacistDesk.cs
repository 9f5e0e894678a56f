using LabelBot.Bot.Conversations;
using LabelBot.Bot.Texts;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace LabelBot.Bot.Handoff;

public enum DeskOutcome { Done, NotFound, Conflict, Invalid, NotDelivered }

/// <summary>The outcome of a console action, with a message for the pharmacist (never shown to users).</summary>
public sealed record DeskResult(DeskOutcome Outcome, string Message, EscalationCase? Case = null);

/// <summary>
/// What a pharmacist can do to a case (claim, reply, close), whichever console page or API asked. Each action is a
/// conditional change in the queue (audited there); the user hears about it in their own conversation.
/// </summary>
public sealed class PharmacistDesk(IEscalationQueue queue, ConversationMessenger messenger, TimeProvider clock, ILogger<PharmacistDesk> logger)
{
    public const int MaxReplyLength = 4000;

    public async Task<DeskResult> ClaimAsync(string caseId, string pharmacist, CancellationToken cancellationToken)
    {
        var escalation = await queue.GetAsync(caseId, cancellationToken);
        if (escalation is null)
        {
            return new DeskResult(DeskOutcome.NotFound, "No such case.");
        }
        if (!await queue.TryClaimAsync(caseId, pharmacist, cancellationToken))
        {
            var current = await queue.GetAsync(caseId, cancellationToken);
            var message = current?.ClaimedBy is { } owner ? $"Already claimed by {owner}." : $"The case is {current?.Status.ToWire()}, not waiting.";
            return new DeskResult(DeskOutcome.Conflict, message, current);
        }
        EscalationLog.CaseAction(logger, caseId, "claimed", EscalationNames.PharmacistActor(pharmacist));
        await NotifyUserAsync(escalation, BotTexts.Get(BotTexts.EscalationClaimed), "user_notified_claimed", cancellationToken);
        return new DeskResult(DeskOutcome.Done, "Claimed.", await queue.GetAsync(caseId, cancellationToken));
    }

    public async Task<DeskResult> ReplyAsync(string caseId, string pharmacist, string? text, CancellationToken cancellationToken)
    {
        var reply = text?.Trim() ?? "";
        if (reply.Length is 0 or > MaxReplyLength)
        {
            return new DeskResult(DeskOutcome.Invalid, $"A reply has 1 to {MaxReplyLength} characters.");
        }
        var escalation = await queue.GetAsync(caseId, cancellationToken);
        if (escalation is null)
        {
            return new DeskResult(DeskOutcome.NotFound, "No such case.");
        }
        if (!escalation.IsWithPharmacist || !string.Equals(escalation.ClaimedBy, pharmacist, StringComparison.Ordinal))
        {
            return new DeskResult(DeskOutcome.Conflict, "Claim the case before replying (only the pharmacist who claimed it can reply).", escalation);
        }
        var message = BotTexts.Render(BotTexts.PharmacistReply, new Dictionary<string, string> { ["name"] = pharmacist, ["text"] = reply });
        if (!await messenger.SendAsync(escalation, Message(message), cancellationToken))
        {
            await queue.AuditAsync(new CaseAuditEntry(caseId, clock.GetUtcNow(), EscalationNames.PharmacistActor(pharmacist), "reply_not_delivered", null), cancellationToken);
            EscalationLog.CaseAction(logger, caseId, "reply_not_delivered", EscalationNames.PharmacistActor(pharmacist));
            return new DeskResult(DeskOutcome.NotDelivered, "The reply could not be delivered to the user's conversation; try again.", escalation);
        }
        if (!await queue.AddMessageAsync(caseId, TranscriptEntry.FromPharmacist(reply, pharmacist, clock.GetUtcNow()), cancellationToken))
        {
            return new DeskResult(DeskOutcome.Conflict, "The case changed while the reply was sent.", await queue.GetAsync(caseId, cancellationToken));
        }
        EscalationLog.CaseAction(logger, caseId, "pharmacist_replied", EscalationNames.PharmacistActor(pharmacist));
        return new DeskResult(DeskOutcome.Done, "Reply delivered.", await queue.GetAsync(caseId, cancellationToken));
    }

    public async Task<DeskResult> CloseAsync(string caseId, string pharmacist, CancellationToken cancellationToken)
    {
        var escalation = await queue.GetAsync(caseId, cancellationToken);
        if (escalation is null)
        {
            return new DeskResult(DeskOutcome.NotFound, "No such case.");
        }
        if (escalation.ClaimedBy is { } owner && !string.Equals(owner, pharmacist, StringComparison.Ordinal) && escalation.IsOpen)
        {
            return new DeskResult(DeskOutcome.Conflict, $"Claimed by {owner}: only they can close it.", escalation);
        }
        if (!await queue.CloseAsync(caseId, EscalationNames.PharmacistActor(pharmacist), "closed", cancellationToken))
        {
            return new DeskResult(DeskOutcome.Conflict, "The case is already closed.", escalation);
        }
        EscalationLog.CaseAction(logger, caseId, "closed", EscalationNames.PharmacistActor(pharmacist));
        await NotifyUserAsync(escalation, BotTexts.Get(BotTexts.EscalationClosed), "user_notified_closed", cancellationToken);
        return new DeskResult(DeskOutcome.Done, "Closed.", await queue.GetAsync(caseId, cancellationToken));
    }

    private async Task NotifyUserAsync(EscalationCase escalation, string text, string action, CancellationToken cancellationToken)
    {
        var delivered = await messenger.SendAsync(escalation, Message(text), cancellationToken);
        var outcome = delivered ? action : action + "_failed";
        await queue.AuditAsync(new CaseAuditEntry(escalation.Id, clock.GetUtcNow(), EscalationNames.SystemActor, outcome, null), cancellationToken);
    }

    private static Activity Message(string text)
    {
        var activity = MessageFactory.Text(text);
        activity.TextFormat = TextFormatTypes.Markdown;
        return activity;
    }
}
