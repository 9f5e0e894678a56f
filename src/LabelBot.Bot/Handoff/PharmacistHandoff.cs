using System.Globalization;
using LabelBot.Bot.Conversations;
using LabelBot.Bot.Channels.DirectLine;
using LabelBot.Bot.Texts;
using LabelBot.Core.Answering;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using BotSuggestedActions = Microsoft.Bot.Schema.SuggestedActions;

namespace LabelBot.Bot.Handoff;

/// <summary>What the hand-off decided about a user's message.</summary>
/// <param name="Handled">True: the message was the hand-off's (a request, a cancel, or a message for the pharmacist); the engine is not asked.</param>
/// <param name="WaitingCase">The conversation's case while it waits for a pharmacist: the bot keeps answering, and the case sees those turns.</param>
public sealed record HandoffTurn(bool Handled, EscalationCase? WaitingCase);

/// <summary>
/// The bot's side of "Talk to a pharmacist": files cases (with the redacted transcript), emits the Bot Framework
/// handoff event, tells the user what happens next, lets them cancel, and while a pharmacist holds the case sends
/// their messages to it instead of the engine. Keeps each conversation's transcript as it goes.
/// </summary>
public sealed partial class PharmacistHandoff(
    IEscalationQueue queue,
    IConversationTranscriptStore transcripts,
    PharmacistChannelNotifier channelNotifier,
    EscalationOptions options,
    PharmacistAvailability availability,
    TimeProvider clock,
    ILogger<PharmacistHandoff> logger)
{
    /// <summary>Runs before the engine.</summary>
    public async Task<HandoffTurn> BeforeEngineAsync(ITurnContext turnContext, string text, string conversationKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var open = await queue.FindOpenAsync(conversationKey, cancellationToken);
        if (open is null)
        {
            if (HandoffCommands.IsTalkToPharmacist(text))
            {
                await EscalateAsync(turnContext, conversationKey, reason: null, adverseEventReport: false, cancellationToken);
                return new HandoffTurn(true, null);
            }
            if (HandoffCommands.IsReportSideEffect(text))
            {
                // SAFETY: the button is the user's consent to pass their side-effect report on.
                await EscalateAsync(turnContext, conversationKey, EscalationReason.AdverseEvent, adverseEventReport: true, cancellationToken);
                return new HandoffTurn(true, null);
            }
            if (HandoffCommands.IsCancel(text))
            {
                await ReplyAsync(turnContext, BotTexts.Get(BotTexts.EscalationNothingToCancel), withCancel: false, cancellationToken);
                return new HandoffTurn(true, null);
            }
            return new HandoffTurn(false, null);
        }

        if (HandoffCommands.IsCancel(text))
        {
            if (await queue.CloseAsync(open.Id, EscalationNames.UserActor, "cancelled_by_user", cancellationToken))
            {
                EscalationLog.CaseAction(logger, open.Id, "cancelled_by_user", EscalationNames.UserActor);
            }
            await ReplyAsync(turnContext, BotTexts.Get(BotTexts.EscalationCancelled), withCancel: false, cancellationToken);
            return new HandoffTurn(true, null);
        }
        if (HandoffCommands.IsReportSideEffect(text))
        {
            if (await queue.MarkAdverseEventReportAsync(open.Id, cancellationToken))
            {
                EscalationLog.CaseAction(logger, open.Id, "adverse_event_consented", EscalationNames.UserActor);
            }
            await ReplyAsync(turnContext, AdverseEventFiledText(open.Id), withCancel: true, cancellationToken);
            return new HandoffTurn(true, null);
        }
        if (open.IsWithPharmacist)
        {
            // The pharmacist has the conversation: the message is for them, shown in the console.
            if (await queue.AddMessageAsync(open.Id, TranscriptEntry.FromUser(text, clock.GetUtcNow()), cancellationToken))
            {
                EscalationLog.CaseAction(logger, open.Id, "user_message", EscalationNames.UserActor);
                // The user sees that the message arrived (the pharmacist's reply may take a while).
                await ReplyAsync(turnContext, BotTexts.Render(BotTexts.PharmacistMessageReceived, new Dictionary<string, string> { ["case_id"] = open.Id }), withCancel: false, cancellationToken);
                return new HandoffTurn(true, null);
            }
            // Closed in the meantime: the bot answers.
            return new HandoffTurn(false, null);
        }
        if (HandoffCommands.IsTalkToPharmacist(text))
        {
            await ReplyAlreadyQueuedAsync(turnContext, open, cancellationToken);
            return new HandoffTurn(true, null);
        }
        return new HandoffTurn(false, open);
    }

    /// <summary>
    /// Files a case for this conversation (or reports the one already open) and tells the user what happens next.
    /// <paramref name="reason"/> null: taken from the answer the user is reacting to (a dosing redirect, an emergency…).
    /// <paramref name="request"/>: the user's own words when they typed the request ("please call me back…"), kept for the pharmacist.
    /// </summary>
    public async Task EscalateAsync(ITurnContext turnContext, string conversationKey, EscalationReason? reason, bool adverseEventReport,
        CancellationToken cancellationToken, string? request = null)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var presence = availability.Now();
        if (presence == PharmacistPresence.Nobody)
        {
            // SAFETY: no case nobody will read and no promised reply; the user gets the fallback instead.
            LogNobodyToEscalateTo(logger, adverseEventReport);
            await ReplyAsync(turnContext, BotTexts.Get(adverseEventReport ? BotTexts.AdverseEventUnavailable : BotTexts.EscalationUnavailable), withCancel: false, cancellationToken);
            return;
        }
        if (request is not null)
        {
            await transcripts.AppendAsync(conversationKey, [TranscriptEntry.FromUser(request, clock.GetUtcNow())], cancellationToken);
        }
        var transcript = await transcripts.GetAsync(conversationKey, cancellationToken);
        var activity = turnContext.Activity;
        var draft = new NewEscalationCase(
            activity.ChannelId ?? "",
            conversationKey,
            turnContext.Adapter is DirectLineAdapter ? DeliveryRoute.LocalDirectLine : DeliveryRoute.BotFramework,
            ConversationMessenger.SerializeReference(activity.GetConversationReference()),
            reason ?? ReasonFromLastAnswer(transcript),
            adverseEventReport,
            transcript);
        var filed = await queue.FileAsync(draft, cancellationToken);
        if (!filed.Created)
        {
            if (request is not null)
            {
                await queue.AddMessageAsync(filed.Case.Id, TranscriptEntry.FromUser(request, clock.GetUtcNow()), cancellationToken);
            }
            if (adverseEventReport)
            {
                await queue.MarkAdverseEventReportAsync(filed.Case.Id, cancellationToken);
            }
            await ReplyAlreadyQueuedAsync(turnContext, filed.Case, cancellationToken);
            return;
        }
        var escalation = filed.Case;
        EscalationLog.CaseAction(logger, escalation.Id, "filed:" + escalation.Reason.ToWire(), EscalationNames.UserActor);

        await SendHandoffEventAsync(turnContext, escalation, cancellationToken);
        var text = adverseEventReport ? AdverseEventFiledText(escalation.Id)
            : presence == PharmacistPresence.OffDuty ? AfterHoursText(escalation.Id)
            : await StartedTextAsync(escalation, cancellationToken);
        await ReplyAsync(turnContext, text, withCancel: true, cancellationToken);
        await channelNotifier.NotifyNewCaseAsync(escalation, cancellationToken);
    }

    /// <summary>After the engine answered: the turn joins the transcript, and the waiting case's messages.</summary>
    public async Task RecordAnswerAsync(string conversationKey, string question, AnswerResult result, string answerId, EscalationCase? waitingCase, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var turn = new[] { TranscriptEntry.FromUser(question, now), TranscriptEntry.FromBot(result, answerId, now) };
        await transcripts.AppendAsync(conversationKey, turn, cancellationToken);
        if (waitingCase is not null)
        {
            foreach (var entry in turn)
            {
                await queue.AddMessageAsync(waitingCase.Id, entry, cancellationToken);
            }
        }
    }

    /// <summary>SAFETY: the reason follows the answer the user reacted to, so an emergency or a side effect is queued ahead of plain requests.</summary>
    public static EscalationReason ReasonFromLastAnswer(IReadOnlyList<TranscriptEntry> transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        var last = transcript.LastOrDefault(e => e.Role == TranscriptRole.Bot);
        return last?.Kind switch
        {
            "dosing_redirect" => EscalationReason.Dosing,
            "personal_redirect" => EscalationReason.Personal,
            "emergency" => EscalationReason.Emergency,
            "adverse_event" => EscalationReason.AdverseEvent,
            _ => EscalationReason.UserRequest,
        };
    }

    private async Task SendHandoffEventAsync(ITurnContext turnContext, EscalationCase escalation, CancellationToken cancellationToken)
    {
        if (options.ChannelsWithoutHandoffEvent.Contains(turnContext.Activity.ChannelId ?? "", StringComparer.OrdinalIgnoreCase))
        {
            return;
        }
        try
        {
            await turnContext.SendActivityAsync(HandoffEventFactory.Create(turnContext, escalation), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The case is in LabelBot's own queue either way; a channel that refuses the event changes nothing for the user.
            LogHandoffEventRefused(logger, escalation.Id, ex.GetType().Name);
        }
    }

    private async Task<string> StartedTextAsync(EscalationCase escalation, CancellationToken cancellationToken)
    {
        var position = Math.Max(1, await queue.QueuePositionAsync(escalation.Id, cancellationToken));
        var wait = options.MinutesPerCase > 0
            ? string.Create(CultureInfo.InvariantCulture, $" (expected wait about {position * options.MinutesPerCase} minutes)")
            : "";
        return BotTexts.Render(BotTexts.EscalationStarted, new Dictionary<string, string>
        {
            ["case_id"] = escalation.Id,
            ["position"] = position.ToString(CultureInfo.InvariantCulture),
            ["wait"] = wait,
            ["hours"] = HoursSentence(),
        });
    }

    private string AdverseEventFiledText(string caseId) => BotTexts.Render(BotTexts.AdverseEventFiled, new Dictionary<string, string>
    {
        ["case_id"] = caseId,
        ["hours"] = HoursSentence(),
    });

    private string AfterHoursText(string caseId) => BotTexts.Render(BotTexts.EscalationAfterHours, new Dictionary<string, string>
    {
        ["case_id"] = caseId,
        ["hours"] = HoursSentence(),
    });

    private string HoursSentence() =>
        string.IsNullOrWhiteSpace(options.OpeningHours) ? "" : $" Pharmacists are available {options.OpeningHours.Trim().TrimEnd('.')}.";

    private async Task ReplyAlreadyQueuedAsync(ITurnContext turnContext, EscalationCase open, CancellationToken cancellationToken)
    {
        var position = await queue.QueuePositionAsync(open.Id, cancellationToken);
        var text = position > 0
            ? BotTexts.Render(BotTexts.EscalationAlreadyQueued, new Dictionary<string, string>
            {
                ["case_id"] = open.Id,
                ["position"] = position.ToString(CultureInfo.InvariantCulture),
            })
            : BotTexts.Get(BotTexts.EscalationClaimed);
        await ReplyAsync(turnContext, text, withCancel: true, cancellationToken);
    }

    private static async Task ReplyAsync(ITurnContext turnContext, string text, bool withCancel, CancellationToken cancellationToken)
    {
        var reply = MessageFactory.Text(text);
        reply.TextFormat = TextFormatTypes.Markdown;
        if (withCancel)
        {
            reply.SuggestedActions = new BotSuggestedActions { Actions = [new CardAction(ActionTypes.ImBack, HandoffCommands.CancelRequest, value: HandoffCommands.CancelRequest)] };
        }
        await turnContext.SendActivityAsync(reply, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A user asked for a pharmacist (adverse event report: {AdverseEvent}) but escalation is disabled (LABELBOT_PHARMACIST_KEY unset): told to contact their own pharmacist; no case filed")]
    private static partial void LogNobodyToEscalateTo(ILogger logger, bool adverseEvent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pharmacist case {CaseId}: the channel refused the handoff event ({ExceptionType})")]
    private static partial void LogHandoffEventRefused(ILogger logger, string caseId, string exceptionType);
}
