namespace LabelBot.Load.Scenario;

public enum QuestionCategory
{
    /// <summary>A question about one of the shipped labels, naming the drug.</summary>
    Label,

    /// <summary>A question that leans on the previous turn ("what about in pregnancy?").</summary>
    FollowUp,

    /// <summary>A personal dosing question: the bot redirects it to a pharmacist.</summary>
    Dosing,
}

public sealed record LoadQuestion(string Text, QuestionCategory Category);

/// <summary>
/// What simulated users ask: mostly label questions about the drugs shipped in data/labels, follow-ups once a drug is
/// in focus, and a few dosing questions, in the proportions a pharmacy's web chat plausibly sees.
/// </summary>
public sealed class QuestionMix
{
    private const double FollowUpShare = 0.2;
    private const double DosingShare = 0.1;

    private static readonly string[] LabelQuestions =
    [
        "What are the most common side effects of ciprofloxacin?",
        "Can cipro cause tendon rupture?",
        "Can I take ciprofloxacin tablets with milk or yogurt?",
        "What is the boxed warning for Humira?",
        "Does adalimumab increase the risk of serious infections?",
        "What are the side effects of Lipitor?",
        "Can atorvastatin cause muscle problems?",
        "Who should not take carvedilol?",
        "What are the warnings for carvedilol tablets?",
        "Does diphenhydramine make you drowsy?",
        "What does the diphenhydramine label warn about?",
        "What is haloperidol used for?",
        "Is haloperidol safe for elderly patients with dementia?",
        "Can ibuprofen cause stomach bleeding?",
        "What are the heart risks of ibuprofen?",
        "What is minoxidil used for?",
        "What is Kloxxado used for?",
        "What should I do after using the naloxone nasal spray?",
        "What are the warnings for naproxen oral suspension?",
        "Does oxycodone and acetaminophen have a boxed warning?",
        "Can oxycodone and acetaminophen slow my breathing?",
        "What is pyrithione zinc shampoo used for?",
        "What are the side effects of Viagra?",
        "Can I take sildenafil with nitrates?",
        "Can acetaminophen cause liver damage?",
        "When should I stop using the acetaminophen pain reliever and ask a doctor?",
    ];

    private static readonly string[] FollowUps =
    [
        "What about during pregnancy?",
        "And in children?",
        "What about older adults?",
        "Can I drink alcohol with it?",
        "Who should not take it?",
        "How should it be stored?",
        "Does it interact with other medicines?",
    ];

    private static readonly string[] DosingQuestions =
    [
        "How much ibuprofen should I take for my back pain?",
        "What dose of Lipitor should I take?",
        "How many acetaminophen tablets can I take in a day?",
        "What dose of carvedilol should I start with?",
    ];

    public static QuestionMix Default { get; } = new();

    /// <summary>Questions the warm-up asks once, so the first measured turn does not pay for loading the model.</summary>
    public IReadOnlyList<string> WarmupQuestions => LabelQuestions[..3];

    /// <summary>
    /// The next question of a user; a follow-up only when the previous turn put a drug in focus. Never the previous
    /// question again: the host takes a repeat of the last message within seconds for a channel retry and answers it once.
    /// </summary>
    public LoadQuestion Next(Random random, bool canFollowUp, string? previous)
    {
        ArgumentNullException.ThrowIfNull(random);
        var next = Draw(random, canFollowUp);
        while (next.Text == previous)
        {
            next = Draw(random, canFollowUp);
        }
        return next;
    }

    private static LoadQuestion Draw(Random random, bool canFollowUp)
    {
        var roll = random.NextDouble();
        if (roll < DosingShare)
        {
            return new LoadQuestion(Pick(random, DosingQuestions), QuestionCategory.Dosing);
        }
        if (canFollowUp && roll < DosingShare + FollowUpShare)
        {
            return new LoadQuestion(Pick(random, FollowUps), QuestionCategory.FollowUp);
        }
        return new LoadQuestion(Pick(random, LabelQuestions), QuestionCategory.Label);
    }

    private static string Pick(Random random, string[] questions) => questions[random.Next(questions.Length)];
}
