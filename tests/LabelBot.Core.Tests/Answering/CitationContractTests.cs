using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Extractive;
using LabelBot.Core.Labels;
using LabelBot.Core.Tests.Support;

namespace LabelBot.Core.Tests.Answering;

public sealed class CitationContractTests
{
    private static readonly LabelVersionInfo Label = HandMadeLabels.Label("set-a", "ALPHA", "alphamycin");

    private static readonly Passage Warning = HandMadeLabels.Passage("set-a", 3, SectionCodes.WarningsAndPrecautions, "5.2", "Tendon Rupture",
        "Tendinitis and tendon rupture can occur.\nDiscontinue   ALPHA if pain occurs.");

    private static Passage? Find(string id) => id == Warning.Id ? Warning : null;

    private static AnswerResult Answer(string text, params Citation[] citations) => new(AnswerKind.Answer, text, citations, [], [], 0);

    [Fact]
    public void Verbatim_quote_with_matching_marker_is_valid_even_across_whitespace_differences()
    {
        var citation = CitationFactory.Create(1, Warning, Label, "tendon rupture can occur. Discontinue ALPHA if pain occurs.");
        Assert.True(CitationContract.Validate(Answer("Label says … [1]", citation), Find).IsValid);
    }

    [Fact]
    public void Marker_without_citation_is_rejected()
    {
        var citation = CitationFactory.Create(1, Warning, Label, "Tendinitis and tendon rupture can occur.");
        var validation = CitationContract.Validate(Answer("See [1] and [2].", citation), Find);
        Assert.Contains(validation.Problems, p => p.Contains("[2]", StringComparison.Ordinal));
    }

    [Fact]
    public void Altered_quote_is_rejected()
    {
        var citation = CitationFactory.Create(1, Warning, Label, "Tendon rupture never occurs.");
        Assert.False(CitationContract.Validate(Answer("x [1]", citation), Find).IsValid);
    }

    [Fact]
    public void Unknown_passage_and_wrong_set_are_rejected()
    {
        var unknown = CitationFactory.Create(1, Warning with { Id = "nope" }, Label, "Tendinitis");
        Assert.Contains(CitationContract.Validate(Answer("x [1]", unknown), Find).Problems, p => p.Contains("unknown passage", StringComparison.Ordinal));
        var wrongSet = CitationFactory.Create(1, Warning, Label, "Tendinitis") with { SetId = "set-b" };
        Assert.Contains(CitationContract.Validate(Answer("x [1]", wrongSet), Find).Problems, p => p.Contains("belongs to", StringComparison.Ordinal));
    }

    [Fact]
    public void Answer_without_citation_and_duplicate_numbers_are_rejected()
    {
        Assert.False(CitationContract.Validate(Answer("No sources."), Find).IsValid);
        var c = CitationFactory.Create(1, Warning, Label, "Tendinitis");
        Assert.False(CitationContract.Validate(Answer("[1]", c, c), Find).IsValid);
    }

    [Fact]
    public void Redirect_stating_a_dose_in_its_own_words_is_rejected_but_label_quotes_are_exempt()
    {
        var ownWords = new AnswerResult(AnswerKind.DosingRedirect, "Most adults take 20 mg. Ask a pharmacist.", [], [], [], 0);
        Assert.False(CitationContract.Validate(ownWords, Find).IsValid);

        var dosePassage = Warning with { Id = "dose", Text = "Do not take more than 4 tablets in 24 hours." };
        var quote = CitationFactory.Create(1, dosePassage, Label, "Do not take more than 4 tablets in 24 hours.");
        var quoted = new AnswerResult(AnswerKind.PersonalRedirect, "The label says: \"Do not take more than 4 tablets in 24 hours.\" [1] Call 1-800-222-1222.", [quote], [], [], 0);
        Assert.True(CitationContract.Validate(quoted, id => id == "dose" ? dosePassage : null).IsValid);
    }
}
