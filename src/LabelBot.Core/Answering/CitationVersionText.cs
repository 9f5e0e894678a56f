using LabelBot.Core.Answering.Prompts;

namespace LabelBot.Core.Answering;

/// <summary>
/// "version 11 (2014-01-13)", or "version not stated" for a copy whose source gave none (an openFDA record): every
/// channel names a label version the same way and none invents one.
/// </summary>
public static class CitationVersionText
{
    public static string For(Citation citation, PromptCatalog? prompts = null)
    {
        ArgumentNullException.ThrowIfNull(citation);
        return For(citation.Version, citation.EffectiveDate, prompts);
    }

    public static string For(string version, string effectiveDate, PromptCatalog? prompts = null)
    {
        var catalog = prompts ?? PromptCatalog.Default;
        if (string.IsNullOrWhiteSpace(version))
        {
            return catalog.Render("citation-version-not-stated");
        }
        return catalog.Render("citation-version", new Dictionary<string, string>
        {
            ["version"] = version,
            ["date"] = string.IsNullOrWhiteSpace(effectiveDate) ? "date not stated" : effectiveDate,
        });
    }
}
