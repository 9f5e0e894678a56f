using System.Text;
using System.Text.RegularExpressions;
using LabelBot.Core.Answering.Phrasing;
using LabelBot.Core.Answering.Prompts;
using Microsoft.SemanticKernel.ChatCompletion;

namespace LabelBot.Llm;

/// <summary>
/// Builds the chat for one phrasing: the fixed system prompt, then one user message holding the numbered passages
/// and the user's question inside delimiters. User text never reaches the system prompt.
/// </summary>
internal static partial class AnswerPrompt
{
    /// <summary>The system prompt's "cannot answer" reply; the engine answers extractively instead.</summary>
    public const string NotInPassages = "NOT_IN_PASSAGES";

    // prompts/llm/*.md, embedded in LabelBot.Core with every other text.
    private const string AnswerSystem = "answer-system";
    private const string AnswerUser = "answer-user";

    // Longer questions are not questions about a label; cutting them also bounds what an injection can carry.
    private const int MaxQuestionChars = 1000;

    public static ChatHistory Build(string question, IReadOnlyList<NumberedPassage> passages)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["passages"] = FormatPassages(passages),
            ["question"] = AsData(Truncate(question.Trim(), MaxQuestionChars)),
        };
        // The catalog fills {{placeholders}} in one pass, so text inside a value is never itself treated as one. These
        // prompts are rendered here, not by Semantic Kernel's template engine: SK receives finished chat messages.
        var user = PromptCatalog.Default.Render(AnswerUser, values);

        var history = new ChatHistory(PromptCatalog.Default.Render(AnswerSystem));
        history.AddUserMessage(user);
        return history;
    }

    private static string FormatPassages(IReadOnlyList<NumberedPassage> passages)
    {
        var text = new StringBuilder();
        foreach (var p in passages)
        {
            if (text.Length > 0)
            {
                text.Append("\n\n");
            }
            text.Append('[').Append(p.N).Append("] ").Append(AsData(p.LabelName)).Append(" — ").Append(AsData(p.Passage.SectionDisplayTitle)).Append('\n');
            text.Append(AsData(p.Passage.Text));
        }
        return text.ToString();
    }

    /// <summary>Removes anything that could close or open the template's delimiters, so data stays inside them.</summary>
    private static string AsData(string text) => Delimiter().Replace(text, " ");

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    [GeneratedRegex(@"<\s*/?\s*(passages|question)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Delimiter();
}
