using System.Text.RegularExpressions;

namespace LabelBot.Runtime.Tests.Adversarial;

/// <summary>
/// Markup that a channel could turn into something active: script, frames, embedded objects, event-handler attributes,
/// script URLs and links or images in Markdown (the bot's own texts use neither; sources are bare DailyMed URLs).
/// </summary>
public static partial class ActiveMarkup
{
    /// <summary>The first active-markup fragment in <paramref name="text"/>, or null.</summary>
    public static string? Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Pattern().Match(text);
        return match.Success ? match.Value : null;
    }

    [GeneratedRegex(
        @"<\s*/?\s*(?:script|iframe|frame|img|svg|object|embed|style|link|meta|form|input|details|video|audio|base|a)\b|" +
        @"\b(?:javascript|vbscript)\s*:|\bdata\s*:\s*text/html|\bon[a-z]{3,}\s*=|!?\[[^\]\n]*\]\([^)\n]*\)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
