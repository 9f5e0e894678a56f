using System.Security.Cryptography;
using System.Text;
using LabelBot.Core.Labels;
using LabelBot.Runtime.Evaluation;
using LabelBot.Testing;

namespace LabelBot.Runtime.Tests.Evaluation;

/// <summary>
/// The gold set (issue 14): real consumer questions about the shipped labels with the key facts a good answer shows.
/// These checks keep it honest: big enough, split by its fixed rule, and every key-fact phrase verbatim in the label
/// passages of the real store, so a miss is always the engine's and never the set's.
/// </summary>
public sealed class GoldSetFileTests
{
    private static readonly Lazy<IReadOnlyList<EvaluationItem>> Dev = new(() => EvaluationSet.Load(RepositoryPaths.RuntimeTestData("gold-dev.jsonl")));
    private static readonly Lazy<IReadOnlyList<EvaluationItem>> HeldOut = new(() => EvaluationSet.Load(RepositoryPaths.RuntimeTestData("gold-heldout.jsonl")));

    private static IEnumerable<EvaluationItem> All => Dev.Value.Concat(HeldOut.Value);

    [Fact]
    public void Set_has_at_least_300_items_and_a_third_is_held_out()
    {
        Assert.InRange(Dev.Value.Count + HeldOut.Value.Count, 300, int.MaxValue);
        Assert.InRange(HeldOut.Value.Count, 100, int.MaxValue);
        Assert.Empty(Dev.Value.Select(i => i.Id).Intersect(HeldOut.Value.Select(i => i.Id)));
    }

    [Fact]
    public void Only_label_answers_and_true_silences_are_asked()
    {
        // Routing (dosing, personal, emergencies) is measured elsewhere; this set measures what an answer shows.
        Assert.All(All, i => Assert.Contains(i.Expect.Kind, new[] { "answer", "not_in_label" }));
        Assert.True(All.Count(i => i.Expect.Kind == "not_in_label") >= 20, "at least 20 questions the label truly does not address");
    }

    [Fact]
    public void Answer_items_name_product_sections_and_key_facts_and_silences_name_only_the_product()
    {
        var problems = new List<string>();
        foreach (var item in All)
        {
            var expect = item.Expect;
            if (expect.SetIds is not { Count: > 0 })
            {
                problems.Add($"{item.Id}: no expected product");
            }
            if (expect.Kind == "answer" && (expect.SectionCodes is not { Count: > 0 } || expect.KeyFacts is not { Count: > 0 }))
            {
                problems.Add($"{item.Id}: an answer item needs sectionCodes and keyFacts");
            }
            if (expect.Kind == "not_in_label" && (expect.SectionCodes is { Count: > 0 } || expect.KeyFacts is { Count: > 0 }))
            {
                problems.Add($"{item.Id}: a silence has no section or fact to show");
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_shipped_label_is_asked_about_in_both_parts()
    {
        var labels = ShippedLabelIds();
        foreach (var part in new[] { Dev.Value, HeldOut.Value })
        {
            var asked = part.SelectMany(i => i.Expect.SetIds ?? []).ToHashSet(StringComparer.Ordinal);
            var unasked = labels.Where(id => !asked.Contains(id)).ToList();
            Assert.True(unasked.Count == 0, $"labels no item asks about: {string.Join(", ", unasked)}");
        }
    }

    [Fact]
    public void Split_follows_the_fixed_rule()
    {
        // Per drug (the id's second segment), items ordered by SHA-256 of their id; every third from the first is held out.
        var expectedHeldOut = All
            .GroupBy(i => i.Id.Split('-')[1], StringComparer.Ordinal)
            .SelectMany(g => g.Select(i => i.Id).OrderBy(Hash, StringComparer.Ordinal).Where((_, index) => index % 3 == 0))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(expectedHeldOut.Order(StringComparer.Ordinal), HeldOut.Value.Select(i => i.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_key_fact_phrase_and_section_is_in_the_expected_labels_of_the_real_store()
    {
        using var database = await SeededLabelsDatabase.CopyAsync("gold-file");
        await using var runtime = await LabelBotRuntime.OpenAsync(new RuntimeOptions(database.Path));
        var passages = new Dictionary<string, IReadOnlyList<Passage>>(StringComparer.Ordinal);
        foreach (var label in await runtime.Store.ListLabelsAsync())
        {
            passages[label.SetId] = await runtime.Store.GetPassagesAsync(label.SetId);
        }

        var problems = new List<string>();
        foreach (var item in All)
        {
            var expected = (item.Expect.SetIds ?? []).Where(id => passages.ContainsKey(id)).SelectMany(id => passages[id]).ToList();
            if (expected.Count == 0)
            {
                problems.Add($"{item.Id}: no expected label is in the store");
                continue;
            }
            var codes = item.Expect.SectionCodes ?? [];
            if (codes.Count > 0 && !expected.Any(p => codes.Contains(p.SectionCode) || codes.Contains(p.TopSectionCode)))
            {
                problems.Add($"{item.Id}: none of the sections {string.Join(", ", codes)} is in the expected label(s)");
            }
            foreach (var phrase in (item.Expect.KeyFacts ?? []).SelectMany(f => f))
            {
                // Any one passage must hold the phrase whole, as an answer quoting that passage would show it.
                if (!expected.Any(p => QuoteText.Contains(p.Text, phrase)))
                {
                    problems.Add($"{item.Id}: \"{phrase}\" is not verbatim in any passage of the expected label(s)");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Key_fact_phrases_are_short_enough_to_be_shown_whole()
    {
        var tooLong = All.SelectMany(i => (i.Expect.KeyFacts ?? []).SelectMany(f => f).Select(p => (i.Id, Phrase: p)))
            .Where(x => x.Phrase.Split(" ", StringSplitOptions.RemoveEmptyEntries).Length > 10)
            .Select(x => $"{x.Id}: {x.Phrase}")
            .ToList();
        Assert.Empty(tooLong);
    }

    [Fact]
    public void Held_out_part_says_it_is_never_tuned_on()
    {
        var note = File.ReadAllText(RepositoryPaths.RuntimeTestData("GOLD.md"));
        Assert.Contains("never used for tuning", note, StringComparison.Ordinal);
    }

    private static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private static HashSet<string> ShippedLabelIds() =>
        Directory.GetFiles(RepositoryPaths.LabelsFolder, "*.xml")
            .Select(f => LabelBot.Labels.SplParser.ParseFile(f).SetId)
            .ToHashSet(StringComparer.Ordinal);
}
