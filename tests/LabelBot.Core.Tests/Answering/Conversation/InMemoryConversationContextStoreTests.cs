using LabelBot.Core.Answering.Conversation;
using LabelBot.Core.Tests.Support;

namespace LabelBot.Core.Tests.Answering.Conversation;

public sealed class InMemoryConversationContextStoreTests
{
    private static ConversationFocus Focus(string setId) =>
        new([HandMadeLabels.Label(setId, "X", "x")], setId, "what are the side effects");

    [Fact]
    public void Remembers_per_conversation()
    {
        var store = new InMemoryConversationContextStore();
        store.Set("a", Focus("set-1"));
        store.Set("b", Focus("set-2"));
        Assert.Equal("set-1", store.Get("a")!.PrimarySetId);
        Assert.Equal("set-2", store.Get("b")!.PrimarySetId);
        Assert.Null(store.Get("c"));
    }

    [Fact]
    public void Forgets_the_least_recently_used_conversation_beyond_capacity()
    {
        var store = new InMemoryConversationContextStore(capacity: 2);
        store.Set("a", Focus("set-1"));
        store.Set("b", Focus("set-2"));
        Assert.NotNull(store.Get("a")); // a is now the most recent
        store.Set("c", Focus("set-3"));
        Assert.Equal(2, store.Count);
        Assert.Null(store.Get("b"));
        Assert.NotNull(store.Get("a"));
        Assert.NotNull(store.Get("c"));
    }

    [Fact]
    public void Concurrent_use_keeps_the_bound()
    {
        var store = new InMemoryConversationContextStore(capacity: 50);
        Parallel.For(0, 2000, i =>
        {
            store.Set($"c{i % 120}", Focus($"set-{i}"));
            store.Get($"c{(i * 7) % 120}");
        });
        Assert.Equal(50, store.Count);
    }
}
