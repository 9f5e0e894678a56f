using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.Search.Products;
using LabelBot.Search.Retrieval;
using LabelBot.Search.Tests.TestSupport;

namespace LabelBot.Search.Tests;

/// <summary>Retrieval over the real corpus, product resolved first as the bot does.</summary>
[Collection(CorpusCollection.Name)]
public sealed class HybridRetrieverTests(CorpusFixture corpus)
{
    private static readonly string[] SpecificPopulations =
        [SectionCodes.UseInSpecificPopulations, SectionCodes.Pregnancy, SectionCodes.Lactation, SectionCodes.NursingMothers];

    private HybridRetriever Retriever => HybridRetriever.Create(corpus.Store, corpus.Embedder);

    private async Task<IReadOnlyList<ScoredPassage>> AskAsync(string question, RetrievalMode mode = RetrievalMode.Hybrid, int limit = 5)
    {
        var matches = await new LabelProductResolver(corpus.Store).ResolveAsync(question);
        Assert.NotEmpty(matches);
        var setIds = matches.Select(m => m.Label.SetId).ToList();
        var results = await Retriever.SearchAsync(new SearchQuery(question, setIds, limit, mode));
        Assert.All(results, r => Assert.Contains(r.Passage.SetId, setIds));
        return results;
    }

    private static bool In(ScoredPassage p, params string[] codes) =>
        codes.Contains(p.Passage.SectionCode) || codes.Contains(p.Passage.TopSectionCode);

    [CorpusTheory]
    [InlineData("What are the side effects of Viagra?")]
    [InlineData("What side effects can carvedilol cause?")]
    [InlineData("what are the most common side effects of Humira")]
    public async Task A_side_effects_question_finds_Adverse_Reactions_first(string question)
    {
        var top = await AskAsync(question);

        Assert.True(In(top[0], SectionCodes.AdverseReactions), $"first hit was {top[0].Passage.SectionPath}");
    }

    [CorpusTheory]
    [InlineData("What happens if someone takes too much cipro?")]
    [InlineData("carvedilol overdose symptoms")]
    [InlineData("I took too much naproxen, what happens")]
    public async Task An_overdose_question_finds_Overdosage_first(string question)
    {
        var top = await AskAsync(question);

        Assert.True(In(top[0], SectionCodes.Overdosage), $"first hit was {top[0].Passage.SectionPath}");
    }

    [CorpusTheory]
    [InlineData("Can I take naproxen if I'm pregnant?")]
    [InlineData("Is Humira safe during pregnancy?")]
    [InlineData("can I breastfeed while taking ciprofloxacin")]
    public async Task A_pregnancy_question_finds_Use_in_Specific_Populations_first(string question)
    {
        var top = await AskAsync(question);

        Assert.True(In(top[0], SpecificPopulations), $"first hit was {top[0].Passage.SectionPath}");
    }

    [CorpusTheory]
    [InlineData("How does Viagra work?")]
    [InlineData("how does naloxone work")]
    [InlineData("How does Humira work in the body?")]
    public async Task A_how_does_it_work_question_finds_Mechanism_of_Action_first(string question)
    {
        var top = await AskAsync(question);

        Assert.True(In(top[0], SectionCodes.MechanismOfAction), $"first hit was {top[0].Passage.SectionPath}");
    }

    [CorpusFact]
    public async Task Full_sections_rank_above_the_Highlights_that_summarise_them()
    {
        var top = await AskAsync("What are the side effects of Viagra?", limit: 10);

        var firstHighlight = top.ToList().FindIndex(p => p.Passage.TopSectionCode == SectionCodes.Highlights);
        var firstFull = top.ToList().FindIndex(p => p.Passage.TopSectionCode == SectionCodes.AdverseReactions);
        Assert.True(firstFull >= 0);
        Assert.True(firstHighlight < 0 || firstFull < firstHighlight);
    }

    [CorpusFact]
    public async Task Every_mode_respects_the_requested_labels()
    {
        const string viagra = "0b0be196-0c62-461c-94f4-9a35339b4501";
        foreach (var mode in Enum.GetValues<RetrievalMode>())
        {
            var results = await Retriever.SearchAsync(new SearchQuery("headache and flushing", [viagra], 8, mode));

            Assert.NotEmpty(results);
            Assert.All(results, r => Assert.Equal(viagra, r.Passage.SetId));
            Assert.All(results, r => Assert.True(r.Label.IsCurrent));
            Assert.Equal(results.OrderByDescending(r => r.Score).Select(r => r.Passage.Id), results.Select(r => r.Passage.Id));
        }
    }

    [CorpusFact]
    public async Task Without_labels_the_whole_corpus_is_searched()
    {
        var results = await Retriever.SearchAsync(new SearchQuery("tendon rupture fluoroquinolone", Limit: 5));

        Assert.Equal(5, results.Count);
        Assert.Equal("cc768d3e-a7cc-46a2-ae6d-0f5eb2f05406", results[0].Passage.SetId);
    }

    [CorpusFact]
    public async Task Unknown_set_ids_and_zero_limits_give_nothing()
    {
        Assert.Empty(await Retriever.SearchAsync(new SearchQuery("side effects", ["not-a-set-id"])));
        Assert.Empty(await Retriever.SearchAsync(new SearchQuery("side effects", [])));
        Assert.Empty(await Retriever.SearchAsync(new SearchQuery("side effects", Limit: 0)));
    }

    [CorpusFact]
    public async Task Lexical_mode_embeds_nothing()
    {
        var counting = new CountingEmbedder(corpus.Embedder);
        var retriever = HybridRetriever.Create(corpus.Store, counting);

        var results = await retriever.SearchAsync(new SearchQuery("naproxen overdose", Mode: RetrievalMode.Lexical));

        Assert.NotEmpty(results);
        Assert.Equal(0, counting.Calls);
    }

    [CorpusFact]
    public async Task Concurrent_searches_agree_with_a_single_search()
    {
        const string question = "Can I drink grapefruit juice while taking Lipitor?";
        var expected = (await AskAsync(question)).Select(r => r.Passage.Id).ToList();

        var parallel = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => AskAsync(question))));

        Assert.All(parallel, r => Assert.Equal(expected, r.Select(p => p.Passage.Id)));
        Assert.Contains("grapefruit", string.Join(' ', parallel[0].Select(p => p.Passage.Text)), StringComparison.OrdinalIgnoreCase);
    }
}
