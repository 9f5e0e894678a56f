using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Quality;
using LabelBot.Core.Labels;
using LabelBot.Runtime.Evaluation;
using LabelBot.Testing;

namespace LabelBot.Runtime.Tests.Evaluation;

/// <summary>The answer-quality figures of issue 14: key facts, false "not in label", section and product fit, length, junk.</summary>
public sealed class AnswerQualityMetricsTests
{
    private const string Humira = "608d4f0d-b19f-46d3-749a-7159aa5f933d";
    private const string Viagra = "0b0be196-0c62-461c-94f4-9a35339b4501";

    [Fact]
    public async Task Scoring_finds_key_facts_in_shown_text_or_quotes_and_checks_the_first_citation_and_the_labels()
    {
        using var database = await SeededLabelsDatabase.CopyAsync("quality-scoring");
        await using var runtime = await LabelBotRuntime.OpenAsync(new RuntimeOptions(database.Path));
        var storage = (await runtime.Store.GetPassagesAsync(Humira, [SectionCodes.HowSupplied])).First(p => p.Text.Contains("must be refrigerated", StringComparison.Ordinal));
        var viagraAdverse = (await runtime.Store.GetPassagesAsync(Viagra, [SectionCodes.AdverseReactions]))[0];
        var quote = storage.Text[storage.Text.IndexOf("HUMIRA must be refrigerated", StringComparison.Ordinal)..][..40];
        var text = $"From the Humira label:\n\n- {quote} [see Warnings (5.1)] [1]\n- {viagraAdverse.Text[..20]} [2]\n\nSources:\n[1] x\n[2] y";
        var answer = new AnswerResult(AnswerKind.Answer, text, [Cite(1, storage, quote), Cite(2, viagraAdverse, viagraAdverse.Text[..20])], [], [], 5);
        var item = new EvaluationItem("fridge", "Does Humira have to be kept in the fridge?", new EvaluationExpectation("answer", [Humira],
            [SectionCodes.HowSupplied], KeyFacts: [["must be refrigerated", "Store in refrigerator"], ["cool carrier with an ice pack"]]));

        var outcome = await new EvaluationRunner(runtime.Engine, runtime.Store).ScoreAsync(item, answer, 5);

        Assert.Equal(2, outcome.KeyFactsTotal);
        Assert.Equal(1, outcome.KeyFactsFound);
        Assert.Equal(["cool carrier with an ice pack"], outcome.MissingKeyFacts);
        Assert.True(outcome.SectionFit);
        Assert.False(outcome.ProductFit);
        Assert.Equal(AnswerJunkKind.CrossReference, Assert.Single(outcome.Junk).Kind);
        Assert.DoesNotContain("Sources:", outcome.DisplayedText, StringComparison.Ordinal);
        Assert.NotNull(outcome.AnswerWords);
    }

    [Fact]
    public void A_not_in_label_reply_to_an_answerable_item_counts_as_false_and_shows_no_facts()
    {
        var report = EvaluationReport.From(
        [
            new EvaluationOutcome("a", "answer", "not_in_label", 0, 0, 0, 0, 0, 0, 1) { KeyFactsTotal = 2 },
            new EvaluationOutcome("b", "answer", "answer", 1, 1, 1, 1, 0, 0, 1)
            {
                KeyFactsTotal = 2, KeyFactsFound = 2, SectionFit = true, ProductFit = true, AnswerWords = 40,
            },
            new EvaluationOutcome("c", "answer", "answer", 1, 0, 1, 1, 0, 0, 1)
            {
                KeyFactsTotal = 1, KeyFactsFound = 0, SectionFit = false, ProductFit = true, AnswerWords = 80,
                Junk = [new AnswerJunkFinding(AnswerJunkKind.TablePipe, " | ")],
            },
            new EvaluationOutcome("d", "not_in_label", "not_in_label", 0, 0, 0, 0, 0, 0, 1),
        ]);

        Assert.Equal(2.0 / 5, report.KeyFactRecall, 6);
        Assert.Equal(1.0 / 3, report.FalseNotInLabelRate, 6);
        Assert.Equal(0.5, report.SectionFit, 6);
        Assert.Equal(1.0, report.ProductFit, 6);
        Assert.Equal(60, report.MedianAnswerWords, 6);
        Assert.Equal(1, report.AnswersWithJunk);
    }

