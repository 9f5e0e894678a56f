using System.Text.Json;

namespace LabelBot.Load.DirectLine;

/// <summary>The parts of a Direct Line activity the load driver looks at.</summary>
/// <param name="AnswerKind">The answer kind the bot attached to an answer (web chat: <c>channelData.labelbot.answerKind</c>;
/// other channels: its sources card's feedback data).</param>
public sealed record DirectLineActivity(string? Id, string Type, string? FromRole, string? ReplyToId, string? Text, string? AnswerKind)
{
    private const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public bool IsBotMessage => Type == "message" && FromRole == "bot";

    public static DirectLineActivity FromJson(JsonElement activity) => new(
        StringProperty(activity, "id"),
        StringProperty(activity, "type") ?? "",
        activity.TryGetProperty("from", out var from) && from.ValueKind == JsonValueKind.Object ? StringProperty(from, "role") : null,
        StringProperty(activity, "replyToId"),
        StringProperty(activity, "text"),
        AnswerKindFromChannelData(activity) ?? AnswerKindFromCard(activity));

    private static string? AnswerKindFromChannelData(JsonElement activity) =>
        activity.TryGetProperty("channelData", out var data) && data.ValueKind == JsonValueKind.Object
        && data.TryGetProperty("labelbot", out var labelbot) && labelbot.ValueKind == JsonValueKind.Object
            ? StringProperty(labelbot, "answerKind")
            : null;

    /// <summary>
    /// Answers carry an Adaptive Card whose feedback buttons hold the answer's kind; fixed texts (welcome, unavailable)
    /// have no card. Reading the kind from the card lets the report show the reply mix without parsing prose.
    /// </summary>
    private static string? AnswerKindFromCard(JsonElement activity)
    {
        if (!activity.TryGetProperty("attachments", out var attachments) || attachments.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        foreach (var attachment in attachments.EnumerateArray())
        {
            if (attachment.ValueKind != JsonValueKind.Object
                || StringProperty(attachment, "contentType") != AdaptiveCardContentType
                || !attachment.TryGetProperty("content", out var card) || card.ValueKind != JsonValueKind.Object
                || !card.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array)
            {
                continue;
            }
            foreach (var action in actions.EnumerateArray())
            {
                if (action.ValueKind == JsonValueKind.Object
                    && action.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                    && StringProperty(data, "kind") is { Length: > 0 } kind)
                {
                    return kind;
                }
            }
        }
        return null;
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
