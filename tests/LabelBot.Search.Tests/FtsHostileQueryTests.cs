using LabelBot.Core.Retrieval;
using LabelBot.Search.Embedding;
using LabelBot.Search.Retrieval;
using LabelBot.Search.Tests.TestSupport;
using LabelBot.Storage.Sqlite;

namespace LabelBot.Search.Tests;

/// <summary>A small store with one hand-made label, shared by the hostile-query tests.</summary>
public sealed class SmallStoreFixture : IDisposable
{
    public const string SetId = "cccccccc-1111-2222-3333-444444444444";

    private readonly TempDirectory _temp = new();

    public SmallStoreFixture()
    {
        Store = SqliteLabelStore.Open(_temp.File("labels.db"));
        var label = HandMadeLabels.Make(SetId, 1, extraIndicationTexts: "Baclofen-free testamol is indicated NEAR the end of the day.");
        Store.SaveAsync(label.Document, label.Passages, label.Embeddings).GetAwaiter().GetResult();
    }

    public SqliteLabelStore Store { get; }

    public void Dispose()
    {
        Store.Dispose();
        _temp.Dispose();
    }
}

/// <summary>Whatever a user types, search returns results or nothing, never an exception.</summary>
public sealed class FtsHostileQueryTests(SmallStoreFixture fixture) : IClassFixture<SmallStoreFixture>
{
    private const string SetId = SmallStoreFixture.SetId;

    private SqliteLabelStore Store => fixture.Store;

    public static TheoryData<string> HostileQueries() => new()
    {
        "\"baclofen\" OR 1=1",
        "NEAR(",
        "NEAR(headache dizziness, 2)",
        "\"unbalanced quote",
        "headache\" AND \"",
        "🙂🙂🙂",
        "",
        "   ",
        "*",
        "-headache",
        "text:headache",
        "{text section_title}: headache",
        "^headache",
        "headache*",
        "AND OR NOT",
        "'; DROP TABLE labels; --",
        "a\0b headache",
        "((((((",
        new string('x', 10_000),
        string.Join(' ', Enumerable.Repeat("headache dizziness overdose", 800)),
    };

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task Hostile_text_never_throws_in_any_mode(string text)
    {
        var retriever = HybridRetriever.Create(Store, MiniLmEmbedder.Shared);
        foreach (var mode in Enum.GetValues<RetrievalMode>())
        {
            var results = await retriever.SearchAsync(new SearchQuery(text, Mode: mode));
            Assert.All(results, r => Assert.Equal(SetId, r.Passage.SetId));
        }
        Assert.NotNull(await Store.SearchLexicalAsync(QueryTerms.Extract(text), null, 10));
    }

    [Fact]
    public async Task Injected_operators_are_searched_as_plain_words()
    {
        var retriever = HybridRetriever.Create(Store, MiniLmEmbedder.Shared);

        var results = await retriever.SearchAsync(new SearchQuery("\"overdosage\" OR 1=1", Mode: RetrievalMode.Lexical));

        // "OR 1=1" is two plain words ("1" occurs in the version numbers), never an always-true condition:
        // the passage with the real query word ranks first and nothing outside this label appears.
        Assert.Contains("overdosage", results[0].Passage.Text, StringComparison.OrdinalIgnoreCase);
        Assert.True(results.Count <= 3);
    }

    [Theory]
    [InlineData("\"baclofen\" OR 1=1", new[] { "baclofen", "1" })]
    [InlineData("NEAR(headache, dizziness)", new[] { "headache", "dizziness" })]
    [InlineData("What's the dose of Lipitor?", new[] { "dose", "lipitor" })]
    [InlineData("🙂", new string[0])]
    public void Query_terms_are_plain_words_only(string text, string[] expected)
    {
        Assert.Equal(expected, QueryTerms.Extract(text));
    }

    [Fact]
    public void Query_terms_are_capped()
    {
        var text = string.Join(' ', Enumerable.Range(0, 500).Select(i => $"word{i}"));

        var terms = QueryTerms.Extract(text);

        Assert.Equal(QueryTerms.MaxTerms, terms.Count);
        Assert.All(terms, t => Assert.Matches("^[a-z0-9]+$", t));
    }
}