    [Fact]
    public void Quality_thresholds_are_checked_only_where_a_file_sets_them()
    {
        var report = EvaluationReport.From(
        [
            new EvaluationOutcome("a", "answer", "answer", 1, 1, 1, 1, 0, 0, 1)
            {
                KeyFactsTotal = 2, KeyFactsFound = 1, SectionFit = true, ProductFit = true, AnswerWords = 120,
                Junk = [new AnswerJunkFinding(AnswerJunkKind.CutOffLeadIn, "indicated to:")],
            },
        ]);

        Assert.DoesNotContain(new EvaluationThresholds().Check(report), c => c.Metric == "key-fact recall");

        var checks = new EvaluationThresholds
        {
            KeyFactRecall = 0.6, MaxFalseNotInLabelRate = 0.02, SectionFit = 0.95, ProductFit = 0.98, MaxMedianAnswerWords = 90, MaxAnswersWithJunk = 0,
        }.Check(report).ToDictionary(c => c.Metric);

        Assert.False(checks["key-fact recall"].Passed);
        Assert.True(checks["false not-in-label rate"].Passed);
        Assert.True(checks["section fit"].Passed);
        Assert.True(checks["product fit"].Passed);
        Assert.False(checks["median answer words"].Passed);
        Assert.False(checks["answers with junk"].Passed);
    }

    [Fact]
    public void Side_by_side_table_shows_each_part_with_its_own_bar()
    {
        var good = EvaluationReport.From([new EvaluationOutcome("a", "answer", "answer", 1, 1, 1, 1, 0, 0, 3) { KeyFactsTotal = 2, KeyFactsFound = 2, AnswerWords = 50 }]);
        var poor = EvaluationReport.From([new EvaluationOutcome("b", "answer", "not_in_label", 0, 0, 0, 0, 0, 0, 4) { KeyFactsTotal = 1 }]);
        var bar = new EvaluationThresholds { KeyFactRecall = 0.5, MaxAnswersWithJunk = 0 };

        var markdown = QualityTable.ToMarkdown([new QualityTablePart("gold-dev.jsonl", good, bar), new QualityTablePart("gold-heldout.jsonl", poor, bar)]);

        Assert.Contains("| metric | gold-dev.jsonl | threshold | gold-heldout.jsonl | threshold |", markdown, StringComparison.Ordinal);
        Assert.Contains("| key-fact recall (facts shown / facts listed, answerable items) | 1.000 | ≥ 0.500 | 0.000 | ≥ 0.500 **missed** |", markdown, StringComparison.Ordinal);
        Assert.Contains("| answers with junk (cross-references, pipes, cut-off lead-ins, captions) | 0 | ≤ 0 | 0 | ≤ 0 |", markdown, StringComparison.Ordinal);
        Assert.Contains("`gold-heldout.jsonl` (1 items, 1 answerable, 1 key facts)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Part_thresholds_file_holds_one_entry_per_part_and_rejects_unknown_keys()
    {
        var folder = Directory.CreateTempSubdirectory("labelbot-part-thresholds").FullName;
        try
        {
            var good = Path.Combine(folder, "good.json");
            File.WriteAllText(good, "// comment\n{ \"a.jsonl\": { \"keyFactRecall\": 0.5 }, \"b.jsonl\": { \"maxAnswersWithJunk\": 3 } }");
            var parts = PartThresholds.Load(good);
            Assert.Equal(0.5, parts["a.jsonl"].KeyFactRecall);
            Assert.Equal(3, parts["b.jsonl"].MaxAnswersWithJunk);

            var typo = Path.Combine(folder, "typo.json");
            File.WriteAllText(typo, "{ \"a.jsonl\": { \"keyFactRecal\": 0.5 } }");
            Assert.Throws<InvalidDataException>(() => PartThresholds.Load(typo));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Citation Cite(int n, Passage passage, string quote) =>
        new(n, passage.SetId, passage.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), "2020-01-01", "label",
            passage.SectionCode, passage.SectionNumber, passage.SectionTitle, passage.Id, quote, LabelNaming.DailyMedUrl(passage.SetId));
}
