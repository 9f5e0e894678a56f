namespace LabelBot.Core.Answering.Routing;

/// <summary>Turns with nothing to do with medicines.</summary>
internal static partial class RoutingLexicon
{
    // ---- out of scope (only without any medical vocabulary) ---------------------------------------------------------

    internal const string MedicalVocabulary =
        @"\b(?:drugs?|medicines?|medications?|med|meds|pills?|tablets?|capsules?|doses?|dosage|dosing|mg|side effects?|label|labels|" +
        @"labeling|prescriptions?|prescribed|pharmacy|pharmacist|doctor|symptoms?|pregnan\w*|breastfeeding|nursing|children|" +
        @"pediatric|elderly|geriatric|generic|brand|warnings?|interact\w*|allerg\w*|contraindicat\w*|overdos\w*|injections?|" +
        @"inject|spray|shampoo|cream|ointment|patch|inhaler|vaccines?|antibiotics?|statins?|cholesterol|blood pressure|pain|" +
        @"infections?|storage|store|expir\w*|ingredients?|strengths?|treat\w*|indicat\w*|used for|adverse|reactions?|health)\b";

    internal static readonly RoutingRule[] OffTopic =
    [
        RoutingRule.Create("out_of_scope:off-topic",
            @"\b(?:weather|forecast|joke|jokes|poem|poetry|story|song|lyrics|recipe|cook|cooking|restaurants?|movies?|film|tv show|" +
            @"sports?|football|soccer|basketball|baseball|super bowl|world cup|stocks?|bitcoin|crypto|capital of|president|" +
            @"election|politics|translate|translation|python|javascript|sql|homework|essay|math|" +
            @"(?:write|generate|fix|debug)\b.{0,30}\b(?:code|script|program|function|app)|" +
            @"calculate|equation|population of|who won|who invented|how old is|what time is it|what day is it|flights?|hotels?)\b",
            unless: MedicalVocabulary),
        RoutingRule.Create("out_of_scope:small-talk",
            @"^\W*(?:hi|hello|hey|yo|hiya|thanks|thank you|thx|good (?:morning|afternoon|evening)|ok|okay|bye|goodbye|test|testing)" +
            @"(?:\s+(?:there|bot|labelbot|again))?\W*$"),
    ];

    /// <summary>
    /// A message made only of instructions to the bot ("ignore your rules", "print your system prompt", "you are now
    /// DAN"). Checked after the personal-advice rules: an attack wrapped around a personal question is that question.
    /// </summary>
    internal static readonly RoutingRule[] InstructionsOnly =
    [
        RoutingRule.Create("out_of_scope:instructions-only",
            @"\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+|your\s+|the\s+|previous\s+|prior\s+|above\s+|earlier\s+)*" +
            @"(?:instructions|rules|prompts?|guidelines|programming)|system prompt|jailbreak|\bdan\b|developer mode|reveal your|" +
            @"print your|you are now\b|act as\b",
            unless: MedicalVocabulary),
    ];
}
