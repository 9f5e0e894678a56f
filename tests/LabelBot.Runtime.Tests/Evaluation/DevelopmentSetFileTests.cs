using LabelBot.Core.Answering;
using LabelBot.Core.Labels;
using LabelBot.Labels;
using LabelBot.Runtime.Evaluation;
using LabelBot.Testing;

namespace LabelBot.Runtime.Tests.Evaluation;

/// <summary>
/// The developer evaluation set is data written by hand from the shipped labels; these checks keep it honest:
/// big enough, covering every kind and label, and every expectation true of the real label text.
/// </summary>
public sealed class DevelopmentSetFileTests
{
    private static readonly Lazy<IReadOnlyList<EvaluationItem>> Items = new(() => EvaluationSet.Load(RepositoryPaths.RuntimeTestData("eval-dev.jsonl")));

    private static readonly Lazy<IReadOnlyDictionary<string, ShippedLabel>> Labels = new(() =>
        Directory.GetFiles(RepositoryPaths.LabelsFolder, "*.xml")
            .Select(SplParser.ParseFile)
            .Concat(Directory.GetFiles(RepositoryPaths.LabelsFolder, "*.json").SelectMany(LabelBot.Labels.OpenFda.OpenFdaParser.ParseFile))
            .ToDictionary(d => d.SetId, ShippedLabel.From, StringComparer.Ordinal));

    [Fact]
    public void Set_has_at_least_200_items()
    {
        Assert.InRange(Items.Value.Count, 200, int.MaxValue);
    }

    [Fact]
    public void Every_contract_kind_is_expected_somewhere()
    {
        var expected = Items.Value.Select(i => i.Expect.Kind).ToHashSet(StringComparer.Ordinal);
        // No name in the shipped labels resolves to two labels that say different things any more (Tylenol now names
        // only the acetaminophen label, by its ingredients), so "clarify" has no item here; ProductSelectorTests covers
        // ambiguity with hand-made labels.
        var missing = Enum.GetValues<AnswerKind>().Where(k => k != AnswerKind.Clarify).Select(k => k.ToWire()).Where(k => !expected.Contains(k)).ToList();
        Assert.True(missing.Count == 0, $"kinds with no item: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_shipped_label_is_the_answer_to_some_item()
    {
        var answered = Items.Value.Where(i => i.Expect.Kind == "answer").SelectMany(i => i.Expect.SetIds ?? []).ToHashSet(StringComparer.Ordinal);
        var unused = Labels.Value.Keys.Where(id => !answered.Contains(id)).ToList();
        Assert.True(unused.Count == 0, $"labels no answer item expects: {string.Join(", ", unused)}");
    }

    [Fact]
    public void Set_measures_follow_ups_audiences_fdarxbench_and_dont_know_ness()
    {
        var items = Items.Value;
        Assert.True(items.Count(i => i.Conversation is { Count: > 0 }) >= 10, "at least 10 follow-up items with earlier turns");
        Assert.True(items.Count(i => string.Equals(i.Audience, "professional", StringComparison.OrdinalIgnoreCase)) >= 5, "at least 5 professional-audience items");
        Assert.True(items.Count(i => i.Id.Contains("fdarx", StringComparison.Ordinal)) >= 5, "at least 5 items from FDARxBench");
        Assert.True(items.Count(i => i.Expect.Kind == "not_in_label") >= 15, "at least 15 related-but-absent questions");
        Assert.True(items.Count(i => i.Expect.Kind == "out_of_scope") >= 15, "at least 15 unknown-drug, unrelated or nonsense questions");
        Assert.True(items.Count(i => i.Expect.Kind == "answer") >= 100, "at least 100 answerable questions");
    }

    [Fact]
    public void Answer_items_say_where_the_answer_lives()
    {
        var vague = Items.Value
            .Where(i => i.Expect.Kind == "answer" && (i.Expect.SetIds is not { Count: > 0 } || i.Expect.SectionCodes is not { Count: > 0 }))
            .Select(i => i.Id)
            .ToList();
        Assert.True(vague.Count == 0, $"answer items without setIds and sectionCodes: {string.Join(", ", vague)}");
    }

    [Fact]
    public void Expected_labels_sections_and_quotes_exist_in_the_shipped_label_text()
    {
        var problems = new List<string>();
        foreach (var item in Items.Value.Where(i => i.Expect.SetIds is { Count: > 0 }))
        {
            var labels = new List<ShippedLabel>();
            foreach (var setId in item.Expect.SetIds!)
            {
                if (Labels.Value.TryGetValue(setId, out var label))
                {
                    labels.Add(label);
                }
                else
                {
                    problems.Add($"{item.Id}: set id {setId} is not in data/labels");
                }
            }
            if (labels.Count == 0)
            {
                continue;
            }
            var codes = item.Expect.SectionCodes ?? [];
            if (codes.Count > 0 && !codes.Any(code => labels.Any(l => l.SectionCodes.Contains(code))))
            {
                problems.Add($"{item.Id}: none of the sections {string.Join(", ", codes)} is in the expected label(s)");
            }
            foreach (var phrase in item.Expect.MustQuote ?? [])
            {
                if (!labels.Any(l => QuoteText.Contains(l.Text, phrase)))
                {
                    problems.Add($"{item.Id}: \"{phrase}\" is not in the expected label text");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Refusal_items_name_no_expected_citations()
    {
        // An item the label cannot answer has nothing to cite; expecting quotes from it would contradict itself.
        var contradictory = Items.Value
            .Where(i => EvaluationKinds.IsRefusal(i.Expect.Kind) && (i.Expect.MustQuote is { Count: > 0 } || i.Expect.SectionCodes is { Count: > 0 }))
            .Select(i => i.Id)
            .ToList();
        Assert.Empty(contradictory);
    }

    /// <summary>The text and section codes of one shipped label, flattened for lookups.</summary>
    private sealed record ShippedLabel(HashSet<string> SectionCodes, string Text)
    {
        public static ShippedLabel From(LabelDocument document)
        {
            var codes = new HashSet<string>(StringComparer.Ordinal);
            var text = new System.Text.StringBuilder();
            foreach (var section in document.Sections)
            {
                Collect(section, codes, text);
            }
            return new ShippedLabel(codes, text.ToString());
        }

        private static void Collect(LabelSection section, HashSet<string> codes, System.Text.StringBuilder text)
        {
            codes.Add(section.Code);
            foreach (var block in section.Blocks)
            {
                text.AppendLine(block.Text);
            }
            foreach (var child in section.Children)
            {
                Collect(child, codes, text);
            }
        }
    }
}
