using LabelBot.Core.Answering.Phrasing;
using LabelBot.ClaimCheck;
using LabelBot.ClaimCheck.Evidence;
using LabelBot.ClaimCheck.Text;
using LabelBot.Core.Labels;
using LabelBot.Core.Tests.Support;

namespace LabelBot.ClaimCheck.Tests;

/// <summary>A model's claim verdict is kept only when its citations verify, like a phrased answer.</summary>
public sealed class ModelVerdictVerifierTests
{
    private static readonly NumberedPassage[] Shown =
    [
        new(1, HandMadeLabels.Passage("z", 1, SectionCodes.DosageAndAdministration, "2.1", "Recommended Dosage",
            "The recommended dose is 50 mg taken about 1 hour before sexual activity.\nZorvex may be taken with or without food."), "Zorvex"),
        new(2, HandMadeLabels.Passage("z", 2, SectionCodes.Contraindications, "4.1", "Nitrates",
            "Administration of Zorvex to patients using organic nitrates in any form is contraindicated."), "Zorvex"),
    ];

    private static IReadOnlyList<VerifiedQuote>? Verify(string claim, ModelClaimVerdict verdict)
    {
        var split = ClaimSplitter.Split(claim).Single();
        var features = ClaimFeatures.Of(split, ClaimLexicon.NameStems(["Zorvex"]));
        return ModelVerdictVerifier.Verify(verdict, features, split.MatchText, Shown);
    }

    [Fact]
    public void A_supported_verdict_with_a_verbatim_quote_is_kept()
    {
        var quotes = Verify("Zorvex may be taken with or without food.",
            new ModelClaimVerdict(ClaimVerdict.Supported, [1], ["Zorvex may be taken with or without food."], "Label 2.1."));

        var quote = Assert.Single(quotes!);
        Assert.Equal(1, quote.Passage.N);
    }

    [Fact]
    public void A_quote_that_differs_only_in_white_space_is_returned_as_the_label_writes_it()
    {
        var quotes = Verify("The recommended dose is 50 mg.",
            new ModelClaimVerdict(ClaimVerdict.Supported, [1], ["The recommended   dose is\n50 mg"], string.Empty));

        Assert.Equal("The recommended dose is 50 mg", Assert.Single(quotes!).Quote);
    }

    [Fact]
    public void Without_quotes_the_best_sentence_of_the_cited_passage_is_quoted()
    {
        var quotes = Verify("Zorvex may be taken with or without food.", new ModelClaimVerdict(ClaimVerdict.Supported, [1], [], string.Empty));

        Assert.Equal("Zorvex may be taken with or without food.", Assert.Single(quotes!).Quote);
    }

    [Fact]
    public void An_invented_quote_is_rejected() =>
        Assert.Null(Verify("Zorvex may be taken with or without food.",
            new ModelClaimVerdict(ClaimVerdict.Supported, [1], ["Zorvex works best on an empty stomach."], string.Empty)));

    [Fact]
    public void Citing_a_passage_that_was_never_shown_is_rejected() =>
        Assert.Null(Verify("Zorvex may be taken with or without food.", new ModelClaimVerdict(ClaimVerdict.Supported, [7], [], string.Empty)));

    [Fact]
    public void A_supported_verdict_on_a_changed_number_is_rejected() =>
        Assert.Null(Verify("The recommended dose is 100 mg.",
            new ModelClaimVerdict(ClaimVerdict.Supported, [1], ["The recommended dose is 50 mg"], string.Empty)));

    [Fact]
    public void A_contradiction_must_quote_something_about_the_claim()
    {
        var onTopic = Verify("Zorvex can be safely used with organic nitrates.",
            new ModelClaimVerdict(ClaimVerdict.Contradicted, [2], ["Administration of Zorvex to patients using organic nitrates in any form is contraindicated."], string.Empty));
        var offTopic = Verify("Zorvex can be safely used with organic nitrates.",
            new ModelClaimVerdict(ClaimVerdict.Contradicted, [1], ["Zorvex may be taken with or without food."], string.Empty));

        Assert.NotNull(onTopic);
        Assert.Null(offTopic);
    }

    [Fact]
    public void A_models_not_in_label_never_replaces_the_rules() =>
        Assert.Null(Verify("Zorvex may be taken with or without food.", new ModelClaimVerdict(ClaimVerdict.NotInLabel, [], [], "not stated")));

    [Fact]
    public void Verbatim_search_maps_normalised_white_space_back_to_the_original_text()
    {
        Assert.Equal("b\n  c", ModelVerdictVerifier.FindVerbatim("a b\n  c d", "b c"));
        Assert.Null(ModelVerdictVerifier.FindVerbatim("a b c", "b x"));
        Assert.Null(ModelVerdictVerifier.FindVerbatim("a b c", "  "));
    }
}
