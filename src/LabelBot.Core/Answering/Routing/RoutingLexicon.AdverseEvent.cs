namespace LabelBot.Core.Answering.Routing;

/// <summary>Reports of an effect someone experienced on a medicine.</summary>
internal static partial class RoutingLexicon
{
    // ---- adverse event -----------------------------------------------------------------------------------------------

    private const string ExperienceSubject = @"(?:i|i'm|i've|i'd|me|my|we|he|she|he's|she's|his|her|him|they|them|" + Carer + ")";

    /// <summary>The person is on (or was on) the medicine.</summary>
    internal const string Exposure =
        @"\b(?:since|after|ever since|while|whenever|every time|each time|when|because of|from)\b.{0,40}\b(?:tak\w*|took|start\w*|" +
        @"began|begin\w*|us(?:e|ed|es|ing)|on|inject\w*|shots?|dose|doses|pills?|tablets?|meds?|medication|medicine|switch\w*|" +
        @"finish\w*)\b|" +
        @"(?<!\b(?:should|can|could|may|shall|do|would|will|what|which|to|might|if)\s)\b(?:i|i'm|i've|he|she|he's|she's|they|we|" +
        @"my \w+(?: \w+)?)\s+(?:am |is |are |was |were |have been |has been |had been |'ve been |been |just |recently |now |" +
        @"currently |also )*(?:taking|take|takes|took|started|start|starting|began|on|using|use|used|switched|prescribed|put on|got|" +
        @"put|applied|apply|rubbed|sprayed|injected)\b|" +
        @"\b(?:been|be)\s+(?:taking|on|using)\b|\b(?:since|after)\s+(?:his|her|my|their|the|this)\b|" +
        @"\b(?:started|began|switched to|went on|was put on)\b|\b(?:days?|weeks?|months?|years?)\s+(?:of|on)\s+\w+|\b(?:taking|using)\s+(?:this|the|that|my|his|her|it|these|\w+)\b|" +
        @"\b(?:the|my|his|her|this|these)\s+(?:\w+\s+)?(?:injections?|shots?|pills?|tablets?|meds|medication|medicine|spray|shampoo|cream|patch)\b|" +
        @"\b(?:since|after|from|because of|due to)\s+(?:the\s+|my\s+|his\s+|her\s+|this\s+|that\s+)?(?!" + NotAMedicine + @"\b)[a-z][a-z-]{3,}\b|" +
        @"^\W*(?:used|took|started|began|tried|been on|been taking|been using|on)\s+\w+";

    /// <summary>Words after "since/after/from" that name an occasion or a cause other than a medicine.</summary>
    private const string NotAMedicine =
        @"(?:that|this|then|them|those|these|surgery|operation|work|school|exercis\w*|workouts?|eating|meals?|food|dinner|lunch|" +
        @"breakfast|sleep\w*|waking|yesterday|today|tonight|last|morning|evening|night|stress|heat|weather|birth|delivery|" +
        @"pregnancy|covid|flu|virus|drinking|alcohol|beer|wine|coffee|smoking|running|walking|reading|what|when|where|which|" +
        @"about|around|years?|months?|weeks?|days?|hours?|minutes?|childhood|ages?|\d+)";

    /// <summary>Someone says they feel or have something (not "will I", "if I get").</summary>
    internal const string Experience =
        @"(?<!\b(?:will|would|could|can|might|may|should|do|does|did|if|whether|to)\s)\b" + ExperienceSubject +
        @"(?:'s)?\s+(?:\w+\s+){0,2}?(?:feel|feels|feeling|felt|get|gets|getting|got|have|has|having|had|developed|develop|noticed|notice|" +
        @"noticing|keep|keeps|started|starting|began|broke out|breaking out|experienc\w*|am|is|are|was|were|been|seem|seems|" +
        @"became|become|woke up|wake up|suffer\w*|can't|cannot)\b(?:\s+\S+){0,6}?\s*\b" + Symptom + @"\b|" +
        @"\b(?:my|his|her|their)\s+(?:\w+\s+)?" + BodyPart + @"\b\s+(?:\w+\s+){0,4}?(?:is|are|has|have|keeps?|feels?|hurts?|hurt|" +
        @"aches?|ache|burns?|burned|burnt|itch\w*|tingl\w*|swell\w*|swollen|peeled|peeling|cracked|blistered|bled|broke out|" +
        @"went|got|gets|turned|turning|started|been)\b|" +
        @"\b(?:why am i|am i|why is my \w+|why does my \w+|is my \w+)\s+(?:so |very |really |always |still |feeling |getting )*" + Symptom + @"\b|" +
        @"\b(?:i'm|i am|i've been|my \w+(?:'s| is| has been| was)?|he's|she's|he is|she is)\s+on\s+(?:the\s+)?\w+(?:\s+\w+)?\s+" +
        @"(?:now|lately|recently|suddenly|and now|and keeps?|and has been|and is|and been)\b(?:\s+\S+){0,4}?\s*\b" + Symptom + @"\b|" +
        @"\b(?:injection|application|shot|patch)\s+(?:site|area|spot)\b.{0,30}\b" + Symptom + @"\b|" +
        @"^\W*(?:woke up|waking up|got|getting|been getting|been having|having|had|broke out|breaking out|developed|feeling|felt|" +
        @"noticed|noticing)\s+(?:with\s+|in\s+)?(?:\S+\s+){0,4}?" + Symptom + @"\b|" +
        @"\b(?:i|i've|i have|he|she|he's|she's|he has|she has|my \w+(?:'s| has)?)\s+(?:\w+\s+)?(?:gained|lost|put on)\s+(?:\w+\s+){0,2}?" +
        @"(?:pounds|lbs|kg|kilos|weight|hair)\b";

