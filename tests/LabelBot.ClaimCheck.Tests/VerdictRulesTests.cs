using LabelBot.ClaimCheck;
using LabelBot.ClaimCheck.Evidence;
using LabelBot.ClaimCheck.Text;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.Core.Tests.Support;

namespace LabelBot.ClaimCheck.Tests;

/// <summary>The verdict rules on small hand-written label passages: no store, no retrieval.</summary>
public sealed class VerdictRulesTests
{
    private const string SetId = "zorvex-set";

    private static readonly LabelVersionInfo Zorvex = HandMadeLabels.Label(SetId, "Zorvex", "zorvastatin");

    private static readonly Passage[] Label =
    [
        HandMadeLabels.Passage(SetId, 1, SectionCodes.DosageAndAdministration, "2.1", "Recommended Dosage",
            "Dose range: 10 to 80 mg once daily (2.1).\nZorvex tablets are for oral use. Zorvex may be taken with or without food."),
        HandMadeLabels.Passage(SetId, 2, SectionCodes.DosageAndAdministration, "2.2", "Titration",
            "Start at 6.25 mg twice daily and increase to 12.5 mg twice daily after 2 weeks."),
        HandMadeLabels.Passage(SetId, 4, SectionCodes.PediatricUse, "8.4", "Pediatric Use",
            "Safety and effectiveness of Zorvex in pediatric patients have not been established."),
        HandMadeLabels.Passage(SetId, 5, SectionCodes.WarningsAndPrecautions, "5.1", "Bleeding",
            "Zorvex increases the risk of serious bleeding, including gastrointestinal bleeding."),
        HandMadeLabels.Passage(SetId, 6, SectionCodes.AdverseReactions, "6.1", "Clinical Trials Experience",
            "In clinical studies, headache occurred in 5% of patients and nausea in 3% of patients."),
        HandMadeLabels.Passage(SetId, 7, SectionCodes.Contraindications, "4", "Contraindications",
            "Concomitant use with organic nitrates."),
        HandMadeLabels.Passage(SetId, 8, SectionCodes.DosageFormsAndStrengths, "3", "Dosage Forms and Strengths",
            "Tablets: 10, 20, 40 and 80 mg."),
    ];

    // A second, antibiotic-like label for the dosing-table rules.
    private static readonly LabelVersionInfo Cipzor = HandMadeLabels.Label("cipzor-set", "Cipzor", "cipzofloxacin");

    private static readonly Passage CipzorTable = HandMadeLabels.Passage("cipzor-set", 1, SectionCodes.DosageAndAdministration, "2.1", "Adult Dosage Table",
        "Infection | Dose | Frequency | Duration\nTyphoid Fever | 500 mg | every 12 hours | 10 days\nPlague | 500 mg | every 12 hours | 14 days");

    private static Decision Decide(string claimText) => Decide(claimText, Zorvex, Label);

    private static Decision Decide(string claimText, LabelVersionInfo label, params Passage[] passages)
    {
        var claim = ClaimSplitter.Split(claimText).Single();
        var names = label.Products.SelectMany(p => new[] { p.Name, p.GenericName });
        var features = ClaimFeatures.Of(claim, ClaimLexicon.NameStems(names));
        var units = EvidenceUnits.From(HandMadeLabels.Ranked(label, passages));
        return new VerdictRules(ClaimCheckOptions.Default).Decide(features, units, LabelFacts.Of([label]));
    }

    [Fact]
    public void A_restated_dose_range_is_supported_with_a_verbatim_quote()
    {
        var decision = Decide("Zorvex doses range from 10 to 80 mg once daily.");

        Assert.Equal(ClaimVerdict.Supported, decision.Verdict);
        var unit = Assert.Single(decision.Evidence);
        Assert.Contains(unit.Quote, unit.Source.Passage.Text, StringComparison.Ordinal);
        Assert.Contains("10 to 80 mg", unit.Quote, StringComparison.Ordinal);
    }

