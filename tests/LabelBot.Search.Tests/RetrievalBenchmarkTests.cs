using LabelBot.Core.Retrieval;
using LabelBot.Search.Benchmarks;
using LabelBot.Search.Tests.TestSupport;
using Xunit.Abstractions;

namespace LabelBot.Search.Tests;

/// <summary>
/// The developer question set and the benchmark that scores it. Quality is asserted here; speed is only reported
/// (timed assertions do not belong in unit tests).
/// </summary>
[Collection(CorpusCollection.Name)]
public sealed class RetrievalBenchmarkTests(CorpusFixture corpus, ITestOutputHelper output)
{
    private static string DevSetPath => Path.Combine(AppContext.BaseDirectory, "Data", "retrieval-dev.jsonl");

    [Fact]
    public void The_dev_set_is_well_formed_and_covers_enough_labels()
    {
        var questions = RetrievalDevSet.Load(DevSetPath);

        Assert.True(questions.Count >= 60, $"{questions.Count} questions");
        Assert.Equal(questions.Count, questions.Select(q => q.Id).Distinct().Count());
        Assert.All(questions, q =>
        {
            Assert.Equal("answer", q.Expect.Kind);
            Assert.NotEmpty(q.Expect.SetIds!);
            Assert.NotEmpty(q.Expect.SectionCodes!);
            Assert.NotEmpty(q.Expect.MustQuote!);
        });
        Assert.True(questions.SelectMany(q => q.Expect.SetIds!).Distinct().Count() >= 8);
    }

    [CorpusFact]
    public async Task Every_dev_question_has_its_quote_in_an_expected_section_of_an_expected_label()
    {
        foreach (var question in RetrievalDevSet.Load(DevSetPath))
        {
            var found = false;
            foreach (var setId in question.Expect.SetIds!)
            {
                var passages = await corpus.Store.GetPassagesAsync(setId);
                found |= passages.Any(p =>
                    (question.Expect.SectionCodes!.Contains(p.SectionCode) || question.Expect.SectionCodes!.Contains(p.TopSectionCode))
                    && Normalize(p.Text).Contains(Normalize(question.Expect.MustQuote![0]), StringComparison.OrdinalIgnoreCase));
            }
            Assert.True(found, $"{question.Id}: no passage holds \"{question.Expect.MustQuote![0]}\"");
        }
    }

    [CorpusFact]
    public async Task Hybrid_recall_at_5_is_high_and_beats_each_signal_alone()
    {
        var report = await RetrievalBenchmark.RunAsync(corpus.Store, RetrievalDevSet.Load(DevSetPath), corpus.Embedder, rounds: 1, DevSetPath);
        output.WriteLine(report.ToText());

        var hybrid = report.Modes.Single(m => m.Mode == RetrievalMode.Hybrid);
        var lexical = report.Modes.Single(m => m.Mode == RetrievalMode.Lexical);
        var vector = report.Modes.Single(m => m.Mode == RetrievalMode.Vector);
        Assert.True(hybrid.RecallAt5 >= 0.95, report.ToText());
        Assert.True(hybrid.RecallAt5 >= lexical.RecallAt5 && hybrid.RecallAt5 >= vector.RecallAt5, report.ToText());
        Assert.Equal(1.0, report.ProductResolutionRate);
    }

    [Fact]
    public void A_hit_needs_both_an_expected_label_and_an_expected_section()
    {
        var expect = new DevExpectation("answer", ["set-a"], ["34084-4"]);
        ScoredPassage Hit(string setId, string code, string top) => new(
            new Core.Labels.Passage("p", setId, 1, 0, code, "", "", top, "", "", "text"),
            new Core.Labels.LabelVersionInfo(setId, 1, default, "", "", Core.Labels.LabelFormat.Plr, true, 1, [], null), 1);

        Assert.True(RetrievalBenchmark.IsHit(expect, [Hit("set-a", "42229-5", "34084-4")]));
        Assert.False(RetrievalBenchmark.IsHit(expect, [Hit("set-b", "34084-4", "34084-4")]));
        Assert.False(RetrievalBenchmark.IsHit(expect, [Hit("set-a", "34088-5", "34088-5")]));
        Assert.False(RetrievalBenchmark.IsHit(expect, [.. Enumerable.Repeat(Hit("set-a", "1", "1"), 5), Hit("set-a", "34084-4", "34084-4")]));
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
