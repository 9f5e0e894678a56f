using LabelBot.Core.Answering.Prompts;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Rendering;

public enum FeedbackRating { Helpful, NotHelpful }

/// <summary>
/// The data a feedback button carries back (Action.Submit → message activity with <c>value</c>): which answer, its kind
/// and cited passages, never the question. <see cref="Reason"/> is one of <see cref="ReasonCodes"/>: the card offers
/// choices, not a text box, and anything else a client sends is stored as "other" (PRIVACY: typed text may hold names,
/// phone numbers or health details, and is never kept).
/// </summary>
public sealed record FeedbackAction(FeedbackRating Rating, string AnswerId, string Kind, IReadOnlyList<string> PassageIds, string? Reason)
{
    public const string Marker = "labelbotFeedback";
    public const string ReasonInputId = "reason";
    public const string OtherReason = "other";

    /// <summary>The reasons a user can pick, with the wording the card shows (prompts/cards/card-feedback-reasons.md).</summary>
    public static readonly IReadOnlyList<(string Code, string Title)> ReasonCodes = PromptCatalog.Default.RenderRows("card-feedback-reasons");

    public JObject ToSubmitData() => new()
    {
        [Marker] = Rating == FeedbackRating.Helpful ? "helpful" : "not_helpful",
        ["answerId"] = AnswerId,
        ["kind"] = Kind,
        ["passageIds"] = new JArray(PassageIds),
    };

    /// <summary>Reads a submitted card value; null when the value is not LabelBot feedback or is malformed.</summary>
    public static FeedbackAction? TryParse(object? value)
    {
        var data = value switch
        {
            JObject o => o,
            string s when s.TrimStart().StartsWith('{') => TryParseObject(s),
            _ => null,
        };
        if (data?[Marker] is not JValue { Type: JTokenType.String } ratingToken)
        {
            return null;
        }
        FeedbackRating? rating = (string?)ratingToken switch
        {
            "helpful" => FeedbackRating.Helpful,
            "not_helpful" => FeedbackRating.NotHelpful,
            _ => null,
        };
        var answerId = data["answerId"]?.Type == JTokenType.String ? (string?)data["answerId"] : null;
        if (rating is null || string.IsNullOrWhiteSpace(answerId) || answerId.Length > 64)
        {
            return null;
        }
        var kind = data["kind"]?.Type == JTokenType.String ? (string?)data["kind"] ?? "" : "";
        var passages = data["passageIds"] is JArray array
            ? array.Where(t => t.Type == JTokenType.String).Select(t => (string)t!).Where(p => p.Length <= 200).Take(20).ToList()
            : [];
        var given = data[ReasonInputId]?.Type == JTokenType.String ? ((string?)data[ReasonInputId])?.Trim() : null;
        var reason = string.IsNullOrEmpty(given) ? null
            : ReasonCodes.Any(r => r.Code == given) ? given
            : OtherReason;
        return new FeedbackAction(rating.Value, answerId, kind.Length > 32 ? kind[..32] : kind, passages, reason);
    }

    private static JObject? TryParseObject(string json)
    {
        try
        {
            return JObject.Parse(json);
        }
        catch (Newtonsoft.Json.JsonReaderException)
        {
            return null;
        }
    }
}
