using LabelBot.Core.Answering.Phrasing;
using LabelBot.ClaimCheck;
using LabelBot.Core.Tests.Support;

namespace LabelBot.ClaimCheck.Tests;

/// <summary>
/// The checker with an LLM verdict model configured: verified verdicts are used, fabricated citations and failures
/// fall back to the extractive verdict. The models here stand in for the network model and answer from the passages
/// they are shown, the way a real one must.
/// </summary>
[Collection(ClaimCheckStoreCollection.Name)]
public sealed class ClaimCheckerModelTests(ClaimCheckStoreFixture fixture)
{
    private const string FoodClaim = "VIAGRA may be taken with or without food.";
    private const string NitrateClaim = "VIAGRA can be safely used with organic nitrates such as nitroglycerin.";

    [SplFact]
    public async Task A_verified_model_verdict_is_used_and_the_report_says_so()
    {
        var report = await fixture.CreateChecker(new QuotingModel("may be taken with or without food")).CheckAsync(FoodClaim);

        Assert.Equal("llm", report.Mode);
        var claim = Assert.Single(report.Claims);
        Assert.Equal(ClaimVerdict.Supported, claim.Verdict);
        Assert.Equal("Label 2.1 states it.", claim.Rationale);
        var citation = Assert.Single(claim.Citations);
        Assert.Contains("with or without food", citation.Quote, StringComparison.Ordinal);
        var passage = await fixture.Store.GetPassageAsync(citation.PassageId);
        Assert.Contains(citation.Quote, passage!.Text, StringComparison.Ordinal);
    }

    [SplFact]
    public async Task A_fabricated_quote_is_rejected_and_the_extractive_verdict_stands()
    {
        var extractive = await fixture.CreateChecker().CheckAsync(NitrateClaim);

        var report = await fixture.CreateChecker(new FabricatingModel()).CheckAsync(NitrateClaim);

        Assert.Equal("extractive", report.Mode);
        Assert.Equal(ClaimVerdict.Contradicted, Assert.Single(report.Claims).Verdict);
        Assert.Equal(extractive.Claims.Single().Citations.Select(c => c.Quote), report.Claims.Single().Citations.Select(c => c.Quote));
        Assert.DoesNotContain(report.Claims.Single().Citations, c => c.Quote.Contains(FabricatingModel.Invented, StringComparison.Ordinal));
    }

    [SplFact]
    public async Task A_model_cannot_overturn_a_contradiction_found_in_the_label()
    {
        var report = await fixture.CreateChecker(new QuotingModel("organic nitrates")).CheckAsync(NitrateClaim);

        Assert.Equal(ClaimVerdict.Contradicted, Assert.Single(report.Claims).Verdict);
        Assert.Equal("extractive", report.Mode);
    }

    [SplFact]
    public async Task A_failing_model_never_fails_the_check()
    {
        var report = await fixture.CreateChecker(new FailingModel()).CheckAsync(FoodClaim);

        Assert.Equal("extractive", report.Mode);
        Assert.Equal(ClaimVerdict.Supported, Assert.Single(report.Claims).Verdict);
    }

    /// <summary>Says "supported" and quotes the first shown sentence containing <paramref name="phrase"/>, verbatim.</summary>
    private sealed class QuotingModel(string phrase) : IClaimVerdictModel
    {
        public Task<ModelClaimVerdict?> JudgeAsync(string claim, IReadOnlyList<NumberedPassage> passages, CancellationToken cancellationToken = default)
        {
            foreach (var passage in passages)
            {
                var sentence = passage.Passage.Text.Split(['\n', '.'], StringSplitOptions.TrimEntries)
                    .FirstOrDefault(s => s.Contains(phrase, StringComparison.Ordinal));
                if (sentence is not null)
                {
                    return Task.FromResult<ModelClaimVerdict?>(new ModelClaimVerdict(ClaimVerdict.Supported, [passage.N], [sentence], "Label 2.1 states it."));
                }
            }
            return Task.FromResult<ModelClaimVerdict?>(null);
        }
    }

    /// <summary>Says "supported" with a quote that no label contains.</summary>
    private sealed class FabricatingModel : IClaimVerdictModel
    {
        public const string Invented = "VIAGRA is safe with all heart medicines";

        public Task<ModelClaimVerdict?> JudgeAsync(string claim, IReadOnlyList<NumberedPassage> passages, CancellationToken cancellationToken = default) =>
            Task.FromResult<ModelClaimVerdict?>(new ModelClaimVerdict(ClaimVerdict.Supported, [1], [Invented], "It is safe."));
    }

    private sealed class FailingModel : IClaimVerdictModel
    {
        public Task<ModelClaimVerdict?> JudgeAsync(string claim, IReadOnlyList<NumberedPassage> passages, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException("model endpoint unavailable");
    }
}
