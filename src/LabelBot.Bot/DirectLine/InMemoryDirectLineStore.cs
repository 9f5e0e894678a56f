using System.Globalization;
using System.Security.Cryptography;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.DirectLine;

/// <summary>
/// Process-local Direct Line store with bounds: old conversations are dropped past <see cref="MaxConversations"/>,
/// and only the last <see cref="MaxActivitiesPerConversation"/> activities are kept (watermarks stay absolute).
/// </summary>
public sealed class InMemoryDirectLineStore(TimeProvider clock) : IDirectLineStore
{
    public const int MaxConversations = 5_000;
    public const int MaxActivitiesPerConversation = 1_000;
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ConversationState> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _conversationByToken = new(StringComparer.Ordinal);

    public Task<DirectLineConversation> CreateConversationAsync(string? userId, CancellationToken cancellationToken = default)
    {
        var id = NewId(18);
        var token = NewId(32);
        var conversation = new DirectLineConversation(id, token, string.IsNullOrWhiteSpace(userId) ? "user-" + NewId(9) : userId, clock.GetUtcNow() + TokenLifetime);
        lock (_gate)
        {
            EvictIfFull();
            _conversations[id] = new ConversationState(conversation, clock.GetUtcNow());
            _conversationByToken[token] = id;
        }
        return Task.FromResult(conversation);
    }

    public Task<DirectLineConversation?> FindConversationAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_conversations.TryGetValue(conversationId, out var state) ? state.Conversation : null);
        }
    }

    public Task<DirectLineConversation?> FindByTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_conversationByToken.TryGetValue(token, out var id) && _conversations.TryGetValue(id, out var state)
                && state.Conversation.TokenExpiresUtc > clock.GetUtcNow())
            {
                return Task.FromResult<DirectLineConversation?>(state.Conversation);
            }
            return Task.FromResult<DirectLineConversation?>(null);
        }
    }

    public Task<DirectLineConversation?> RefreshTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_conversationByToken.TryGetValue(token, out var id) || !_conversations.TryGetValue(id, out var state)
                || state.Conversation.TokenExpiresUtc <= clock.GetUtcNow())
            {
                return Task.FromResult<DirectLineConversation?>(null);
            }
            state.Conversation = state.Conversation with { TokenExpiresUtc = clock.GetUtcNow() + TokenLifetime };
            return Task.FromResult<DirectLineConversation?>(state.Conversation);
        }
    }

    public Task<bool> MarkStartedAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_conversations.TryGetValue(conversationId, out var state) || state.Started)
            {
                return Task.FromResult(false);
            }
            state.Started = true;
            return Task.FromResult(true);
        }
    }

    public Task<string?> AppendAsync(string conversationId, JObject activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        lock (_gate)
        {
            if (!_conversations.TryGetValue(conversationId, out var state))
            {
                return Task.FromResult<string?>(null);
            }
            var position = state.FirstPosition + state.Activities.Count;
            var id = $"{conversationId}|{position.ToString("D7", CultureInfo.InvariantCulture)}";
            var snapshot = (JObject)activity.DeepClone();
            snapshot["id"] = id;
            snapshot["timestamp"] = clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
            state.Activities.Add(snapshot);
            if (state.Activities.Count > MaxActivitiesPerConversation)
            {
                state.Activities.RemoveAt(0);
                state.FirstPosition++;
            }
            state.LastActivityUtc = clock.GetUtcNow();
            return Task.FromResult<string?>(id);
        }
    }

    public Task<DirectLineActivitySet?> GetActivitiesAsync(string conversationId, int watermark, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_conversations.TryGetValue(conversationId, out var state))
            {
                return Task.FromResult<DirectLineActivitySet?>(null);
            }
            var end = state.FirstPosition + state.Activities.Count;
            var from = Math.Clamp(watermark, state.FirstPosition, end) - state.FirstPosition;
            var activities = state.Activities.Skip(from).Select(a => (JObject)a.DeepClone()).ToList();
            return Task.FromResult<DirectLineActivitySet?>(new DirectLineActivitySet(activities, end.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private void EvictIfFull()
    {
        if (_conversations.Count < MaxConversations)
        {
            return;
        }
        var oldest = _conversations.Values.OrderBy(s => s.LastActivityUtc).Take(_conversations.Count - MaxConversations + 1).ToList();
        foreach (var state in oldest)
        {
            _conversations.Remove(state.Conversation.Id);
            _conversationByToken.Remove(state.Conversation.Token);
        }
    }

    private static string NewId(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class ConversationState(DirectLineConversation conversation, DateTimeOffset created)
    {
        public DirectLineConversation Conversation { get; set; } = conversation;
        public List<JObject> Activities { get; } = [];
        public int FirstPosition { get; set; }
        public bool Started { get; set; }
        public DateTimeOffset LastActivityUtc { get; set; } = created;
    }
}
