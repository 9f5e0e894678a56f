using System.Xml;
using System.Xml.Linq;
using LabelBot.Bot.Rendering;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Core.Answering;
using LabelBot.Core.Labels;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests;

/// <summary>Channel rendering of an answer built from real label text (data/labels).</summary>
public sealed class RenderingTests
{
    private static readonly string LongLabelText = ReadLabelText("ciprofloxacin", 5000);

    [Fact]
    public void Teams_citations_respect_teams_caps_while_the_card_keeps_the_passage()
    {
        var citation = Citation(1, LongLabelText[..2500]);
        var result = new AnswerResult(AnswerKind.Answer, "The label warns about tendon rupture [1].", [citation], [], [], 5);

        var reply = AnswerReplyBuilder.Build(result, "msteams", "abc123");

        var entity = JObject.FromObject(reply.Entities.Single());
        var appearance = entity["citation"]![0]!["appearance"]!;
        Assert.Equal(TeamsCitationEntity.MaxNameLength, ((string)appearance["name"]!).Length);
        Assert.Equal(TeamsCitationEntity.MaxAbstractLength, ((string)appearance["abstract"]!).Length);
        Assert.EndsWith("…", (string)appearance["abstract"]!, StringComparison.Ordinal);
        Assert.All(appearance["keywords"]!, k => Assert.InRange(((string)k!).Length, 1, 28));

        var card = (JObject)reply.Attachments.Single().Content;
        var passageBlock = card["body"]!.Single(b => (string?)b["id"] == "citation-1")["items"]![3]!;
        // The card shows the passage as answers display it: whole, with cross-references such as "(5.1)" cut to "…".
        var displayed = LabelBot.Core.Answering.Extractive.QuoteDisplay.Render(citation.Quote);
        var normalized = string.Join(' ', displayed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(normalized, (string?)passageBlock["text"]);
        Assert.DoesNotContain("(5.1)", (string?)passageBlock["text"], StringComparison.Ordinal);
    }

    [Fact]
    public void Web_chat_gets_no_teams_entity_but_the_same_card()
    {
        var result = new AnswerResult(AnswerKind.Answer, "Text [1].", [Citation(1, LongLabelText[..300])], [], [], 5);
        var reply = AnswerReplyBuilder.Build(result, "directline", "abc123");
        Assert.True(reply.Entities is null || reply.Entities.Count == 0);
        Assert.Equal(SourcesCard.ContentType, reply.Attachments.Single().ContentType);
    }

    [Theory]
    [InlineData(AnswerKind.DosingRedirect)]
    [InlineData(AnswerKind.PersonalRedirect)]
    [InlineData(AnswerKind.AdverseEvent)]
    [InlineData(AnswerKind.Emergency)]
    public void Redirects_always_offer_the_pharmacist(AnswerKind kind)
    {
        var actions = SuggestedActionsBuilder.Build(new AnswerResult(kind, "Please ask a pharmacist.", [], [], [], 1));
        Assert.Contains(actions!.Actions, a => a.Title == SuggestedActionsBuilder.TalkToPharmacist);
        // SAFETY: only a described side effect asks for consent to report it.
        Assert.Equal(kind == AnswerKind.AdverseEvent, actions.Actions.Any(a => a.Title == SuggestedActionsBuilder.ReportSideEffect));
    }

    [Fact]
    public void Clarify_offers_each_candidate_product_once()
    {
        var candidates = new[] { new Candidate("a", "Atorvastatin Calcium Tablets"), new Candidate("b", "Lipitor"), new Candidate("c", "Atorvastatin Calcium Tablets") };
        var actions = SuggestedActionsBuilder.Build(new AnswerResult(AnswerKind.Clarify, "Which product?", [], candidates, [], 1))!;
        Assert.Equal(["Atorvastatin Calcium Tablets", "Lipitor"], actions.Actions.Select(a => a.Title));
        Assert.All(actions.Actions, a => Assert.Equal(a.Title, (string)a.Value));
    }

    [Fact]
    public void Answers_without_redirect_or_choices_have_no_suggested_actions()
    {
        Assert.Null(SuggestedActionsBuilder.Build(new AnswerResult(AnswerKind.Answer, "x [1]", [Citation(1, "y")], [], [], 1)));
    }

    [Fact]
    public void Feedback_data_round_trips_and_rejects_foreign_or_malformed_values()
    {
        var card = (JObject)SourcesCard.Build(new AnswerResult(AnswerKind.Answer, "x [1]", [Citation(1, "quote")], [], [], 1), "answer42").Content;
        var submitted = (JObject)card["actions"]![0]!["data"]!.DeepClone();
        var parsed = FeedbackAction.TryParse(submitted);
        Assert.Equal(new[] { "passage-1" }, parsed!.PassageIds);
        Assert.Equal(("answer42", FeedbackRating.Helpful, "answer"), (parsed.AnswerId, parsed.Rating, parsed.Kind));

        // Only reason codes are kept: typed text (a name, a phone number, markup) becomes "other".
        submitted[FeedbackAction.ReasonInputId] = "wrong_answer";
        Assert.Equal("wrong_answer", FeedbackAction.TryParse(submitted)!.Reason);
        submitted[FeedbackAction.ReasonInputId] = "Call me, Jane Doe, 555-123-4567 <img src=x onerror=alert(1)>";
        Assert.Equal(FeedbackAction.OtherReason, FeedbackAction.TryParse(submitted)!.Reason);
        var choices = card["actions"]![1]!["card"]!["body"]![0]!;
        Assert.Equal("Input.ChoiceSet", (string?)choices["type"]);
        Assert.Equal(FeedbackAction.ReasonCodes.Select(r => r.Code), choices["choices"]!.Select(c => (string)c["value"]!));
        Assert.Null(FeedbackAction.TryParse(new JObject { ["something"] = "else" }));
        Assert.Null(FeedbackAction.TryParse(new JObject { [FeedbackAction.Marker] = "maybe", ["answerId"] = "x" }));
        Assert.Null(FeedbackAction.TryParse(new JObject { [FeedbackAction.Marker] = "helpful" }));
        Assert.Null(FeedbackAction.TryParse("{ broken"));
        Assert.Null(FeedbackAction.TryParse(42));
    }

    private static Citation Citation(int n, string quote) => new(n, "3ee7bf9c-4c1d-4f5d-8e43-65f0e1ab0c9f", "12", "2024-03-01",
        "CIPROFLOXACIN TABLETS, FILM COATED FOR ORAL USE (A VERY LONG PRODUCT TITLE THAT TEAMS WOULD CUT)", "34071-1", "5.2",
        "Tendinitis and Tendon Rupture", $"passage-{n}", quote, LabelNaming.DailyMedUrl("3ee7bf9c-4c1d-4f5d-8e43-65f0e1ab0c9f"));

    /// <summary>Plain text of a shipped SPL label (DTDs prohibited), to render real label wording.</summary>
    private static string ReadLabelText(string drugPrefix, int length)
    {
        var file = Directory.GetFiles(RepoPaths.LabelsFolder, drugPrefix + "*.xml").Order(StringComparer.Ordinal).First();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(file, settings);
        var text = string.Join(' ', XDocument.Load(reader).Descendants().Where(e => e.Name.LocalName == "paragraph").Select(e => e.Value));
        Assert.True(text.Length >= length, $"{file} has too little text");
        return text[..length];
    }
}
