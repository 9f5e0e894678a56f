using System.Xml;
using System.Xml.Linq;
using LabelBot.Bot.Rendering;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Core.Answering;
using LabelBot.Core.Labels;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Rendering;

/// <summary>Channel rendering of an answer built from real label text (data/labels).</summary>
public sealed class RenderingTests
{
    private static readonly string LongLabelText = ReadLabelText("ciprofloxacin", 5000);

    [Theory]
    [InlineData("directline", null, "[Compare version 8 and version 9 side by side](/labels/set-1/changes?from=8&to=9)")]
    [InlineData("msteams", null, "Compare version 8 and version 9 side by side, removed")]
    [InlineData("msteams", "https://bot.example.org", "[Compare version 8 and version 9 side by side](https://bot.example.org/labels/set-1/changes?from=8&to=9)")]
    public void A_viewer_link_in_the_answer_opens_where_the_channel_can_follow_it(string channel, string? publicUrl, string expected)
    {
        var result = new AnswerResult(AnswerKind.Answer,
            "Compared with version 8 … changed these sections: Warnings.\n\n[Compare version 8 and version 9 side by side](/labels/set-1/changes?from=8&to=9), removed and added text marked.",
            [], [], [], 5);

        var reply = AnswerReplyBuilder.Build(result, channel, "abc123", new LabelBot.Bot.Viewer.LabelViewerLinks(publicUrl));

        Assert.Contains(expected, reply.Text, StringComparison.Ordinal);
    }

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

    [Theory]
    [InlineData("directline")]
    [InlineData("webchat")]
    public void Web_chat_gets_its_own_citations_and_thumbs_and_no_card(string channel)
    {
        var citations = new[] { Citation(1, LongLabelText[..300]), Citation(2, "Tendon rupture *can* occur [in] <b>any</b> patient_group.") };
        var result = new AnswerResult(AnswerKind.Answer, "Header\n\nTendons [1]. Rupture [2].\n\nSources:\n[1] x\n[2] y\n\nDisclaimer.", citations, [], [], 5);

        var reply = AnswerReplyBuilder.Build(result, channel, "abc123");
        MarkupNeutralizer.Apply(reply);

        // Sources once: no card, no "Sources:" block; one cite: link definition per [n], surviving the neutraliser.
        Assert.True(reply.Attachments is null || reply.Attachments.Count == 0);
        Assert.DoesNotContain("Sources:", reply.Text, StringComparison.Ordinal);
        Assert.Contains("\n[1]: cite:1 \"", reply.Text, StringComparison.Ordinal);
        Assert.Contains("\n[2]: cite:2 \"", reply.Text, StringComparison.Ordinal);
        Assert.StartsWith("Header\n\nTendons [1]. Rupture [2].", reply.Text, StringComparison.Ordinal);

        var message = JObject.FromObject(Assert.Single(reply.Entities, e => e.Type == WebChatCitations.EntityType));
        Assert.Equal("", (string?)message["@id"]);
        Assert.Equal("Message", (string?)message["@type"]);
        Assert.Null(message["additionalType"]);
        var claims = message["citation"]!.ToList();
        Assert.Equal([1, 2], claims.Select(c => (int)c["position"]!));
        foreach (var (claim, citation) in claims.Zip(citations))
        {
            var appearance = claim["appearance"]!;
            // No url: Web Chat opens its pop-up only then; the link is inside the pop-up text.
            Assert.Null(appearance["url"]);
            Assert.Null(claim["claimInterpreter"]);
            var text = (string)appearance["text"]!;
            Assert.Contains("**Section:** 5.2 Tendinitis and Tendon Rupture", text, StringComparison.Ordinal);
            Assert.Contains("**Label:** version 12 (2024-03-01)", text, StringComparison.Ordinal);
            Assert.Contains($"[Open the label on DailyMed]({CitationText.Link(citation)})", text, StringComparison.Ordinal);
            Assert.StartsWith("> ", text, StringComparison.Ordinal);
        }
        // Label punctuation is escaped, not read as Markdown; tags are neutralised like every outgoing text.
        Assert.Contains(@"Tendon rupture \*can\* occur \[in\] &lt;b>any&lt;/b> patient\_group.", (string)claims[1]["appearance"]!["text"]!, StringComparison.Ordinal);

        var votes = reply.Entities.Where(e => e.Type == FeedbackVotes.VoteActionType).Select(JObject.FromObject).ToList();
        Assert.Equal([FeedbackVotes.Upvote, FeedbackVotes.Downvote], votes.Select(v => (string)v["actionOption"]!));
        Assert.All(votes, v => Assert.Equal("VoteAction", (string?)v["@type"]));
        Assert.Equal("answer", (string?)((JObject)reply.ChannelData)[AnswerReplyBuilder.ChannelDataKey]!["answerKind"]);
    }

