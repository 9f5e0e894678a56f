using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Conversation;
using LabelBot.Core.Retrieval;
using LabelBot.Runtime;

namespace LabelBot.Testing;

/// <summary>
/// A chat turn is routed and its products resolved once: the chat engine resolves, the answer engine reads the result
/// (before, every label question was resolved by both). The real store, retriever and resolver, counted at the resolver.
/// </summary>
public sealed class RouteOnceTests : IAsyncLifetime
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("route-once");
    private LabelBotRuntime? _runtime;

    private LabelBotRuntime Runtime => _runtime ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync()
    {
        _runtime = await LabelBotRuntime.OpenAsync(new RuntimeOptions(Path.Combine(_folder, "labels.db")));
        var report = await _runtime.IngestAsync([Path.Combine(RepositoryPaths.LabelsFolder, "naloxone-hcl-ebf0f833.xml")]);
        Assert.Equal(1, report.Added);
    }

    public async Task DisposeAsync()
    {
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("What is naloxone used for?", AnswerKind.Answer, 1)]
    [InlineData("How much naloxone should I give my son?", AnswerKind.DosingRedirect, 1)]
    [InlineData("My friend took too many pills and won't wake up", AnswerKind.Emergency, 0)]
    public async Task A_chat_turn_resolves_its_products_at_most_once(string question, AnswerKind kind, int resolutions)
    {
        var resolver = new CountingResolver(Runtime.Resolver);
        var answers = new AnswerEngine(Runtime.Store, Runtime.Retriever, resolver, Runtime.Options.Answering, new InMemoryConversationContextStore());
        var chat = new ChatEngine(answers, Runtime.History, Runtime.ClaimChecker);

        var answer = await chat.AnswerAsync(new AnswerRequest(question, "route-once"));

        Assert.Equal(kind, answer.Kind);
        Assert.Equal(resolutions, resolver.Resolved);
        Assert.Equal(resolutions, resolver.UnknownNamesLookedUp);
    }

    /// <summary>The real resolver, counting its calls.</summary>
    private sealed class CountingResolver(IProductResolver inner) : IProductResolver
    {
        public int Resolved { get; private set; }

        public int UnknownNamesLookedUp { get; private set; }

        public Task<IReadOnlyList<ProductMatch>> ResolveAsync(string text, CancellationToken cancellationToken = default)
        {
            Resolved++;
            return inner.ResolveAsync(text, cancellationToken);
        }

        public Task<IReadOnlyList<string>> UnknownDrugNamesAsync(string text, CancellationToken cancellationToken = default)
        {
            UnknownNamesLookedUp++;
            return inner.UnknownDrugNamesAsync(text, cancellationToken);
        }
    }
}
