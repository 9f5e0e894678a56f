using LabelBot.Bot.Viewer;
using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Extractive;
using LabelBot.Core.Answering.Prompts;

namespace LabelBot.Cli;

/// <summary>
/// Prints an answer for a terminal: the text, suggested actions, then the numbered sources, each with its label viewer
/// link (that version, the passage highlighted; relative unless LABELBOT_PUBLIC_URL names the host) and its DailyMed link.
/// </summary>
public static class AnswerPrinter
{
    public static void Print(AnswerResult answer, TextWriter output, LabelViewerLinks? viewer = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(output);
        var links = viewer ?? ViewerLinkSetting.Resolve();
        // The engine's own "Sources:" block has the DailyMed link only: it is replaced by the one below.
        var text = AnswerFormatter.Default.WithoutSources(answer.Text);
        var ownSources = text.Length != answer.Text.Length || !answer.Text.Contains("Sources", StringComparison.Ordinal);
        output.WriteLine(text);
        if (answer.Candidates.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(PromptCatalog.Default.Render("cli-candidates-heading"));
            foreach (var candidate in answer.Candidates)
            {
                output.WriteLine($"  - {candidate.Title} ({candidate.SetId})");
            }
        }
        if (answer.Citations.Count > 0 && ownSources)
        {
            output.WriteLine();
            output.WriteLine(PromptCatalog.Default.Render("sources-heading"));
            foreach (var c in answer.Citations)
            {
                output.WriteLine($"  [{c.N}] {c.Title}, {CitationVersionText.For(c)}, {Section(c)}");
                var sourceLinks = PromptCatalog.Default.Render("cli-source-links", new Dictionary<string, string> { ["viewer"] = links.For(c), ["url"] = c.Url });
                foreach (var line in sourceLinks.Split('\n'))
                {
                    output.WriteLine($"      {line}");
                }
            }
        }
        if (answer.SuggestedActions.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(PromptCatalog.Default.Render("cli-suggested-actions", new Dictionary<string, string> { ["actions"] = string.Join(" | ", answer.SuggestedActions) }));
        }
    }

    private static string Section(Citation c) => string.IsNullOrEmpty(c.SectionNumber) ? c.SectionTitle : $"{c.SectionNumber} {c.SectionTitle}";
}
