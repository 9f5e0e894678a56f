namespace LabelBot.Bot.Viewer;

/// <summary>Names of the viewer's fixed texts (prompts/viewer/*.md, read through <see cref="Texts.BotTexts"/>).</summary>
internal static class ViewerTexts
{
    public const string Intro = "viewer-intro";
    public const string AsIngested = "viewer-as-ingested";
    public const string NotCurrent = "viewer-not-current";
    public const string Current = "viewer-current";
    public const string Withdrawn = "viewer-withdrawn";
    public const string Partial = "viewer-partial";
    public const string Cited = "viewer-cited";
    public const string CitedElsewhere = "viewer-cited-elsewhere";
    public const string CitedMissing = "viewer-cited-missing";
    public const string NoResults = "viewer-no-results";
    public const string NotFound = "viewer-not-found";
    public const string Loading = "viewer-loading";
    public const string ChangesIntro = "viewer-changes-intro";
    public const string ChangesNone = "viewer-changes-none";
}
