using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Extractive;
using LabelBot.Core.Answering.Prompts;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Rendering;

/// <summary>
/// The Adaptive Card under every answer: one block per cited passage (product, label version and date, section, the
/// cited text as displayed: cross-references and captions cut with "…", a DailyMed link) and, for channels without feedback
/// UI of their own, the feedback buttons. Raw JSON: the AdaptiveCards library is not used.
/// </summary>
public static class SourcesCard
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    public const string Version = "1.5";
    public static string ViewerActionTitle => Text("card-viewer-action");

    // Teams rejects cards above ~28 KB; a passage beyond this is cut (the DailyMed link has the full label).
    private const int MaxPassageCharacters = 3000;

    /// <param name="viewerLink">The label viewer link of a citation (its version, passage highlighted), shown before DailyMed; null for none.</param>
    public static Attachment Build(AnswerResult result, string answerId, bool withFeedback = true, Func<Citation, string?>? viewerLink = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var body = new JArray();
        if (result.Citations.Count > 0)
        {
            body.Add(TextBlock(Text(result.Citations.Count == 1 ? "card-sources-heading-one" : "card-sources-heading"), weight: "Bolder", size: "Medium"));
            foreach (var citation in result.Citations.OrderBy(c => c.N))
            {
                body.Add(CitationBlock(citation, viewerLink?.Invoke(citation)));
            }
        }

        var card = new JObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = Version,
            ["body"] = body,
        };
        if (withFeedback)
        {
            AddFeedback(card, result, answerId);
        }
        return new Attachment { ContentType = ContentType, Content = card };
    }

    private static void AddFeedback(JObject card, AnswerResult result, string answerId)
    {
        var feedback = new FeedbackAction(FeedbackRating.Helpful, answerId, result.Kind.ToWire(), result.Citations.Select(c => c.PassageId).ToList(), null);
        ((JArray)card["body"]!).Add(new JObject
        {
            ["type"] = "TextBlock",
            ["text"] = Text("card-feedback-question"),
            ["isSubtle"] = true,
            ["wrap"] = true,
            ["separator"] = result.Citations.Count > 0,
            ["spacing"] = "Medium",
        });

        card["actions"] = new JArray
        {
            new JObject
            {
                ["type"] = "Action.Submit",
                ["title"] = Text("card-feedback-helpful"),
                ["data"] = feedback.ToSubmitData(),
            },
            new JObject
            {
                ["type"] = "Action.ShowCard",
                ["title"] = Text("card-feedback-not-helpful"),
                ["card"] = new JObject
                {
                    ["type"] = "AdaptiveCard",
                    ["body"] = new JArray
                    {
                        new JObject
                        {
                            // Choices, not free text: nothing personal can end up in the feedback table.
                            ["type"] = "Input.ChoiceSet",
                            ["id"] = FeedbackAction.ReasonInputId,
                            ["label"] = Text("card-feedback-reason-label"),
                            ["style"] = "expanded",
                            ["choices"] = new JArray(FeedbackAction.ReasonCodes.Select(r => new JObject { ["title"] = r.Title, ["value"] = r.Code })),
                        },
                    },
                    ["actions"] = new JArray
                    {
                        new JObject
                        {
                            ["type"] = "Action.Submit",
                            ["title"] = Text("card-feedback-send"),
                            ["data"] = (feedback with { Rating = FeedbackRating.NotHelpful }).ToSubmitData(),
                        },
                    },
                },
            },
        };
    }

    private static JObject CitationBlock(Citation citation, string? viewerUrl)
    {
        var versionLine = string.IsNullOrWhiteSpace(citation.Version)
            ? Text("card-version-unknown", ("version", CitationVersionText.For(citation)))
            : string.IsNullOrWhiteSpace(citation.EffectiveDate)
                ? Text("card-version", ("version", citation.Version))
                : Text("card-version-effective", ("version", citation.Version), ("date", citation.EffectiveDate));
        var section = CitationText.Section(citation);
        return new JObject
        {
            ["type"] = "Container",
            ["id"] = $"citation-{citation.N}",
            ["separator"] = true,
            ["spacing"] = "Medium",
            ["items"] = new JArray
            {
                TextBlock($"[{citation.N}] {citation.Title}", weight: "Bolder"),
                TextBlock(versionLine, subtle: true),
                TextBlock(Text("card-section", ("section", section)), subtle: true),
                TextBlock(TextLimits.Truncate(QuoteDisplay.Render(citation.Quote), MaxPassageCharacters)),
                new JObject
                {
                    ["type"] = "ActionSet",
                    ["actions"] = new JArray(new[]
                    {
                        viewerUrl is null ? null : new JObject { ["type"] = "Action.OpenUrl", ["title"] = ViewerActionTitle, ["url"] = viewerUrl },
                        new JObject { ["type"] = "Action.OpenUrl", ["title"] = Text("card-dailymed-action"), ["url"] = CitationText.Link(citation) },
                    }.OfType<JObject>()),
                },
            },
        };
    }

    private static string Text(string name, params (string Key, string Value)[] values) =>
        PromptCatalog.Default.Render(name, values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal));

    private static JObject TextBlock(string text, string? weight = null, string? size = null, bool subtle = false)
    {
        var block = new JObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (weight is not null)
        {
            block["weight"] = weight;
        }
        if (size is not null)
        {
            block["size"] = size;
        }
        if (subtle)
        {
            block["isSubtle"] = true;
            block["spacing"] = "None";
        }
        return block;
    }
}