    /// <summary>The medicine is doing something to the person.</summary>
    internal const string Causation =
        @"\b(?:the|this|that|my|his|her)\s+(?:\w+\s+){0,3}?(?:burned|burnt|irritated|stung|hurt|damaged|dried out|blistered)\s+" +
        @"(?:my|his|her|me|him)\b|" +
        @"\b(?:is|are|was|were|has been|have been|keeps?|it's|its|been)\s+(?:\w+\s+)?(?:making|giving|causing)\s+(?:me|him|her|them|us|my)\b|" +
        @"\b(?:made|gave|caused|makes|gives)\s+(?:me|him|her|them|us|my \w+)\s+(?:\w+\s+){0,5}?" + Symptom + @"\b|" +
        @"(?<!\b(?:will|would|could|can|might|may|does|do|did|if|whether|to)\s)\b(?:messed|screwed|tore|torn|wrecked|ruined|upset|" +
        @"destroyed|knocked|did a number)\s+(?:up\s+|out\s+|on\s+)?(?:my|his|her|me|him)\b";

    internal const string Hypothetical =
        @"\b(?:what if|in case|if (?:i|you|he|she|we|they|my \w+)\s+(?:\w+\s+)?(?:get|gets|have|has|develop|develops|notice|feel|feels|experience))\b|" +
        @"\bif\s+(?:my|his|her|our|the|a|an|your|there|it|this)\s+(?:\w+\s+){0,2}?(?:is|are|gets?|stays?|goes|remains?|becomes?|turns?|looks?)\b";

    internal static readonly RoutingRule[] AdverseEvent =
    [
        RoutingRule.Create("adverse_event:experienced-while-on-medicine", Experience, requires: Exposure, unless: Hypothetical),
        RoutingRule.Create("adverse_event:medicine-causing", Causation, unless: Hypothetical),
        RoutingRule.Create("adverse_event:reaction-report",
            @"\b" + ExperienceSubject + @"\s+(?:\w+\s+){0,2}?(?:had|have|has|having|got|get|developed|experienc\w*|noticed|broke out)\s+" +
            @"(?:an?\s+|some\s+|bad\s+|severe\s+|allergic\s+|weird\s+|strange\s+)*(?:reaction|side effects?|allergic reaction)\b",
            unless: Hypothetical + @"|(?<!\b(?:will|would|could|can|might|may|should|do|does|did|if)\s)\b(?:will|would|could|can|might|may|do|does)\s+(?:i|he|she|we)\b"),
        RoutingRule.Create("adverse_event:symptom-since-starting",
            @"\b" + Symptom + @"\b.{0,40}\b(?:since|after|ever since)\s+(?:i |he |she |my \w+ |we |the \w+ )?(?:start\w*|began|tak\w*|took|using|used|switch\w*|" +
            @"added|prescribed|increased|upped|raised|changed|put (?:me|him|her) on|the (?:first )?(?:shot|dose|injection))",
            unless: @"^(?:is|are|does|do|can|could|will|would|what|how|which|when|who|should)\b|" + Hypothetical),
        // A bare report of an effect after a dose ("wetting in pants after penicillin shot?"): a statement, not a question.
        RoutingRule.Create("adverse_event:symptom-after-dose-report",
            ReportStyle + @"(?:\S+\s+){0,3}?" + Symptom + @"\b.{0,30}\bafter\s+(?:\w+\s+){0,2}?(?:shot|injection|dose|pill|tablet|vaccine|vaccination|infusion|jab)\b",
            unless: Hypothetical),
    ];
}
