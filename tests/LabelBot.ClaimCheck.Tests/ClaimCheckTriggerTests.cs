using LabelBot.ClaimCheck;

namespace LabelBot.ClaimCheck.Tests;

public sealed class ClaimCheckTriggerTests
{
    [Theory]
    [InlineData("check this: VIAGRA works in 15 minutes.", "VIAGRA works in 15 minutes.")]
    [InlineData("Please fact-check: Lipitor lowers LDL.", "Lipitor lowers LDL.")]
    [InlineData("verify these claims:\n- A is safe.\n- B is cheap.", "- A is safe.\n- B is cheap.")]
    public void An_explicit_request_yields_the_text_after_it(string message, string text)
    {
        Assert.True(ClaimCheckTrigger.TryGetText(message, out var found));
        Assert.Equal(text, found);
    }

    [Fact]
    public void A_pasted_block_of_several_claims_is_checked_without_asking()
    {
        var pasted = """
            LIPITOR lowers LDL cholesterol.
            The maximum dose is 120 mg once daily.
            It is safe during pregnancy.
            It can be taken with or without food.
            Nine in ten cardiologists recommend it.
            """;

        Assert.True(ClaimCheckTrigger.TryGetText(pasted, out var text));
        Assert.Equal(pasted.Trim(), text);
    }

    [Theory]
    [InlineData("What is the maximum dose of Lipitor?")]
    [InlineData("check")]
    [InlineData("I take Lipitor 20 mg. My doctor said to take it at night. I also take aspirin. I sleep badly. My legs hurt. Is that normal?")]
    [InlineData("Can I take Viagra with nitroglycerin? What about alcohol? Is 100 mg too much? Does it work fast? Is it safe with food? Can women use it?")]
    public void Questions_and_personal_stories_are_not_claim_checks(string message) =>
        Assert.False(ClaimCheckTrigger.TryGetText(message, out _));
}
