using System.Text.RegularExpressions;
using LabelBot.Bot.Viewer;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Rendering;

/// <summary>
/// SECURITY: the bot echoes users' words (a claim check quotes each claim, "not in label" repeats the question). Web
/// Chat renders Markdown without HTML, but other Direct Line clients and Teams may not, so every outgoing message is
/// neutralised here, at the channel boundary, whatever produced it: HTML-looking tags are escaped (&lt;) and Markdown
/// links whose target is not http(s), mailto or tel lose their link syntax (except the definitions "[n]: cite:n" of web
/// chat citations, which only open the pop-up of a Claim the same activity carries, and paths into this host's label
/// viewer, "/labels/…", which a web chat pop-up links to when no public URL is set: read-only pages on the same host).
/// Label text and the bot's own wording carry neither, so they pass unchanged. Citation pop-up texts (schema.org
/// entities) are neutralised like card texts.
/// </summary>
public sealed partial class MarkupNeutralizer : Microsoft.Bot.Builder.IMiddleware
{
    public Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        turnContext.OnSendActivities(async (_, activities, nextSend) =>
        {
            foreach (var activity in activities)
            {
                Apply(activity);
            }
            return await nextSend();
        });
        return next(cancellationToken);
    }

    /// <summary>Neutralises the text, the card texts and the suggested-action titles of one outgoing activity.</summary>
    public static void Apply(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Text is not null)
        {
            activity.Text = Neutralize(activity.Text);
        }
        if (activity.Speak is not null)
        {
            activity.Speak = Neutralize(activity.Speak);
        }
        foreach (var attachment in activity.Attachments ?? [])
        {
            if (attachment.Content is JToken card)
            {
                NeutralizeStrings(card);
            }
        }
        foreach (var entity in activity.Entities ?? [])
        {
            if (entity.Type?.StartsWith("https://schema.org/", StringComparison.Ordinal) == true && entity.Properties is { } properties)
            {
                NeutralizeStrings(properties);
            }
        }
        foreach (var action in activity.SuggestedActions?.Actions ?? [])
        {
            action.Title = action.Title is null ? null : Neutralize(action.Title);
        }
    }

    public static string Neutralize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.IndexOf('<', StringComparison.Ordinal) < 0 && text.IndexOf("](", StringComparison.Ordinal) < 0 && text.IndexOf("]:", StringComparison.Ordinal) < 0)
        {
            return text;
        }
        var escaped = TagStart().Replace(text, "&lt;");
        escaped = UnsafeInlineLink().Replace(escaped, "] (");
        return UnsafeReferenceLink().Replace(escaped, m => m.Value.Replace("]:", "] :", StringComparison.Ordinal));
    }

    private static void NeutralizeStrings(JToken token)
    {
        switch (token)
        {
            case JObject obj:
                foreach (var property in obj.Properties().ToList())
                {
                    // URLs of card actions are built by the bot from DailyMed links; only displayed text is echoed.
                    if (property.Value is JValue { Type: JTokenType.String } value && property.Name is "text" or "title" or "altText" or "fallbackText" or "label" or "placeholder" or "name" or "abstract")
                    {
                        property.Value = Neutralize((string)value!);
                    }
                    else
                    {
                        NeutralizeStrings(property.Value);
                    }
                }
                break;
            case JArray array:
                foreach (var item in array)
                {
                    NeutralizeStrings(item);
                }
                break;
        }
    }

    // "<" that opens a tag, a closing tag, a comment or a processing instruction; "a < b" stays as it is.
    [GeneratedRegex(@"<(?=[A-Za-z/!?])")]
    private static partial Regex TagStart();

    // "](target" where the target is not an http(s), mailto or tel URL nor a viewer path (javascript:, data:, other relative…).
    [GeneratedRegex(@"\]\((?!\s*(?:https?://|mailto:|tel:|" + LabelViewerLinks.Root + "/))", RegexOptions.IgnoreCase)]
    private static partial Regex UnsafeInlineLink();

    // A "cite:n" target is a Web Chat citation: it opens no address, only the pop-up of the activity's own Claim n.
    [GeneratedRegex(@"^\s{0,3}\[[^\]\n]+\]:\s*(?!(?:https?://|mailto:|tel:|cite:\d{1,3}(?=\s|$)))\S", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex UnsafeReferenceLink();
}
