using LabelBot.Bot.Hosting;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace LabelBot.Bot.Bots;

/// <summary>
/// Channels retry a delivery when our reply is slow (Teams re-sends the same activity id); a retried message must be
/// answered once. Remembers recent (channel, conversation, activity id) triples in a bounded window.
/// </summary>
public sealed partial class DuplicateActivityMiddleware(ILogger<DuplicateActivityMiddleware> logger) : Microsoft.Bot.Builder.IMiddleware
{
    private const int Capacity = 10_000;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var activity = turnContext.Activity;
        if (activity.Type == ActivityTypes.Message && !string.IsNullOrEmpty(activity.Id)
            && !FirstDelivery($"{activity.ChannelId}|{activity.Conversation?.Id}|{activity.Id}"))
        {
            LogDuplicate(logger, activity.ChannelId, IdHasher.Hash(activity.Conversation?.Id));
            return;
        }
        await next(cancellationToken);
    }

    private bool FirstDelivery(string key)
    {
        lock (_gate)
        {
            if (!_seen.Add(key))
            {
                return false;
            }
            _order.Enqueue(key);
            if (_order.Count > Capacity)
            {
                _seen.Remove(_order.Dequeue());
            }
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored a retried activity on {Channel} conversation {Conversation}")]
    private static partial void LogDuplicate(ILogger logger, string channel, string conversation);
}
