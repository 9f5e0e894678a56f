namespace LabelBot.Core.Answering.Conversation;

/// <summary>
/// A bounded least-recently-used map of conversation focus: at most <see cref="Capacity"/> conversations, the one
/// untouched longest is forgotten first, so memory stays flat however many conversations a host sees. Thread-safe.
/// </summary>
public sealed class InMemoryConversationContextStore : IConversationContextStore
{
    public const int DefaultCapacity = 10_000;

    private readonly Dictionary<string, LinkedListNode<(string Id, ConversationFocus Focus)>> _index = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Id, ConversationFocus Focus)> _recency = new();
    private readonly Lock _gate = new();

    public InMemoryConversationContextStore(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _index.Count;
            }
        }
    }

    public ConversationFocus? Get(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        lock (_gate)
        {
            if (!_index.TryGetValue(conversationId, out var node))
            {
                return null;
            }
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Focus;
        }
    }

    public void Set(string conversationId, ConversationFocus focus)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentNullException.ThrowIfNull(focus);
        lock (_gate)
        {
            if (_index.TryGetValue(conversationId, out var existing))
            {
                _recency.Remove(existing);
            }
            var node = _recency.AddFirst((conversationId, focus));
            _index[conversationId] = node;
            while (_index.Count > Capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _index.Remove(oldest.Value.Id);
            }
        }
    }
}
