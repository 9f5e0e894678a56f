using System.Text.RegularExpressions;
using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Extractive;
using LabelBot.Core.Labels;
using LabelBot.Core.Tests.Support;

namespace LabelBot.Core.Tests.Answering.Extractive;

public sealed partial class ExtractiveComposerTests
{
    private static readonly Labels.LabelVersionInfo Statin = HandMadeLabels.Label("set-statin", "STATINOL", "examplestatin calcium", "EXAMPLESTATIN CALCIUM");

    private static readonly Passage Myopathy = HandMadeLabels.Passage("set-statin", 10, "43685-7", "5.1", "Myopathy and Rhabdomyolysis",
        "STATINOL may cause myopathy and rhabdomyolysis. Rare fatal cases of rhabdomyolysis have occurred. " +
        "Advise patients to promptly report unexplained muscle pain, tenderness, or weakness, e.g. with fever.",
        "43685-7", "WARNINGS AND PRECAUTIONS");

    private static readonly Passage Reactions = HandMadeLabels.Passage("set-statin", 20, "34084-4", "6.1", "Clinical Trials Experience",
        "The most common adverse reactions (incidence ≥ 2%) were nasopharyngitis, arthralgia, diarrhea, and pain in extremity.",
        "34084-4", "ADVERSE REACTIONS");

    private static readonly Passage Dosing = HandMadeLabels.Passage("set-statin", 5, SectionCodes.DosageAndAdministration, "2.1", "Recommended Dosage",
        "The recommended starting dosage of STATINOL is 10 mg to 20 mg once daily. The dosage range is 10 mg to 80 mg once daily. " +
        "Take STATINOL with or without food for muscle protection.",
        SectionCodes.DosageAndAdministration, "DOSAGE AND ADMINISTRATION");

    private static readonly string[] ProductWords = ["statinol", "examplestatin calcium"];

    [Fact]
    public void Answer_quotes_verbatim_sentences_each_with_a_matching_citation()
    {
        var concepts = QuestionConcepts.From("can statinol cause muscle pain?", ProductWords);
        var composed = ExtractiveComposer.Default.Compose(concepts, HandMadeLabels.Ranked(Statin, Myopathy, Reactions));

        Assert.True(composed.Answered);
        Assert.NotEmpty(composed.Citations);
        var passages = new Dictionary<string, Passage> { [Myopathy.Id] = Myopathy, [Reactions.Id] = Reactions };
        foreach (var citation in composed.Citations)
        {
            Assert.Contains(citation.Quote, passages[citation.PassageId].Text, StringComparison.Ordinal);
            Assert.Contains($"{citation.Quote} [{citation.N}]", composed.Text, StringComparison.Ordinal);
            Assert.Equal(LabelNaming.DailyMedUrl("set-statin"), citation.Url);
            Assert.Equal("2024-05-01", citation.EffectiveDate);
        }
        var markers = Marker().Matches(composed.Text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(markers, n => Assert.Contains(composed.Citations, c => c.N == n));
        Assert.Contains("STATINOL (examplestatin calcium) label (version 7, effective 2024-05-01)", composed.Text, StringComparison.Ordinal);
        Assert.Contains("Sources:", composed.Text, StringComparison.Ordinal);
        Assert.Contains("5.1 Myopathy and Rhabdomyolysis", composed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Sentence_with_abbreviation_is_quoted_whole()
    {
        var concepts = QuestionConcepts.From("should patients report muscle weakness with fever", ProductWords);
        var composed = ExtractiveComposer.Default.Compose(concepts, HandMadeLabels.Ranked(Statin, Myopathy));
        Assert.Contains(composed.Citations, c => c.Quote.EndsWith("weakness, e.g. with fever.", StringComparison.Ordinal));
    }

    [Fact]
    public void Side_effects_find_the_adverse_reactions_section_through_its_title()
    {
        var concepts = QuestionConcepts.From("what are the side effects of statinol", ProductWords);
        var composed = ExtractiveComposer.Default.Compose(concepts, HandMadeLabels.Ranked(Statin, Dosing, Reactions));
        Assert.True(composed.Answered);
        Assert.Contains(composed.Citations, c => c.SectionCode == "34084-4");
    }

    [Fact]
    public void Question_the_passages_do_not_cover_is_not_answered_and_names_sections_checked()
    {
        var concepts = QuestionConcepts.From("does statinol contain gluten or lactose", ProductWords);
        var composed = ExtractiveComposer.Default.Compose(concepts, HandMadeLabels.Ranked(Statin, Myopathy, Reactions));
        Assert.False(composed.Answered);
        Assert.Empty(composed.Citations);
        Assert.Contains("gluten", composed.Topic, StringComparison.Ordinal);
        Assert.Contains("5.1 Myopathy and Rhabdomyolysis", composed.SectionsChecked, StringComparison.Ordinal);
    }

    [Fact]
    public void Public_answers_never_quote_dose_amounts_from_dosage_and_administration()
    {
        var concepts = QuestionConcepts.From("statinol dosage once daily with food", ProductWords);
        var composed = ExtractiveComposer.Default.Compose(concepts, HandMadeLabels.Ranked(Statin, Dosing));
        Assert.All(composed.Citations, c => Assert.False(DoseText.HasDoseAmount(c.Quote), c.Quote));

        var professional = ExtractiveComposer.Default.Compose(concepts, HandMadeLabels.Ranked(Statin, Dosing),
            new ExtractiveOptions { ExcludeDoseAmountsFromDosageSection = false });
        Assert.Contains(professional.Citations, c => DoseText.HasDoseAmount(c.Quote));
    }

    [Fact]
    public void Keeps_it_short_and_merges_neighbouring_sentences_of_one_passage()
    {
        var concepts = QuestionConcepts.From("fatal cases, report unexplained tenderness", ProductWords);
        var composed = ExtractiveComposer.Default.Compose(concepts, HandMadeLabels.Ranked(Statin, Myopathy, Reactions),
            new ExtractiveOptions { MaxSentences = 2 });
        Assert.True(composed.Citations.Count <= 2);
        var merged = Assert.Single(composed.Citations, c => c.PassageId == Myopathy.Id);
        Assert.Equal("Rare fatal cases of rhabdomyolysis have occurred. " +
            "Advise patients to promptly report unexplained muscle pain, tenderness, or weakness, e.g. with fever.", merged.Quote);
    }

    [Fact]
    public void Best_sentence_respects_the_filter()
    {
        var concepts = QuestionConcepts.From("dosage food", ProductWords);
        var sentence = ExtractiveComposer.BestSentence(Dosing, concepts, s => !DoseText.HasAnyQuantity(s));
        Assert.Equal("Take STATINOL with or without food for muscle protection.", sentence);
    }

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex Marker();
}
