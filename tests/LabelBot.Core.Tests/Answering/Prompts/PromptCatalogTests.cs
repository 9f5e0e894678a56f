using System.Text.RegularExpressions;
using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Prompts;

namespace LabelBot.Core.Tests.Answering.Prompts;

public sealed partial class PromptCatalogTests
{
    // The fixed texts the issue asks for, plus the pieces the engine composes them from.
    public static TheoryData<string> RequiredNames() =>
    [
        "welcome", "dosing-redirect", "dosing-label-pointer", "dosing-no-label", "personal-redirect", "label-quote",
        "emergency", "adverse-event", "adverse-event-no-quote", "escalation", "out-of-scope", "out-of-scope-unknown-drug",
        "out-of-scope-no-product", "not-in-label", "clarify", "disclaimer", "answer-header", "sources-heading",
        "answer-unverified", "out-of-scope-similar-labels", "claim-no-label",
    ];

    [Theory]
    [MemberData(nameof(RequiredNames))]
    public void Every_required_text_is_embedded_and_fills_with_its_placeholders(string name)
    {
        var template = PromptCatalog.Default.Get(name);
        Assert.False(string.IsNullOrWhiteSpace(template.Body));
        Assert.Equal(name, template.Metadata["name"]);
        Assert.True(template.Metadata.ContainsKey("purpose"), $"{name} has no purpose line for reviewers");

        var filled = template.Fill(template.Placeholders.ToDictionary(p => p, p => $"<{p}>"));
        Assert.DoesNotContain("{{", filled, StringComparison.Ordinal);
        Assert.All(template.Placeholders, p => Assert.Contains($"<{p}>", filled, StringComparison.Ordinal));
    }

    [Fact]
    public void Catalog_lists_names_from_front_matter()
    {
        var names = PromptCatalog.Default.Names.ToList();
        Assert.Contains("dosing-redirect", names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Missing_placeholder_value_throws_rather_than_showing_a_half_filled_text()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => PromptCatalog.Default.Render("not-in-label"));
        Assert.Contains("product", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_prompt_name_throws()
    {
        Assert.Throws<KeyNotFoundException>(() => PromptCatalog.Default.Get("no-such-text"));
    }

    [Fact]
    public void Empty_placeholder_line_disappears_and_blank_lines_collapse()
    {
        var text = PromptCatalog.Default.Render("dosing-redirect", new Dictionary<string, string> { ["label_pointer"] = string.Empty });
        Assert.DoesNotContain("\n\n\n", text, StringComparison.Ordinal);
        Assert.StartsWith("I can't tell you", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Front_matter_is_parsed_and_name_falls_back_to_file_name()
    {
        var catalog = PromptCatalog.FromTexts(
        [
            ("a.md", "---\nname: greeting\nowner: clinical\n---\nHello {{who}}!\n"),
            ("plain-text.md", "No front matter here."),
        ]);
        var greeting = catalog.Get("greeting");
        Assert.Equal("clinical", greeting.Metadata["owner"]);
        Assert.Equal(["who"], greeting.Placeholders);
        Assert.Equal("Hello you!", greeting.Fill(new Dictionary<string, string> { ["who"] = "you" }));
        Assert.Equal("No front matter here.", catalog.Get("plain-text").Body);
    }

    [Fact]
    public void Duplicate_names_are_rejected()
    {
        Assert.Throws<InvalidOperationException>(() => PromptCatalog.FromTexts(
        [
            ("one.md", "---\nname: same\n---\nA"),
            ("two.md", "---\nname: same\n---\nB"),
        ]));
    }

    // Every file under prompts/ (answers, host, viewer, LLM) is one catalog entry named after its file, written with the
    // one placeholder syntax, declaring exactly the placeholders its body uses, and rendering once they are filled.
    public static TheoryData<string> PromptFiles() => new(PromptFilePaths());

    private static IEnumerable<string> PromptFilePaths()
    {
        var root = Path.Combine(LabelBot.Testing.TestLocations.FindRepositoryRoot()!, "prompts");
        return Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PromptFiles))]
    public void Every_prompt_file_declares_its_placeholders_and_renders_with_them(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var template = PromptCatalog.Default.Get(name);
        Assert.Equal(name, template.Metadata["name"]);
        Assert.True(template.Metadata.ContainsKey("purpose"), $"{file} has no purpose line for reviewers");
        Assert.DoesNotMatch(SingleBracePlaceholder(), template.Body.Replace("{{", "", StringComparison.Ordinal).Replace("}}", "", StringComparison.Ordinal));

        var declared = template.Metadata["placeholders"].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p != "none").Order(StringComparer.Ordinal);
        Assert.Equal(declared, template.Placeholders.Order(StringComparer.Ordinal));

        var filled = template.Fill(template.Placeholders.ToDictionary(p => p, p => $"<{p}>"));
        Assert.DoesNotContain("{{", filled, StringComparison.Ordinal);
        Assert.All(template.Placeholders, p => Assert.Contains($"<{p}>", filled, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_embedded_prompt_is_a_file_under_prompts()
    {
        var files = PromptFilePaths().Select(f => Path.GetFileNameWithoutExtension(f));
        Assert.Equal(files.Order(StringComparer.Ordinal), PromptCatalog.Default.Names);
    }

    // SAFETY: the fixed redirect texts never contain a number that could read as a dose; only phone numbers.
    [Theory]
    [InlineData("dosing-redirect")]
    [InlineData("dosing-label-pointer")]
    [InlineData("dosing-no-label")]
    [InlineData("personal-redirect")]
    [InlineData("adverse-event")]
    [InlineData("emergency")]
    public void Redirect_texts_state_no_amounts(string name)
    {
        var body = PromptCatalog.Default.Get(name).Body;
        var withoutPhoneNumbers = PhoneNumber().Replace(body, " ");
        Assert.False(DoseText.HasDoseAmount(body), $"{name} states a dose amount");
        Assert.DoesNotMatch(@"\d", withoutPhoneNumbers);
    }

    [Fact]
    public void Emergency_text_leads_with_911_and_names_poison_control()
    {
        var text = PromptCatalog.Default.Render("emergency");
        var firstLine = text.Split('\n')[0];
        Assert.Contains("911", firstLine, StringComparison.Ordinal);
        Assert.Contains("1-800-222-1222", text, StringComparison.Ordinal);
        Assert.Contains("988", text, StringComparison.Ordinal);
        Assert.Contains(SuggestedActions.TalkToPharmacist, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Adverse_event_text_gives_medwatch_and_the_healthcare_provider()
    {
        var text = PromptCatalog.Default.Render("adverse-event", new Dictionary<string, string> { ["label_quote"] = string.Empty });
        Assert.Contains("1-800-FDA-1088", text, StringComparison.Ordinal);
        Assert.Contains("healthcare provider", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\{[a-z_]+\}")]
    private static partial Regex SingleBracePlaceholder();

    [GeneratedRegex(@"\b911\b|\b988\b|1-800-222-1222|1-800-FDA-1088|24/7")]
    private static partial Regex PhoneNumber();
}