    [Fact]
    public void A_maximum_above_every_labelled_dose_is_contradicted()
    {
        var decision = Decide("The maximum dose of Zorvex is 120 mg once daily.");

        Assert.Equal(ClaimVerdict.Contradicted, decision.Verdict);
        Assert.Contains("80 mg", decision.Evidence.Single().Quote, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_starting_dose_is_contradicted_even_though_its_value_appears_later_in_the_sentence()
    {
        var decision = Decide("The recommended starting dose of Zorvex is 12.5 mg twice daily.");

        Assert.Equal(ClaimVerdict.Contradicted, decision.Verdict);
        Assert.Equal(VerdictBasis.Role, decision.Basis);
    }

    [Fact]
    public void A_table_row_with_a_changed_duration_is_contradicted_by_its_own_row_not_supported_by_another()
    {
        var decision = Decide("Typhoid fever | 500 mg | every 12 hours | 14 days", Cipzor, CipzorTable);

        Assert.Equal(ClaimVerdict.Contradicted, decision.Verdict);
        Assert.StartsWith("Typhoid Fever", decision.Evidence.Single().Quote, StringComparison.Ordinal);
    }

    [Fact]
    public void A_restated_table_row_is_supported_by_that_row()
    {
        var decision = Decide("Plague | 500 mg | every 12 hours | 14 days", Cipzor, CipzorTable);

        Assert.Equal(ClaimVerdict.Supported, decision.Verdict);
        Assert.Equal("Plague | 500 mg | every 12 hours | 14 days", decision.Evidence.Single().Quote);
    }

    [Fact]
    public void A_route_the_product_does_not_have_is_contradicted_with_the_labels_own_route_quoted()
    {
        var decision = Decide("Zorvex can also be given as an intramuscular injection.");

        Assert.Equal(ClaimVerdict.Contradicted, decision.Verdict);
        Assert.Equal(VerdictBasis.Route, decision.Basis);
        Assert.Equal("Zorvex tablets are for oral use.", decision.Evidence.Single().Quote);
    }

    [Fact]
    public void A_dosage_form_the_product_does_not_come_in_is_contradicted()
    {
        var decision = Decide("Zorvex is also available as a cream.");

        Assert.Equal(ClaimVerdict.Contradicted, decision.Verdict);
        Assert.Equal(VerdictBasis.Form, decision.Basis);
        Assert.Equal("Tablets: 10, 20, 40 and 80 mg.", decision.Evidence.Single().Quote);
    }

    [Fact]
    public void Approval_for_children_against_an_unestablished_pediatric_use_is_contradicted()
    {
        var decision = Decide("Zorvex is approved for children.");

        Assert.Equal(ClaimVerdict.Contradicted, decision.Verdict);
        Assert.Equal(VerdictBasis.Population, decision.Basis);
    }

    // A sentence that singles one thing out and mentions others in passing.
    private static readonly Passage TendonWarning = HandMadeLabels.Passage(SetId, 9, SectionCodes.WarningsAndPrecautions, "5.2", "Tendon Rupture",
        "This adverse reaction most frequently involves the Achilles tendon, and has also been reported with the rotator cuff (the shoulder), the hand and the thumb.");

    [Fact]
    public void Naming_another_thing_as_the_most_frequent_is_contradicted_though_the_label_mentions_it_in_passing()
    {
        var decision = Decide("Zorvex tendon rupture most often affects the shoulder.", Zorvex, [.. Label, TendonWarning]);

        Assert.Equal(ClaimVerdict.Contradicted, decision.Verdict);
        Assert.Contains("Achilles", Assert.Single(decision.Evidence).Quote, StringComparison.Ordinal);
    }

    [Fact]
    public void Naming_what_the_label_singles_out_as_the_most_frequent_is_supported()
    {
        var decision = Decide("Zorvex tendon rupture most frequently involves the Achilles tendon.", Zorvex, [.. Label, TendonWarning]);

        Assert.Equal(ClaimVerdict.Supported, decision.Verdict);
    }

    [Fact]
    public void Calling_a_contraindicated_combination_safe_is_contradicted()
    {
        var decision = Decide("Zorvex can be safely used with organic nitrates.");

        Assert.Equal(ClaimVerdict.Contradicted, decision.Verdict);
    }

    [Fact]
    public void A_negated_warning_is_contradicted()
    {
        var decision = Decide("Zorvex does not increase the risk of serious bleeding.");

        Assert.Equal(ClaimVerdict.Contradicted, decision.Verdict);
        Assert.Equal(VerdictBasis.Negation, decision.Basis);
    }

    [Fact]
    public void The_same_negation_as_the_label_is_not_a_contradiction()
    {
        var decision = Decide("Safety and effectiveness of Zorvex in pediatric patients have not been established.");

        Assert.Equal(ClaimVerdict.Supported, decision.Verdict);
    }

    [Theory]
    [InlineData("Zorvex costs just $4 a month with the savings card.", "Price")]
    [InlineData("9 out of 10 cardiologists recommend Zorvex.", "Survey")]
    [InlineData("In clinical studies, 95% of patients felt more energetic on Zorvex.", "Study")]
    [InlineData("Zorvex also cures baldness.", "Silent")]
    public void Claims_the_label_does_not_make_are_not_in_label_without_citations(string claim, string basis)
    {
        var decision = Decide(claim);

        Assert.Equal(ClaimVerdict.NotInLabel, decision.Verdict);
        Assert.Equal(basis, decision.Basis.ToString());
        Assert.Empty(decision.Evidence);
    }

    [Fact]
    public void A_claim_without_a_label_is_not_in_label()
    {
        var claim = ClaimSplitter.Split("It works within an hour.").Single();

        var decision = new VerdictRules(ClaimCheckOptions.Default).Decide(ClaimFeatures.Of(claim, new HashSet<string>()), [], LabelFacts.None);

        Assert.Equal(VerdictBasis.NoLabel, decision.Basis);
    }
}
