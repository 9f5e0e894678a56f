using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Conversation;
using LabelBot.Core.Answering.Extractive;
using LabelBot.Core.Answering.Phrasing;
using LabelBot.Core.Tests.Support;

namespace LabelBot.Core.Tests.Answering;

/// <summary>
/// The optional phrasing step through the real engine and verifier. The phraser here is scripted (it stands where a
/// model would), so each test controls what "the model" said; everything after it is the real pipeline.
/// </summary>
[Collection(EngineCorpusCollection.Name)]
public sealed class PhrasedAnswerTests(EngineCorpusFixture corpus)
{
    private const string Question = "What does the label say about tendon rupture with ciprofloxacin?";

    [SplFact]
    public async Task Supported_phrasing_is_shown_with_verbatim_citations()
    {
        var phraser = new ScriptedPhraser(passages =>
        {
            var tendon = passages.First(p => p.Passage.Text.Contains("tendon", StringComparison.OrdinalIgnoreCase));
            var sentence = SentenceSplitter.SplitToStrings(tendon.Passage.Text)
                .First(s => s.Contains("tendon", StringComparison.OrdinalIgnoreCase));
            return $"{sentence} [{tendon.N}]";
        });
        var result = await Engine(phraser).AnswerAsync(new AnswerRequest(Question));

        Assert.True(phraser.Called);
        Assert.Equal(AnswerKind.Answer, result.Kind);
        Assert.NotEmpty(result.Citations);
        foreach (var citation in result.Citations)
        {
            var passage = await corpus.Store.GetPassageAsync(citation.PassageId);
            Assert.NotNull(passage);
            Assert.Contains(CitationContract.Normalize(citation.Quote), CitationContract.Normalize(passage.Text), StringComparison.Ordinal);
            Assert.Contains($"[{citation.N}]", result.Text, StringComparison.Ordinal);
        }
    }

    [SplFact]
    public async Task Unsupported_phrasing_falls_back_to_the_extractive_answer()
    {
        var invented = new ScriptedPhraser(_ => "Ciprofloxacin is completely safe for tendons and cures arthritis [1]. Take 2000 mg daily [2].");
        var extractive = await Engine(null).AnswerAsync(new AnswerRequest(Question));
        var result = await Engine(invented).AnswerAsync(new AnswerRequest(Question));

        Assert.True(invented.Called);
        Assert.Equal(extractive.Text, result.Text);
        Assert.DoesNotContain("2000", result.Text, StringComparison.Ordinal);
    }

    [SplFact]
    public async Task Failing_phraser_falls_back_to_the_extractive_answer()
    {
        var failing = new ScriptedPhraser(_ => throw new HttpRequestException("503"));
        var result = await Engine(failing).AnswerAsync(new AnswerRequest(Question));
        Assert.Equal(AnswerKind.Answer, result.Kind);
        Assert.NotEmpty(result.Citations);
    }

    [SplFact]
    public async Task Public_phraser_is_never_shown_dosing_passages()
    {
        var phraser = new ScriptedPhraser(_ => string.Empty);
        await Engine(phraser).AnswerAsync(new AnswerRequest("how do you use kloxxado nasal spray"));
        Assert.All(phraser.Seen, p => Assert.NotEqual(LabelBot.Core.Labels.SectionCodes.DosageAndAdministration, p.Passage.TopSectionCode));
    }

    private AnswerEngine Engine(IAnswerPhraser? phraser) =>
        new(corpus.Store, corpus.Retriever, corpus.Resolver, new AnsweringOptions(), new InMemoryConversationContextStore(), phraser);

    private sealed class ScriptedPhraser(Func<IReadOnlyList<NumberedPassage>, string> script) : IAnswerPhraser
    {
        public bool Called { get; private set; }

        public IReadOnlyList<NumberedPassage> Seen { get; private set; } = [];

        public Task<PhrasedAnswer?> PhraseAsync(string question, IReadOnlyList<NumberedPassage> passages, CancellationToken cancellationToken = default)
        {
            Called = true;
            Seen = passages;
            var text = script(passages);
            return Task.FromResult<PhrasedAnswer?>(text.Length == 0 ? null : new PhrasedAnswer(text));
        }
    }
}
