using System.Threading.Channels;

namespace LabelBot.Bot.Channels.DirectLine;

/// <summary>
/// Tells open Direct Line streams that their conversation has new activities, so a stream reads the store only when
/// something was appended (no polling inside the host). In-process: an activity appended by another host sharing the
/// store reaches a stream on this host with the next local append or when the client reconnects.
/// </summary>
public sealed class DirectLineActivityFeed
{
    private readonly Dictionary<string, List<Subscription>> _subscribers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Subscribe before reading the store, so nothing appended in between is missed.</summary>
    public Subscription Subscribe(string conversationId)
    {
        var subscription = new Subscription(this, conversationId);
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(conversationId, out var list))
            {
                _subscribers[conversationId] = list = [];
            }
            list.Add(subscription);
        }
        return subscription;
    }

    /// <summary>Called after an activity of the conversation was stored.</summary>
    public void Appended(string conversationId)
    {
        Subscription[] current;
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(conversationId, out var list))
            {
                return;
            }
            current = [.. list];
        }
        foreach (var subscription in current)
        {
            subscription.Signal();
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            if (_subscribers.TryGetValue(subscription.ConversationId, out var list) && list.Remove(subscription) && list.Count == 0)
            {
                _subscribers.Remove(subscription.ConversationId);
            }
        }
    }

    /// <summary>One stream's wake-up: signals coalesce, since the stream reads everything after its watermark anyway.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly DirectLineActivityFeed _feed;
        private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });

        internal Subscription(DirectLineActivityFeed feed, string conversationId)
        {
            _feed = feed;
            ConversationId = conversationId;
        }

        public string ConversationId { get; }

        /// <summary>Completes once something was appended since the last wait.</summary>
        public async Task WaitAsync(CancellationToken cancellationToken) => await _signal.Reader.ReadAsync(cancellationToken);

        internal void Signal() => _signal.Writer.TryWrite(true);

        public void Dispose() => _feed.Remove(this);
    }
}
