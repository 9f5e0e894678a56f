using System.Text.RegularExpressions;

namespace LabelBot.DailyMed.Chat;

/// <summary>
/// Recognises questions about how a label changed ("what changed in the latest ciprofloxacin label?", "has the
/// Lipitor label been updated?"). The answer engine asks this after its safety routing (emergencies, dosing and
/// personal questions come first) and after resolving the product.
/// </summary>
public static partial class LabelChangeQuestion
{
    public static bool IsMatch(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return WhatChanged().IsMatch(question) || ChangeOfLabel().IsMatch(question) || LabelWasChanged().IsMatch(question);
    }

    // "what changed", "what's changed", "what has been updated", "what was revised"
    [GeneratedRegex(@"\bwhat(?:'s|’s| has| have| is| was| were)?\s+(?:been\s+)?(?:changed|updated|revised|new)\b(?!\s+(?:dose|dosage|symptom))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhatChanged();

    // "changes to the label", "latest update of the label", "difference between versions", "new version of the insert"
    [GeneratedRegex(@"\b(?:changes?|changed|updates?|revisions?|revised|differences?|diff|new version|latest version|newest version)\b.{0,60}?\b(?:label|labels|labeling|labelling|versions?|insert|prescribing information|drug facts)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChangeOfLabel();

    // "has the label been updated", "was the Lipitor label changed recently"
    [GeneratedRegex(@"\b(?:label|labeling|labelling|insert|prescribing information)\b.{0,40}?\b(?:been\s+)?(?:changed|updated|revised)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LabelWasChanged();
}
