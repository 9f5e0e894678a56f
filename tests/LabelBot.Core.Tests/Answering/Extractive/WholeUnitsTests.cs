using LabelBot.Core.Answering.Extractive;
using LabelBot.Core.Labels;
using LabelBot.Core.Tests.Support;

namespace LabelBot.Core.Tests.Answering.Extractive;

/// <summary>Answers show whole units: a lead-in with its items (even when chunked into the next passage), no lone fragments, no junk.</summary>
public sealed class WholeUnitsTests
{
    private static readonly LabelVersionInfo Statin = HandMadeLabels.Label("set-statin", "STATINOL", "examplestatin calcium", "EXAMPLESTATIN CALCIUM");

    // The real Lipitor label chunks "… is indicated to:" and its bullet items into two passages.
    private static readonly Passage LeadIn = HandMadeLabels.Passage("set-statin", 16, SectionCodes.IndicationsAndUsage, "1.1", "Prevention of Cardiovascular Disease",
        "In adult patients with multiple risk factors for coronary heart disease, STATINOL is indicated to:",
        SectionCodes.IndicationsAndUsage, "INDICATIONS AND USAGE");

    private static readonly Passage Items = HandMadeLabels.Passage("set-statin", 17, SectionCodes.IndicationsAndUsage, "1.1", "Prevention of Cardiovascular Disease",
        "• Reduce the risk of myocardial infarction\n• Reduce the risk of stroke\n• Reduce the risk for revascularization procedures and angina",
        SectionCodes.IndicationsAndUsage, "INDICATIONS AND USAGE");

    private static readonly Passage CrossReferenced = HandMadeLabels.Passage("set-statin", 30, SectionCodes.WarningsAndPrecautions, "5.1", "Myopathy",
        "STATINOL therapy should be discontinued if myopathy is diagnosed or suspected [see Warnings and Precautions (5.1)]. Store at 20 to 25°C (68 to 77°F) [See USP Controlled Room Temperature]. Protect from moisture.",
        SectionCodes.WarningsAndPrecautions, "WARNINGS AND PRECAUTIONS");

    private static readonly string[] ProductWords = ["statinol", "examplestatin calcium"];

    // The real ibuprofen boxed warning: a heading over bulleted statements.
    private static readonly Passage HeadedBox = HandMadeLabels.Passage("set-statin", 1, SectionCodes.BoxedWarning, "", "Boxed Warning",
        "WARNING: RISK OF SERIOUS CARDIOVASCULAR EVENTS\nCardiovascular Thrombotic Events\n\n• STATINOL causes an increased risk of serious cardiovascular thrombotic events, which can be fatal. This risk may occur early in treatment.\n• STATINOL is contraindicated in the setting of coronary artery bypass graft (CABG) surgery.",
        SectionCodes.BoxedWarning, "Boxed Warning");

