using Stopwatch = System.Diagnostics.Stopwatch;
using LabelBot.Bot.Backend;
using LabelBot.Bot.Conversations;
using LabelBot.Bot.Feedback;
using LabelBot.Bot.Handoff;
using LabelBot.Bot.Rendering;
using LabelBot.Bot.Settings;
using LabelBot.Bot.Telemetry;
using LabelBot.Bot.Texts;
using LabelBot.Core.Answering;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Bots;

/// <summary>
/// The one bot behind every channel (Teams, Emulator, Direct Line web chat): maps an incoming activity to an
/// <see cref="AnswerRequest"/>, renders the <see cref="AnswerResult"/>, records feedback, and lets
/// <see cref="PharmacistHandoff"/> take the messages that belong to a pharmacist. No answering logic lives here.
/// </summary>
public sealed partial class LabelBotActivityHandler(
    BotBackend backend,
    IFeedbackStore feedbackStore,
    IConversationTranscriptStore transcripts,
    PharmacistHandoff handoff,
    LabelBotHostOptions options,
    AnswerDeadline deadline,
    BotTelemetry telemetry,
    TimeProvider clock,
    WelcomeSuggestions welcomeSuggestions,
    LabelBot.Bot.Viewer.LabelViewerLinks viewerLinks,
    ILogger<LabelBotActivityHandler> logger) : ActivityHandler
{
    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var conversationHash = ConversationHash(activity);
        var outcome = TurnOutcome.Of(turnContext);

        if (FeedbackAction.TryParse(activity.Value) is { } feedback)
        {
            outcome.Route = TurnRoutes.Feedback;
            await SaveFeedbackAsync(turnContext, feedback, conversationHash, cancellationToken);
            return;
        }

        var question = QuestionText(activity);
        if (question.Length == 0)
        {
            var hasAttachments = activity.Attachments?.Count > 0 || activity.Value is not null;
            outcome.Route = hasAttachments ? TurnRoutes.AttachmentsOnly : TurnRoutes.Empty;
            LogRejected(logger, activity.ChannelId, conversationHash, hasAttachments ? "attachments-only" : "empty");
            await turnContext.SendActivityAsync(MessageFactory.Text(BotTexts.Get(hasAttachments ? BotTexts.AttachmentsOnly : BotTexts.EmptyMessage)), cancellationToken);
            return;
        }
        if (question.Length > options.MaxQuestionLength)
        {
            outcome.Route = TurnRoutes.TooLong;
            LogRejected(logger, activity.ChannelId, conversationHash, "too-long");
            var text = BotTexts.Render(BotTexts.TooLong, new Dictionary<string, string> { ["max"] = options.MaxQuestionLength.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            await turnContext.SendActivityAsync(MessageFactory.Text(text), cancellationToken);
            return;
        }
        // Before the engine: a pharmacist's conversation keeps working even while labels load.
        var handoffTurn = await handoff.BeforeEngineAsync(turnContext, question, conversationHash, cancellationToken);
        if (handoffTurn.Handled)
        {
            outcome.Route = TurnRoutes.Handoff;
            return;
        }
        if (!backend.TryGetEngine(out var engine))
        {
            var failed = backend.State == BackendState.Failed;
            outcome.Route = failed ? TurnRoutes.Unavailable : TurnRoutes.StillLoading;
            await turnContext.SendActivityAsync(MessageFactory.Text(BotTexts.Get(failed ? BotTexts.Unavailable : BotTexts.StillLoading)), cancellationToken);
            return;
        }
        if (IgnoredAttachments(activity) > 0)
        {
            // Files are never read: the typed text is answered, and the user is told the file was not looked at.
            LogAttachmentsIgnored(logger, activity.ChannelId, conversationHash, IgnoredAttachments(activity));
            await turnContext.SendActivityAsync(MessageFactory.Text(BotTexts.Get(BotTexts.AttachmentsIgnored)), cancellationToken);
        }

        // The typing indicator goes out before the engine starts: the user sees at once that the bot is on it.
        await turnContext.SendActivityAsync(new Activity { Type = ActivityTypes.Typing }, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var result = await deadline.AnswerAsync(engine, new AnswerRequest(question, conversationHash), async ct =>
        {
            outcome.Held = true;
            telemetry.RecordHeld(BotTelemetry.ChannelTag(activity.ChannelId));
            LogHeld(logger, activity.ChannelId, conversationHash, (long)options.Turns.Budget.TotalMilliseconds);
            await turnContext.SendActivityAsync(MessageFactory.Text(BotTexts.Get(BotTexts.StillWorking)), ct);
        }, cancellationToken);
        if (result is null)
        {
            outcome.Route = TurnRoutes.TimedOut;
            LogTimedOut(logger, activity.ChannelId, conversationHash, (long)options.Turns.TimeLimit.TotalMilliseconds);
            await turnContext.SendActivityAsync(MessageFactory.Text(BotTexts.Get(BotTexts.AnswerTimedOut)), cancellationToken);
            return;
        }
        outcome.Route = result.Kind.ToWire();
        outcome.Citations = result.Citations.Count;
        if (result.Kind == AnswerKind.Escalation)
        {
            // "I want to talk to a pharmacist": the hand-off replies with what happens next.
            LogAnswered(logger, activity.ChannelId, conversationHash, result.Kind.ToWire(), 0, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await handoff.EscalateAsync(turnContext, conversationHash, reason: null, adverseEventReport: false, cancellationToken, request: question);
            return;
        }
        var answerId = Guid.NewGuid().ToString("N")[..16];
        if (AnswerReplyBuilder.IsTeams(activity.ChannelId))
        {
            // Teams' feedback loop names the rated answer by the id Teams gave the message, known once it is sent.
            var sent = await turnContext.SendActivityAsync(AnswerReplyBuilder.Build(result, activity.ChannelId, answerId, viewerLinks), cancellationToken);
            answerId = sent?.Id is { Length: > 0 and <= 64 } teamsId ? teamsId : answerId;
            await handoff.RecordAnswerAsync(conversationHash, question, result, answerId, handoffTurn.WaitingCase, cancellationToken);
        }
        else
        {
            // Recorded before it is sent: its feedback buttons name an answer the conversation already holds.
            await handoff.RecordAnswerAsync(conversationHash, question, result, answerId, handoffTurn.WaitingCase, cancellationToken);
            await turnContext.SendActivityAsync(AnswerReplyBuilder.Build(result, activity.ChannelId, answerId, viewerLinks), cancellationToken);
        }
        LogAnswered(logger, activity.ChannelId, conversationHash, result.Kind.ToWire(), result.Citations.Count, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        // One welcome per conversation, when someone other than the bot joins.
        var botId = turnContext.Activity.Recipient?.Id;
        if (membersAdded.Any(m => !string.Equals(m.Id, botId, StringComparison.Ordinal)))
        {
            TurnOutcome.Of(turnContext).Route = TurnRoutes.Welcome;
            var welcome = MessageFactory.Text(BotTexts.Get(BotTexts.Welcome));
            if (backend.LabelStore is { } store)
            {
                welcome.SuggestedActions = await welcomeSuggestions.BuildAsync(store, ConversationHash(turnContext.Activity), cancellationToken);
            }
            await turnContext.SendActivityAsync(welcome, cancellationToken);
        }
    }

    protected override async Task OnEventActivityAsync(ITurnContext<IEventActivity> turnContext, CancellationToken cancellationToken)
    {
        // Web Chat's thumbs (the VoteAction entities of an answer); other events are ignored as before.
        if (FeedbackVotes.FromWebChatEvent(turnContext.Activity) is { } vote)
        {
            TurnOutcome.Of(turnContext).Route = TurnRoutes.Feedback;
            await SaveFeedbackAsync(turnContext, vote, ConversationHash(turnContext.Activity), cancellationToken, reply: true);
        }
    }

    protected override async Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext<IInvokeActivity> turnContext, CancellationToken cancellationToken)
    {
        // Card buttons arrive as messages; an invoke we do not use (Teams may send some) is acknowledged, not failed.
        if (string.Equals(turnContext.Activity.Name, "adaptiveCard/action", StringComparison.Ordinal)
            && turnContext.Activity.Value is JObject { } invokeValue
            && FeedbackAction.TryParse(invokeValue["action"]?["data"]) is { } feedback)
        {
            TurnOutcome.Of(turnContext).Route = TurnRoutes.Feedback;
            await SaveFeedbackAsync(turnContext, feedback, ConversationHash(turnContext.Activity), cancellationToken);
        }
        else if (FeedbackVotes.FromTeamsSubmitAction(turnContext.Activity) is { } teamsVote)
        {
            // Teams confirms the submission itself: no message in the chat.
            TurnOutcome.Of(turnContext).Route = TurnRoutes.Feedback;
            await SaveFeedbackAsync(turnContext, teamsVote, ConversationHash(turnContext.Activity), cancellationToken, reply: false);
        }
        return new InvokeResponse { Status = 200 };
    }

    private static string ConversationHash(IActivity activity) => IdHasher.Hash($"{activity.ChannelId}|{activity.Conversation?.Id}");

    private async Task SaveFeedbackAsync(ITurnContext turnContext, FeedbackAction feedback, string conversationHash, CancellationToken cancellationToken, bool reply = true)
    {
        // Only answers this conversation was given (and still holds in its transcript) can be rated: a made-up answer id
        // would let anyone fill the review list.
        var transcript = await transcripts.GetAsync(conversationHash, cancellationToken);
        var answer = transcript.LastOrDefault(e => e.Role == TranscriptRole.Bot && string.Equals(e.AnswerId, feedback.AnswerId, StringComparison.Ordinal));
        if (answer is null)
        {
            LogFeedbackRefused(logger, turnContext.Activity.ChannelId ?? "", conversationHash);
            if (reply)
            {
                await turnContext.SendActivityAsync(MessageFactory.Text(BotTexts.Get(BotTexts.FeedbackUnknownAnswer)), cancellationToken);
            }
            return;
        }
        // The answer's kind and cited passages come from the transcript, not from what the client sent back.
        IReadOnlyList<string> passageIds = answer.Citations?.Select(c => c.PassageId).ToList() ?? [];
        var entry = new FeedbackEntry(clock.GetUtcNow(), turnContext.Activity.ChannelId ?? "", conversationHash, feedback.AnswerId, answer.Kind ?? feedback.Kind,
            feedback.Rating == FeedbackRating.Helpful, feedback.Reason, passageIds);
        await feedbackStore.SaveAsync(entry, cancellationToken);
        LogFeedback(logger, entry.ChannelId, conversationHash, entry.Helpful, entry.Reason is not null);
        if (reply)
        {
            await turnContext.SendActivityAsync(MessageFactory.Text(BotTexts.Get(BotTexts.FeedbackThanks)), cancellationToken);
        }
    }

    /// <summary>The typed question: Teams @mentions of the bot removed, whitespace trimmed.</summary>
    private static string QuestionText(IMessageActivity activity)
    {
        var text = activity.Text ?? "";
        if (activity.Recipient?.Id is { Length: > 0 } botId && activity.GetMentions().Length > 0)
        {
            text = ((Activity)activity).RemoveMentionText(botId) ?? text;
        }
        return text.Trim();
    }

    /// <summary>Files and images sent with the text; Teams' own HTML rendering of the typed text is not one.</summary>
    private static int IgnoredAttachments(IMessageActivity activity) =>
        activity.Attachments?.Count(a => !string.Equals(a.ContentType, "text/html", StringComparison.OrdinalIgnoreCase)) ?? 0;

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored {Count} attachments sent with a question on {Channel} conversation {Conversation}")]
    private static partial void LogAttachmentsIgnored(ILogger logger, string channel, string conversation, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No answer within the {BudgetMs} ms turn budget on {Channel} conversation {Conversation}: holding message sent")]
    private static partial void LogHeld(ILogger logger, string channel, string conversation, long budgetMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No answer within the {LimitMs} ms time limit on {Channel} conversation {Conversation}: gave up")]
    private static partial void LogTimedOut(ILogger logger, string channel, string conversation, long limitMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered on {Channel} conversation {Conversation}: kind {Kind}, {Citations} citations, {ElapsedMs} ms")]
    private static partial void LogAnswered(ILogger logger, string channel, string conversation, string kind, int citations, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message not sent to the engine on {Channel} conversation {Conversation}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string channel, string conversation, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feedback refused on {Channel} conversation {Conversation}: the answer id was never issued to it")]
    private static partial void LogFeedbackRefused(ILogger logger, string channel, string conversation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback on {Channel} conversation {Conversation}: helpful={Helpful}, reason given={HasReason}")]
    private static partial void LogFeedback(ILogger logger, string channel, string conversation, bool helpful, bool hasReason);
}
