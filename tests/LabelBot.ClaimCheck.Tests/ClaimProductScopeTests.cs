using LabelBot.ClaimCheck;
using LabelBot.Core.Tests.Support;

namespace LabelBot.ClaimCheck.Tests;

/// <summary>
/// A verdict needs the label of the product the claim is about (real labels, real store): a text about a drug with no
/// label loaded gets "no label loaded" for every claim, an author's name never selects a label, and a second drug
/// named in a claim is what it is taken with, not the product the claim is checked against.
/// </summary>
[Collection(ClaimCheckStoreCollection.Name)]
public sealed class ClaimProductScopeTests(ClaimCheckStoreFixture fixture)
{
    private const string MetforminPromo =
        "Metformin lowers blood sugar within one week.\n" +
        "It is safe for children over 2 years of age.\n" +
        "Johnson et al. reported a 40% drop in HbA1c.\n" +
        "For oral use only.";

    [SplFact]
    public async Task Every_claim_of_a_text_about_an_unloaded_drug_is_no_label_loaded()
    {
        var report = await fixture.CreateChecker().CheckAsync(MetforminPromo);

        Assert.Equal(4, report.Claims.Count);
        Assert.All(report.Claims, claim =>
        {
            Assert.Equal(ClaimVerdict.NotInLabel, claim.Verdict);
            Assert.Equal("metformin", claim.NoLabelFor);
            Assert.Empty(claim.Citations);
            Assert.Null(claim.Product);
            Assert.StartsWith("No label loaded for metformin", claim.Rationale, StringComparison.Ordinal);
        });
        Assert.Equal(4, report.Counts.NoLabel);
        Assert.Contains("4 with no label loaded", ClaimCheckRenderer.Summary(report.Counts), StringComparison.Ordinal);
    }

    [SplFact]
    public async Task No_label_is_part_of_the_json_and_reads_back()
    {
        var report = await fixture.CreateChecker().CheckAsync(MetforminPromo);

        var json = ClaimCheckJson.Serialize(report);
        Assert.Contains("\"noLabelFor\":\"metformin\"", json, StringComparison.Ordinal);
        Assert.Contains("\"verdict\":\"not_in_label\"", json, StringComparison.Ordinal);
        var back = ClaimCheckJson.Deserialize(json)!;
        Assert.Equal("metformin", back.Claims[0].NoLabelFor);
        Assert.Equal(4, back.Counts.NoLabel);
    }

    [SplFact]
    public async Task A_text_that_names_no_drug_at_all_is_checked_against_nothing()
    {
        var report = await fixture.CreateChecker().CheckAsync("Johnson et al. reported a 40% response rate in twelve weeks.");

        var claim = Assert.Single(report.Claims);
        Assert.Equal(ClaimVerdict.NotInLabel, claim.Verdict);
        Assert.NotNull(claim.NoLabelFor);
        Assert.Null(claim.Product);
    }

    [SplFact]
    public async Task A_claim_is_checked_against_the_first_named_product_not_the_drug_it_is_taken_with()
    {
        var report = await fixture.CreateChecker().CheckAsync("Ciprofloxacin can be taken together with ibuprofen.");

        var claim = Assert.Single(report.Claims);
        Assert.Equal("cc768d3e-a7cc-46a2-ae6d-0f5eb2f05406", claim.Product?.SetId);
    }

    [SplFact]
    public async Task A_loaded_product_is_still_checked_against_its_label()
    {
        var report = await fixture.CreateChecker().CheckAsync("VIAGRA may be taken with or without food.");

        var claim = Assert.Single(report.Claims);
        Assert.Null(claim.NoLabelFor);
        Assert.Equal(ClaimVerdict.Supported, claim.Verdict);
    }
}