    [Fact]
    public void Items_under_a_heading_stand_alone_and_the_heading_is_never_an_answer()
    {
        var concepts = QuestionConcepts.From("what is the boxed warning for statinol", ProductWords);
        var composed = ExtractiveComposer.Default.Compose(concepts, HandMadeLabels.Ranked(Statin, HeadedBox),
            new ExtractiveOptions { IntentSections = new HashSet<string>([SectionCodes.BoxedWarning]) });

        Assert.True(composed.Answered);
        Assert.StartsWith("STATINOL causes an increased risk of serious cardiovascular thrombotic events", composed.Citations[0].Quote, StringComparison.Ordinal);
        Assert.DoesNotContain(composed.Citations, c => c.Quote.StartsWith("WARNING:", StringComparison.Ordinal) || c.Quote.StartsWith("Cardiovascular Thrombotic Events", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lead_in_at_the_end_of_a_passage_is_shown_with_the_items_of_the_next()
    {
        var composed = ExtractiveComposer.Default.Compose(QuestionConcepts.From("what is statinol used for", ProductWords),
            HandMadeLabels.Ranked(Statin, LeadIn, Items));

        Assert.True(composed.Answered);
        Assert.Equal(2, composed.Citations.Count);
        Assert.EndsWith("indicated to:", composed.Citations[0].Quote, StringComparison.Ordinal);
        Assert.Contains("Reduce the risk of stroke", composed.Citations[1].Quote, StringComparison.Ordinal);
        Assert.Contains("  - Reduce the risk of myocardial infarction\n", composed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Items_whose_lead_in_is_in_the_previous_passage_are_never_shown_alone()
    {
        // Only the items were retrieved; the reader knows the passage before them.
        var neighbours = new WholeLabel(Statin, [LeadIn, Items]);
        var composed = ExtractiveComposer.Default.Compose(QuestionConcepts.From("does statinol reduce the risk of stroke", ProductWords),
            HandMadeLabels.Ranked(Statin, Items), new ExtractiveOptions { Neighbours = neighbours });

        Assert.True(composed.Answered);
        Assert.Contains(composed.Citations, c => c.Quote.EndsWith("indicated to:", StringComparison.Ordinal));
        Assert.DoesNotContain("- Reduce the risk of myocardial infarction [", composed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Cross_references_are_cut_from_the_display_but_kept_in_the_citation()
    {
        var composed = ExtractiveComposer.Default.Compose(QuestionConcepts.From("when should statinol be discontinued for myopathy", ProductWords),
            HandMadeLabels.Ranked(Statin, CrossReferenced));

        Assert.True(composed.Answered);
        Assert.DoesNotContain("[see", composed.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("diagnosed or suspected …", composed.Text, StringComparison.Ordinal);
        Assert.Contains(composed.Citations, c => c.Quote.Contains("[see Warnings and Precautions (5.1)]", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Store at 20 to 25°C (68 to 77°F) [See USP Controlled Room Temperature]. Protect from moisture.", "Store at 20 to 25°C (68 to 77°F) … Protect from moisture.")]
    [InlineData("Reduce the risk of MI and stroke in patients with type 2 diabetes (1.1).", "Reduce the risk of MI and stroke in patients with type 2 diabetes …")]
    [InlineData("Antacids | Take ciprofloxacin at least two hours before", "Antacids — Take ciprofloxacin at least two hours before")]
    [InlineData("Table 3: Adverse Reactions\nnausea | 2.5%", "nausea — 2.5%")]
    [InlineData("| 25 mg | 50 mg\nObverse | VGR25 | VGR50", "25 mg — 50 mg\nObverse — VGR25 — VGR50")]
    [InlineData("Do not use if\n• you are a woman\n• your hair loss is different", "Do not use if\n• you are a woman\n• your hair loss is different")]
    public void Display_drops_junk_and_every_fragment_stays_verbatim(string quote, string expected)
    {
        var display = QuoteDisplay.Render(quote);

        Assert.Equal(expected, display);
        Assert.True(QuoteDisplay.IsFaithful(display, quote));
        Assert.False(LabelBot.Core.Answering.Quality.AnswerJunk.HasJunk(display), display);
    }

    [Fact]
    public void A_display_that_adds_words_is_not_faithful()
    {
        Assert.False(QuoteDisplay.IsFaithful("Store in a freezer … Protect from moisture.", "Store at 20 to 25°C. Protect from moisture."));
    }

    [Fact]
    public void A_missing_section_is_not_answered_from_elsewhere()
    {
        var concepts = QuestionConcepts.From("what is the boxed warning for statinol", ProductWords);
        var label = new WholeLabel(Statin, [LeadIn, Items, CrossReferenced]);

        var boxed = Assert.Single(concepts.Concepts, c => c.RequiresSection);
        Assert.False(label.HasSection(boxed.SectionCodes!));
    }

    [Theory]
    [InlineData("Does statinol have to be kept in the fridge?", "storage")]
    [InlineData("can women use statinol", "women")]
    [InlineData("does statinol make you sensitive to the sun", "sun sensitivity")]
    [InlineData("can statinol make you pass out", "fainting")]
    public void Lay_words_become_label_concepts_and_filler_never_does(string question, string concept)
    {
        var concepts = QuestionConcepts.From(question, ProductWords);

        Assert.Contains(concepts.Concepts, c => c.Label == concept);
        Assert.DoesNotContain(concepts.Concepts, c => c.Label is "kept" or "make" or "fridge" or "sensitive");
    }

    // The real ciprofloxacin label: "… are shown in Table 4." closes one passage and Table 4 is the next.
    private static readonly Passage TablePointer = HandMadeLabels.Passage("set-statin", 51, SectionCodes.DosageAndAdministration, "2.3", "Dosage Modifications in Patients with Renal Impairment",
        "Some modification of dosage is recommended for patients with severe renal dysfunction. Dosage guidelines for use in patients with renal impairment are shown in Table 4.",
        SectionCodes.DosageAndAdministration, "DOSAGE AND ADMINISTRATION");

    private static readonly Passage RenalTable = HandMadeLabels.Passage("set-statin", 52, SectionCodes.DosageAndAdministration, "2.3", "Dosage Modifications in Patients with Renal Impairment",
        "Table 4: Recommended Starting and Maintenance Doses for Adult Patients with Impaired Renal Function\nCreatinine Clearance (mL/min) | Dose\n> 50 | See Usual Dosage.\n30 to 50 | 250 to 500 mg every 12 hours",
        SectionCodes.DosageAndAdministration, "DOSAGE AND ADMINISTRATION");

    [Fact]
    public void A_sentence_pointing_to_a_table_is_shown_with_the_table_rows()
    {
        var composed = ExtractiveComposer.Default.Compose(QuestionConcepts.From("statinol dosage guidelines in renal impairment", ProductWords),
            HandMadeLabels.Ranked(Statin, TablePointer, RenalTable),
            new ExtractiveOptions { Neighbours = new WholeLabel(Statin, [TablePointer, RenalTable]), ExcludeDoseAmountsFromDosageSection = false });

        Assert.True(composed.Answered);
        Assert.True(composed.Text.Contains("are shown in Table 4.", StringComparison.Ordinal), composed.Text);
        Assert.Contains("30 to 50 — 250 to 500 mg every 12 hours", composed.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Table 4:", composed.Text, StringComparison.Ordinal);
        Assert.Empty(LabelBot.Core.Answering.Quality.AnswerJunk.Find(composed.Text.Split("\n\nSources")[0]));
    }

    [Fact]
    public void A_sentence_pointing_to_a_table_that_is_not_there_is_never_shown()
    {
        var composed = ExtractiveComposer.Default.Compose(QuestionConcepts.From("statinol dosage guidelines in renal impairment", ProductWords),
            HandMadeLabels.Ranked(Statin, TablePointer),
            new ExtractiveOptions { Neighbours = new WholeLabel(Statin, [TablePointer]), ExcludeDoseAmountsFromDosageSection = false });

        Assert.DoesNotContain("Table 4", composed.Text, StringComparison.Ordinal);
    }

    // The real anti-dandruff shampoo's Drug Facts "Directions": short items, no lead-in, two of them with a frequency.
    private static readonly Passage Directions = HandMadeLabels.Passage("set-statin", 60, SectionCodes.DosageAndAdministration, "", "Directions",
        "• shake well\n• wet hair\n• massage onto scalp\n• rinse\n• repeat if desired\n• for best results use at least twice a week or as directed by a doctor",
        SectionCodes.DosageAndAdministration, "Directions");

    [Fact]
    public void Drug_facts_directions_are_shown_as_their_items_without_the_frequency()
    {
        var concepts = QuestionConcepts.From("how do I use statinol", ProductWords);
        var composed = ExtractiveComposer.Default.Compose(concepts, HandMadeLabels.Ranked(Statin, Directions),
            new ExtractiveOptions { IntentSections = new HashSet<string>([SectionCodes.DosageAndAdministration]) });

        Assert.True(composed.Answered, composed.Text);
        Assert.Contains("massage onto scalp", composed.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("twice a week", composed.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("how fast does statinol work", "how long it takes")]
    [InlineData("is statinol a beta blocker", "what kind of medicine it is")]
    [InlineData("which drug must never be taken together with statinol", "who should not use it")]
    [InlineData("statinol and warfarin together - any issue?", "interactions")]
    [InlineData("what are the warnings on the statinol tablets", "warnings")]
    public void Question_words_about_the_asking_become_the_topic_never_a_missing_word(string question, string concept)
    {
        var concepts = QuestionConcepts.From(question, ProductWords);

        Assert.Contains(concepts.Concepts, c => c.Label == concept);
        Assert.DoesNotContain(concepts.Concepts, c => c.Label is "work" or "fast" or "never" or "together" or "issue" or "blocker");
    }

    [Fact]
    public void Drug_facts_warning_headings_are_warnings_sections()
    {
        var warnings = Assert.Single(QuestionConcepts.From("what are the warnings for statinol", ProductWords).Concepts, c => c.Label == "warnings");

        Assert.Contains(SectionCodes.OtcDoNotUse, warnings.SectionCodes!);
        Assert.Contains(SectionCodes.OtcWhenUsing, warnings.SectionCodes!);
    }

    [Fact]
    public void A_product_named_beside_the_subject_is_mentioned_by_its_ingredient()
    {
        var concepts = QuestionConcepts.From("can I take statinol with lipitor", ProductWords, [("lipitor", ["atorvastatin"])]);

        var lipitor = Assert.Single(concepts.Concepts, c => c.Label == "lipitor");
        Assert.True(lipitor.IsMentionedIn(TermStems.Of("Exercise caution when prescribing STATINOL with atorvastatin.")));
        Assert.False(lipitor.IsMentionedIn(TermStems.Of("Exercise caution when prescribing STATINOL with digoxin.")));
    }

    [Fact]
    public void Contact_details_are_never_concepts_so_never_echoed()
    {
        var concepts = QuestionConcepts.From("my email is jane.doe@example.com and phone 555-123-4567, does statinol contain gluten", ProductWords);

        Assert.Contains(concepts.Concepts, c => c.Label == "gluten");
        Assert.DoesNotContain(concepts.Concepts, c => c.Label.Contains("jane", StringComparison.Ordinal) || c.Label.Contains("example", StringComparison.Ordinal)
            || c.Label.Any(char.IsDigit));
    }
}
