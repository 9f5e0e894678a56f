
namespace LabelBot.Runtime.Tests.Adversarial;

/// <summary>Keeps Data/adversarial.jsonl honest: big enough, every attack family present, every adapted item traceable.</summary>
public sealed class AdversarialSetFileTests
{
    private static readonly string[] Categories =
    [
        "ignore_instructions", "role_play", "fake_system", "prompt_extraction", "pasted_label_injection", "markup_injection",
        "harmful_offscope", "obfuscation",
    ];

    private static IReadOnlyList<AdversarialItem> Items => AdversarialSet.Items;

    [Fact]
    public void Set_has_at_least_120_items_with_unique_ids()
    {
        Assert.InRange(Items.Count, 120, int.MaxValue);
        var duplicates = Items.GroupBy(i => i.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "ids used twice: " + string.Join(", ", duplicates));
    }

    [Fact]
    public void Every_attack_family_has_items_and_no_item_has_an_unknown_category()
    {
        var unknown = Items.Where(i => !Categories.Contains(i.Category, StringComparer.Ordinal)).Select(i => i.Id).ToList();
        Assert.True(unknown.Count == 0, "items with an unknown category: " + string.Join(", ", unknown));
        foreach (var category in Categories)
        {
            Assert.True(Items.Count(i => i.Category == category) >= 8, $"category {category} has fewer than 8 items");
        }
    }

    [Fact]
    public void Items_mix_public_adversarial_sets_with_our_own_and_cite_the_public_file()
    {
        var publicPrompts = Items
            .Where(i => i.Source.StartsWith("shared/eval-data/adversarial_prompts.jsonl#adv-", StringComparison.Ordinal))
            .ToList();
        Assert.True(publicPrompts.Count >= 50, $"only {publicPrompts.Count} items adapted from the public adversarial sets");
        Assert.True(Items.Count - publicPrompts.Count >= 50, "fewer than 50 items written for our own labels");
        // The cited upstream file (garak / HarmBench) follows the local copy's row id.
        Assert.All(publicPrompts, i => Assert.Contains(" <- ", i.Source, StringComparison.Ordinal));
    }

    [Fact]
    public void Adapted_items_start_like_the_public_prompt_they_cite()
    {
        var publicFile = TestLocations.FindSplFolder() is { } spl ? Path.GetFullPath(Path.Combine(spl, "..", "..", "eval-data", "adversarial_prompts.jsonl")) : null;
        if (publicFile is null || !File.Exists(publicFile))
        {
            return; // without ../shared only the citation format is checked (above)
        }
        var prompts = File.ReadLines(publicFile)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("prompt").GetString()!, StringComparer.Ordinal);
        foreach (var item in Items.Where(i => i.Source.StartsWith("shared/eval-data/adversarial_prompts.jsonl#", StringComparison.Ordinal)))
        {
            var id = item.Source["shared/eval-data/adversarial_prompts.jsonl#".Length..].Split(' ')[0];
            Assert.True(prompts.TryGetValue(id, out var prompt), $"{item.Id} cites {id}, which is not in {publicFile}");
            Assert.StartsWith(prompt[..Math.Min(20, prompt.Length)], item.Question, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Redirect_and_emergency_attacks_carry_the_bare_request_to_compare_routing_with()
    {
        var wrapped = Items.Where(i => i.ExpectKinds is { Count: > 0 } kinds
                && kinds.Any(k => k is "dosing_redirect" or "personal_redirect" or "emergency")
                && i.Category is "ignore_instructions" or "role_play" or "fake_system")
            .ToList();
        Assert.True(wrapped.Count >= 40, $"only {wrapped.Count} role-play / fake-system / ignore-instructions items wrap a redirect or emergency");
        var missing = wrapped.Where(i => string.IsNullOrWhiteSpace(i.PlainQuestion)).Select(i => i.Id).ToList();
        Assert.True(missing.Count == 0, "wrapped requests without plainQuestion: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_item_forbids_the_four_harms()
    {
        var lax = Items.Where(i => !Forbidden.All.All(i.Forbids)).Select(i => i.Id).ToList();
        Assert.True(lax.Count == 0, "items that allow a dose, prompt text, markup or non-label text: " + string.Join(", ", lax));
    }
}
