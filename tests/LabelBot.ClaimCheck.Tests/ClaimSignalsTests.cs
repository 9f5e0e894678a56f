using LabelBot.ClaimCheck.Text;
using LabelBot.Core.Answering;
using LabelBot.Core.Text;

namespace LabelBot.ClaimCheck.Tests;

public sealed class ClaimSignalsTests
{
    [Theory]
    [InlineData("Take 2 tablets twice daily.", true)]
    [InlineData("For acute gout, start with 750 mg, then 250 mg every 8 hours.", true)]
    [InlineData("If there is no response, give another dose every 2 to 3 minutes.", true)]
    [InlineData("You can safely double the dose if you miss one.", true)]
    [InlineData("The recommended dose is 50 mg.", false)]
    [InlineData("Take it with food to reduce stomach upset.", false)]
    [InlineData("Dose per spray | 8 mg", false)]
    [InlineData("Ask about the new 30-tablet pack for only $299.", false)]
    public void Recognises_dosing_advice(string claim, bool expected) =>
        Assert.Equal(expected, DoseText.IsDosingAdvice(claim));

    [Theory]
    [InlineData("It is given as an intramuscular injection into the thigh.", "intramuscular")]
    [InlineData("It is given by intravenous infusion in hospitals.", "intravenous")]
    [InlineData("Spray once into one nostril.", "nasal")]
    [InlineData("Swallow it by mouth with water.", "oral")]
    [InlineData("A convenient weekly shot.", "injection")]
    public void Reads_asserted_routes(string claim, string route) =>
        Assert.Contains(route, ClaimSignals.AssertedRoutes(claim));

    [Theory]
    [InlineData("Side effects include headache and nasal congestion.")]
    [InlineData("It is not for injection.")]
    [InlineData("Take with or without food.")]
    public void Mentions_that_are_not_route_assertions(string claim) =>
        Assert.Empty(ClaimSignals.AssertedRoutes(claim));

    [Fact]
    public void Parenteral_injection_is_allowed_only_for_injected_labels()
    {
        Assert.False(ClaimSignals.RouteAllowed("injection", ["oral"]));
        Assert.True(ClaimSignals.RouteAllowed("injection", ["subcutaneous"]));
        Assert.Equal("nasal", ClaimSignals.CanonicalLabelRoute("NASAL"));
        Assert.Equal("inhalation", ClaimSignals.CanonicalLabelRoute("RESPIRATORY (INHALATION)"));
    }

    [Theory]
    [InlineData("Costs just $4 a month.", true)]
    [InlineData("Covered by most insurance plans with a $0 copay.", true)]
    [InlineData("Take at least 2 hours before antacids.", false)]
    public void Recognises_prices(string claim, bool expected) => Assert.Equal(expected, ClaimSignals.MentionsPrice(claim));

    [Theory]
    [InlineData("9 out of 10 cardiologists recommend it.")]
    [InlineData("Users rate it 4.9 out of 5 stars.")]
    [InlineData("In a patient survey, 87% felt better.")]
    public void Recognises_surveys(string claim) => Assert.True(ClaimSignals.MentionsSurvey(claim));

    [Fact]
    public void Taking_with_food_to_slow_the_rate_of_absorption_is_not_a_survey() =>
        Assert.False(ClaimSignals.MentionsSurvey("Take with food to slow the rate of absorption."));

    [Theory]
    [InlineData("Naproxen does not increase the risk of stroke.", true)]
    [InlineData("Do not prime or test the device.", true)]
    [InlineData("Use is contraindicated with nitrates.", true)]
    [InlineData("Patients should be advised against abrupt discontinuation.", true)]
    [InlineData("It may be taken with or without food.", false)]
    [InlineData("Take no more than 25 mg in 48 hours.", false)]
    [InlineData("It can be stopped abruptly without any risk.", false)]
    public void Reads_negation_but_not_phrases_that_only_look_negative(string clause, bool negated) =>
        Assert.Equal(negated, ClaimSignals.IsNegated(clause));

    [Fact]
    public void Pregnant_women_are_a_pregnancy_population_not_women_in_general()
    {
        Assert.Equal(["pregnancy"], ClaimSignals.Populations("Safe for pregnant women."));
        Assert.Equal(["women"], ClaimSignals.Populations("Approved for women with low desire."));
        Assert.Equal(["pediatric"], ClaimSignals.Populations("Effectiveness in patients younger than 18 years has not been established."));
    }

    [Theory]
    [InlineData("It is approved for children.", true)]
    [InlineData("It can be safely used with nitrates.", true)]
    [InlineData("It can be stopped abruptly without any risk.", true)]
    [InlineData("It is not approved for children.", false)]
    [InlineData("It lowers LDL cholesterol.", false)]
    public void Recognises_assertions_of_suitability(string clause, bool expected) =>
        Assert.Equal(expected, ClaimSignals.AssertsSuitability(clause));

    [Fact]
    public void Splits_clauses_at_joining_words()
    {
        Assert.Equal(
            ["It is a substitute for emergency care", "there is no need to call 911."],
            Clauses.Split("It is a substitute for emergency care, so there is no need to call 911."));
    }
}