    [Fact]
    public void Only_model_written_answers_are_marked_ai_generated()
    {
        var citations = new[] { Citation(1, "Tendon rupture can occur.") };
        var extract = new AnswerResult(AnswerKind.Answer, "Tendons [1].", citations, [], [], 5);
        var phrased = extract with { ModelWritten = true };

        Assert.Null(JObject.FromObject(AnswerReplyBuilder.Build(extract, "msteams", "a").Entities.Single())["additionalType"]);
        Assert.Equal(["AIGeneratedContent"], JObject.FromObject(AnswerReplyBuilder.Build(phrased, "msteams", "a").Entities.Single())["additionalType"]!.Values<string>());

        JToken? Interpreter(AnswerResult r) => JObject.FromObject(AnswerReplyBuilder.Build(r, "directline", "a").Entities.First(e => e.Type == WebChatCitations.EntityType))["citation"]![0]!["claimInterpreter"];
        Assert.Null(Interpreter(extract));
        Assert.Equal(LabelBot.Core.Answering.Prompts.PromptCatalog.Default.Render("ai-generated"), (string?)Interpreter(phrased)!["slogan"]);
        // The marker is not part of the contract's answer JSON.
        Assert.DoesNotContain("modelWritten", AnswerJson.Serialize(phrased), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Teams_gets_its_feedback_loop_and_a_card_without_buttons_other_channels_keep_the_buttons()
    {
        var result = new AnswerResult(AnswerKind.Answer, "Tendons [1].", [Citation(1, "Tendon rupture can occur.")], [], [], 5);
        var teams = AnswerReplyBuilder.Build(result, "msteams", "a");
        Assert.True((bool)((JObject)teams.ChannelData)["feedbackLoopEnabled"]!);
        Assert.Null(((JObject)teams.Attachments.Single().Content)["actions"]);

        var emulator = AnswerReplyBuilder.Build(result, "emulator", "a");
        Assert.Null(emulator.ChannelData);
        Assert.Equal(2, ((JObject)emulator.Attachments.Single().Content)["actions"]!.Count());
    }

    [Fact]
    public void Votes_are_read_only_from_well_formed_web_chat_events_and_teams_feedback_invokes()
    {
        var up = JObject.FromObject(FeedbackVotes.WebChatEntities("answer42")[0]);
        var down = JObject.FromObject(FeedbackVotes.WebChatEntities("answer42")[1]);
        Activity Event(string name, params JObject[] entities) => new()
        {
            Type = ActivityTypes.Event,
            Name = name,
            Entities = entities.Select(e => e.ToObject<Entity>()!).ToList(),
        };

        var helpful = FeedbackVotes.FromWebChatEvent(Event(FeedbackVotes.WebChatEventName, up));
        Assert.Equal(("answer42", FeedbackRating.Helpful, (string?)null), (helpful!.AnswerId, helpful.Rating, helpful.Reason));
        Assert.Equal(FeedbackRating.NotHelpful, FeedbackVotes.FromWebChatEvent(Event(FeedbackVotes.WebChatEventName, down))!.Rating);
        Assert.Null(FeedbackVotes.FromWebChatEvent(Event("something/else", up)));
        Assert.Null(FeedbackVotes.FromWebChatEvent(Event(FeedbackVotes.WebChatEventName)));
        var foreign = (JObject)up.DeepClone();
        foreign["object"] = "https://example.com/answer42";
        Assert.Null(FeedbackVotes.FromWebChatEvent(Event(FeedbackVotes.WebChatEventName, foreign)));
        var odd = (JObject)up.DeepClone();
        odd["actionOption"] = "sideways";
        Assert.Null(FeedbackVotes.FromWebChatEvent(Event(FeedbackVotes.WebChatEventName, odd)));

        Activity Invoke(string name, string? reaction, string? replyToId) => new()
        {
            Type = ActivityTypes.Invoke,
            Name = name,
            ReplyToId = replyToId,
            Value = new JObject { ["actionName"] = "feedback", ["actionValue"] = new JObject { ["reaction"] = reaction, ["feedback"] = "{\"feedbackText\":\"Jane Doe 555-0100\"}" } },
        };
        var liked = FeedbackVotes.FromTeamsSubmitAction(Invoke(FeedbackVotes.TeamsInvokeName, "like", "1:abc"));
        Assert.Equal(("1:abc", FeedbackRating.Helpful, (string?)null), (liked!.AnswerId, liked.Rating, liked.Reason));
        Assert.Equal(FeedbackRating.NotHelpful, FeedbackVotes.FromTeamsSubmitAction(Invoke(FeedbackVotes.TeamsInvokeName, "dislike", "1:abc"))!.Rating);
        Assert.Null(FeedbackVotes.FromTeamsSubmitAction(Invoke(FeedbackVotes.TeamsInvokeName, "meh", "1:abc")));
        Assert.Null(FeedbackVotes.FromTeamsSubmitAction(Invoke(FeedbackVotes.TeamsInvokeName, "like", null)));
        Assert.Null(FeedbackVotes.FromTeamsSubmitAction(Invoke("adaptiveCard/action", "like", "1:abc")));
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
