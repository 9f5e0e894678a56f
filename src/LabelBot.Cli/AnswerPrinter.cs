using LabelBot.Core.Answering;

namespace LabelBot.Cli;

/// <summary>Prints an answer for a terminal: the text, suggested actions, then the numbered sources.</summary>
public static class AnswerPrinter
{
    public static void Print(AnswerResult answer, TextWriter output)
    {
        output.WriteLine(answer.Text);
        if (answer.Candidates.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Which one do you mean?");
            foreach (var candidate in answer.Candidates)
            {
                output.WriteLine($"  - {candidate.Title} ({candidate.SetId})");
            }
        }
        if (answer.Citations.Count > 0 && !answer.Text.Contains("Sources", StringComparison.Ordinal))
        {
            output.WriteLine();
            output.WriteLine("Sources:");
            foreach (var c in answer.Citations)
            {
                output.WriteLine($"  [{c.N}] {c.Title}, {CitationVersionText.For(c)}, {Section(c)} - {c.Url}");
            }
        }
        if (answer.SuggestedActions.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Options: {string.Join(" | ", answer.SuggestedActions)}");
        }
    }

    private static string Section(Citation c) => string.IsNullOrEmpty(c.SectionNumber) ? c.SectionTitle : $"{c.SectionNumber} {c.SectionTitle}";
}
