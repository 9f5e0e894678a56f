using LabelBot.Core.Answering.Extractive;
using LabelBot.Core.Answering.Products;

namespace LabelBot.Core.Answering.Conversation;

/// <summary>
/// What a conversation remembers between turns (its products and last topic) and how a follow-up continues it.
/// </summary>
internal sealed class ConversationMemory(IConversationContextStore context)
{
    private static readonly string[] FollowUpOpeners = ["what about", "how about", "and ", "also", "same for", "what if it", "for the", "in the"];

    public ConversationFocus? Focus(string? conversationId) => conversationId is null ? null : context.Get(conversationId);

    /// <summary>
    /// The question to retrieve with: a follow-up that names no drug and opens like one ("what about in the elderly?",
    /// "and the generic one?") continues the previous question of the conversation.
    /// </summary>
    public static string FollowUpTopic(string question, ProductSelection selection, ConversationFocus? focus)
    {
        if (focus?.LastQuestion is not { Length: > 0 } previous)
        {
            return question;
        }
        // A turn with no content of its own ("the allergy relief one" after a clarify, "and the generic one?")
        // continues the previous question; a drug-less turn that opens like a follow-up adds to it.
        // Only while the conversation stays on its products (or picks one of its candidates).
        var sameProducts = selection.FromFocus
            || selection.AllLabels.All(l => focus.Candidates.Any(c => c.SetId == l.SetId));
        if (!sameProducts)
        {
            return question;
        }
        var ownContent = QuestionConcepts.From(question, selection.ProductWords, selection.CompanionNames).Count;
        var lower = question.ToLowerInvariant();
        var opensAsFollowUp = FollowUpOpeners.Any(o => lower.StartsWith(o, StringComparison.Ordinal));
        return ownContent == 0 || opensAsFollowUp ? $"{previous} {question}" : question;
    }

    public void Remember(string? conversationId, ProductSelection selection, string topic, AnswerKind kind)
    {
        if (conversationId is null || selection.IsEmpty)
        {
            return;
        }
        var keepsTopic = kind is AnswerKind.Answer or AnswerKind.NotInLabel or AnswerKind.Clarify;
        var previous = context.Get(conversationId)?.LastQuestion;
        var labels = selection.AllLabels.ToList();
        var remembered = keepsTopic ? WithoutProductNames(topic, selection) : previous ?? WithoutProductNames(topic, selection);
        context.Set(conversationId, new ConversationFocus(labels, selection.Groups[0].Primary.SetId, remembered));
    }

    /// <summary>The topic without the words that named this turn's product, so it carries over to the next product.</summary>
    private static string WithoutProductNames(string topic, ProductSelection selection)
    {
        var names = new HashSet<string>(selection.ProductWords.SelectMany(TermStems.Words), StringComparer.Ordinal);
        return string.Join(' ', topic.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(word => !TermStems.Words(word).Any(names.Contains)));
    }
}
