using LabelBot.Core.Labels;
using LabelBot.DailyMed.Diff;
using LabelBot.DailyMed.Tests.TestSupport;
using LabelBot.Labels;

namespace LabelBot.DailyMed.Tests;

public sealed class LabelDifferTests
{
    private static LabelDocument Parse(byte[] xml) => SplParser.Parse(new MemoryStream(xml), "test");

    [SplFact]
    public void Identical_versions_have_no_changes()
    {
        var label = LabelSnapshot.FromDocument(Parse(SplCorpus.Bytes(SplCorpus.AllergyRelief)));

        var diff = LabelDiffer.Compare(label, label);

        Assert.False(diff.HasChanges);
        Assert.True(diff.UnchangedSections > 5);
    }

    [SplFact]
    public void Editing_one_section_shows_exactly_that_section_with_its_changed_sentences()
    {
        var original = SplCorpus.Bytes(SplCorpus.AllergyRelief);
        var bumped = SplEditor.BumpVersion(original, new DateOnly(2026, 1, 15), SplEditor.RewordWhenUsing);

        var diff = LabelDiffer.Compare(LabelSnapshot.FromDocument(Parse(original)), LabelSnapshot.FromDocument(Parse(bumped)));

        Assert.Empty(diff.Added);
        Assert.Empty(diff.Removed);
        var section = Assert.Single(diff.Changed);
        Assert.Equal(SplEditor.EditedSectionCode, section.SectionCode);
        Assert.Equal([SplEditor.OriginalItem], section.RemovedSentences.Select(s => s.Text));
        Assert.Equal([SplEditor.RewordedItem, SplEditor.AddedItem], section.AddedSentences.Select(s => s.Text));
        Assert.Equal(8, diff.From.Version);
        Assert.Equal(9, diff.To.Version);
        Assert.Equal(new DateOnly(2026, 1, 15), diff.To.EffectiveDate);
    }

    [SplFact]
    public void Added_sentences_point_at_new_version_passages_that_contain_them()
    {
        var original = Parse(SplCorpus.Bytes(SplCorpus.AllergyRelief));
        var bumped = Parse(SplEditor.BumpVersion(SplCorpus.Bytes(SplCorpus.AllergyRelief), new DateOnly(2026, 1, 15), SplEditor.RewordWhenUsing));
        var newSnapshot = LabelSnapshot.FromDocument(bumped);

        var diff = LabelDiffer.Compare(LabelSnapshot.FromDocument(original), newSnapshot);

        var passages = newSnapshot.Passages.ToDictionary(p => p.Id);
        foreach (var sentence in diff.Changed.SelectMany(s => s.AddedSentences))
        {
            Assert.Contains(sentence.Text, passages[sentence.PassageId].Text, StringComparison.Ordinal);
            Assert.Equal(9, passages[sentence.PassageId].Version);
        }
    }

    [SplFact]
    public void A_section_only_in_one_version_is_added_or_removed()
    {
        var original = Parse(SplCorpus.Bytes(SplCorpus.AllergyRelief));
        var trimmed = original with { Version = 9, Sections = original.Sections.Where(s => s.Code != SectionCodes.OtcQuestions).ToList() };

        var forward = LabelDiffer.Compare(LabelSnapshot.FromDocument(original), LabelSnapshot.FromDocument(trimmed));
        var backward = LabelDiffer.Compare(LabelSnapshot.FromDocument(trimmed), LabelSnapshot.FromDocument(original));

        var removed = Assert.Single(forward.Removed);
        Assert.Equal(SectionCodes.OtcQuestions, removed.SectionCode);
        Assert.Empty(forward.Changed);
        Assert.NotEmpty(removed.RemovedSentences);
        var added = Assert.Single(backward.Added);
        Assert.Equal(SectionCodes.OtcQuestions, added.SectionCode);
        Assert.Equal(removed.RemovedSentences.Select(s => s.Text), added.AddedSentences.Select(s => s.Text));
    }

    [Fact]
    public void Renumbered_sections_are_matched_by_title_not_number()
    {
        Passage P(string number, string title, string text, int version) =>
            new($"id-{version}-{number}", "set", version, 0, SectionCodes.WarningsAndPrecautions, number, title, SectionCodes.WarningsAndPrecautions,
                "5 WARNINGS AND PRECAUTIONS", $"5 WARNINGS AND PRECAUTIONS > {number} {title}", text);
        var before = new LabelSnapshot("set", 1, new DateOnly(2024, 1, 1), "Drug", [P("5.2", "Tendinitis", "Tendon rupture can occur.", 1)]);
        var after = new LabelSnapshot("set", 2, new DateOnly(2025, 1, 1), "Drug",
            [P("5.2", "Hepatotoxicity", "Liver injury has been reported.", 2), P("5.3", "Tendinitis", "Tendon rupture can occur.", 2)]);

        var diff = LabelDiffer.Compare(before, after);

        Assert.Empty(diff.Changed);
        Assert.Empty(diff.Removed);
        Assert.Equal("Hepatotoxicity", Assert.Single(diff.Added).SectionTitle);
        Assert.Equal(1, diff.UnchangedSections);
    }

    [Fact]
    public void Rewrapped_whitespace_and_reordering_are_not_changes()
    {
        Passage P(string text, int version, int ordinal) =>
            new($"id-{version}-{ordinal}", "set", version, ordinal, "34071-1", "", "Warnings", "34071-1", "Warnings", "Warnings", text);
        var before = new LabelSnapshot("set", 1, new DateOnly(2024, 1, 1), "Drug", [P("Do not drive. Avoid alcohol.", 1, 0)]);
        var after = new LabelSnapshot("set", 2, new DateOnly(2025, 1, 1), "Drug", [P("Avoid   alcohol.", 2, 0), P("Do  not \t drive.", 2, 1)]);

        Assert.False(LabelDiffer.Compare(before, after).HasChanges);
    }

    [Fact]
    public void Different_label_sets_cannot_be_compared()
    {
        var a = new LabelSnapshot("set-a", 1, new DateOnly(2024, 1, 1), "A", []);
        var b = new LabelSnapshot("set-b", 2, new DateOnly(2024, 1, 1), "B", []);

        Assert.Throws<ArgumentException>(() => LabelDiffer.Compare(a, b));
    }

    [SplFact]
    public void Json_round_trips_and_text_names_the_changed_section()
    {
        var original = SplCorpus.Bytes(SplCorpus.AllergyRelief);
        var bumped = SplEditor.BumpVersion(original, new DateOnly(2026, 1, 15), SplEditor.RewordWhenUsing);
        var diff = LabelDiffer.Compare(LabelSnapshot.FromDocument(Parse(original)), LabelSnapshot.FromDocument(Parse(bumped)));

        var json = LabelDiffJson.Serialize(diff);
        var back = LabelDiffJson.Deserialize(json)!;
        var text = LabelDiffText.Render(diff);

        Assert.Contains("\"changed\":[", json, StringComparison.Ordinal);
        Assert.Contains("\"effectiveDate\":\"2026-01-15\"", json, StringComparison.Ordinal);
        Assert.Equal(diff.Changed.Single().AddedSentences, back.Changed.Single().AddedSentences);
        Assert.Equal(diff.To, back.To);
        Assert.Contains("~ When using this product (changed)", text, StringComparison.Ordinal);
        Assert.Contains("    + " + SplEditor.AddedItem, text, StringComparison.Ordinal);
        Assert.Contains("    - " + SplEditor.OriginalItem, text, StringComparison.Ordinal);
        Assert.Contains("version 8 (2025-10-31) -> version 9 (2026-01-15)", text, StringComparison.Ordinal);
    }
}
