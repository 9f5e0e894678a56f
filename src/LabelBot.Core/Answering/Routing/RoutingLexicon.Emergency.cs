namespace LabelBot.Core.Answering.Routing;

/// <summary>Emergency rules, checked before everything else.</summary>
internal static partial class RoutingLexicon
{
    // ---- emergency (checked first) ---------------------------------------------------------------------------------

    /// <summary>"Overdose" used for a label's indication or section, not for something happening.</summary>
    internal const string OverdoseAsLabelTopic =
        @"\b(?:label|labeling|section|prescribing information|package insert)\b.{0,50}\boverdos|" +
        @"\boverdos\w*\b.{0,40}\b(?:label|labeling|prescribing information|package insert)\b|" +
        @"\boverdos\w*\s+(?:section|in the label|on the label)\b|" +
        @"\b(?:used|indicated|approved|prescribed)\b.{0,40}\boverdose\b|\bis\s+(?:\w+\s+){0,2}for\s+(?:an?\s+)?(?:opioid\s+)?overdose";

    // SAFETY: emergencies are recognised before anything else and regardless of whether a label is ingested.
    // Statements that only make sense when something is happening fire alone; symptoms that are also ordinary
    // label topics ("can cipro cause seizures") need a person in the sentence (Situational).
    internal static readonly RoutingRule[] Emergency =
    [
        // SAFETY: any mention of an overdose gets the emergency reply first, unless it names the label's topic
        // ("what is Kloxxado used for … overdose") with nobody involved.
        new("emergency:overdose",
            RoutingRule.Compile(@"\b(?:overdos\w*|over[- ]dos\w*|o\.d\.)"),
            Unless: RoutingRule.Compile(@"^(?=.*(?:" + OverdoseAsLabelTopic + @"))(?!.*" + Situational + ")|" + OverdoseInformation)),
        // SAFETY: "what happens if you take too much" is an overdose question; only its label-section form is answered.
        RoutingRule.Create("emergency:too-much-what-happens",
            @"\b(?:what|wat)\s+(?:happens|will happen|would happen|could happen|can happen|to do|do (?:i|you|we) do|should (?:i|you|we) do)\b" +
            @".{0,40}\b(?:take|takes|taking|took|use|uses|using|used|have|has|had|give|gives|gave|swallow\w*|eat|eats|ate|drink|drinks|drank|" +
            @"inject\w*|apply|applies|applied|spray|sprays)\b.{0,30}\btoo (?:much|many)\b|\b(?:signs?|symptoms?|effects?)\s+of\s+(?:taking\s+|having\s+)?too (?:much|many)\b",
            unless: OverdoseInformation),
        RoutingRule.Create("emergency:took-too-much",
            @"\b(?:took|taken|had|swallowed|ate|eaten|drank|injected|used|gave|given|chewed)\b.{0,40}\b(?:too (?:much|many)|way too|" +
            @"an? (?:extra|second|double|whole|entire)\s+(?:\w+\s+)?(?:dose|pill|tablet|bottle|pack|box|shot|injection|spray|patch)|" +
            @"(?:the|a) (?:whole|entire|full) (?:bottle|pack|box|package|blister|sheet|tube|pen)|" +
            @"all (?:of )?(?:the|my|his|her|their) (?:\w+\s+)?(?:pills|tablets|meds|medicine|capsules)|double (?:the )?dose|" +
            @"two doses|twice the|more than (?:prescribed|i should|directed|recommended|the label))"),
        RoutingRule.Create("emergency:took-many",
            @"\b(?:took|taken|swallowed|ate|eaten|chewed)\s+(?:\w+\s+){0,2}?(?:[1-9]\d+|a (?:bunch|handful|lot|fistful) of|" +
            @"ten|fifteen|twenty|thirty|forty|fifty|hundred|a bunch|a handful)\b" +
            @"(?!\s*(?:mg|mcg|g|ml|milligrams|micrograms|units|iu|%|hours?|hrs?|days?|minutes?|mins?|weeks?|months?|years?|am|pm|o'clock))"),
        // SAFETY: several units of two products in one go ("took 6 naproxen and 4 tylenol together"), or five or more
        // units at once: single-digit counts the took-many rule leaves alone because "took 2 advil" is an ordinary dose.
        RoutingRule.Create("emergency:took-several-at-once",
            @"\b(?:took|taken|swallowed|ate|eaten|chewed|had|popped)\s+(?:\w+\s+){0,2}?(?:[4-9]|four|five|six|seven|eight|nine)\s+" +
            @"(?!(?:mg|mcg|g|ml|milligrams|units|iu|%|hours?|hrs?|days?|minutes?|mins?|weeks?|months?|years?|am|pm|times)\b)" +
            @"[a-z]\w*(?:\s+\w+)?\s+(?:and|plus|with|\+|&)\s+(?:\w+\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+[a-z]|" +
            @"\b(?:took|taken|swallowed|ate|eaten|chewed|popped)\s+(?:\w+\s+){0,2}?(?:[5-9]|five|six|seven|eight|nine)\s+" +
            @"(?!(?:mg|mcg|g|ml|milligrams|units|iu|%|hours?|hrs?|days?|minutes?|mins?|weeks?|months?|years?|am|pm|times)\b)" +
            @"(?:\w+\s+){0,2}?(?:at once|all at once|together|at the same time|in one go|in an hour)\b"),
        RoutingRule.Create("emergency:accidental",
            @"\b(?:accident\w*|by mistake|mistaken\w*|unintentional\w*|wrong (?:pill|pills|medicine|medication|dose|person's))\b",
            requires: @"\b(?:took|taken|take|swallow\w*|ate|eaten|gave|given|double\w*|twice|extra|pills?|dose|tablets?|injected|used)\b"),
        RoutingRule.Create("emergency:child-ingestion",
            @"\b" + YoungChild + @"\b.{0,40}\b(?:ate|eaten|swallowed|got into|chewed|drank|" +
            @"licked|got (?:a ?hold|hold) of|ingested)\b"),
        RoutingRule.Create("emergency:ingested",
            @"\bingested\b", requires: Situational),
        RoutingRule.Create("emergency:seizure",
            @"\b(?:(?:having|had|has|have|is having|just had|started having|went into|in)\s+(?:an?\s+)?(?:seizure|seizures|convulsion|" +
            @"convulsions|fit|fits)|seizing|convulsing)\b",
            requires: SituationalOrReport),
        RoutingRule.Create("emergency:cannot-breathe",
            @"\b(?:can't|cannot|can not|couldn't|could not|unable to|struggling to|barely|not|stopped|isn't|wasn't)\s+(?:\w+\s+)?" +
            @"(?:breath|breathe|breathing)\b"),
        RoutingRule.Create("emergency:breathing-trouble",
            @"\b(?:trouble|difficulty|difficult|problems?|hard time|hard)\s+(?:\w+\s+)?(?:breath|breathe|breathing)\b|" +
            @"\bshort(?:ness)? of breath\b|\bgasping\b|\bwheez\w*|\bchoking\b",
            requires: SituationalOrReport),
        RoutingRule.Create("emergency:throat-closing",
            @"\b(?:throat|airway)\s+(?:is\s+|feels\s+)?(?:closing|closed|tight\w*)"),
        RoutingRule.Create("emergency:swelling",
            @"\b(?:throat|tongue|lips?|mouth|face|airway)\b.{0,25}\b(?:swell\w*|swollen|puff\w*)\b|" +
            @"\b(?:swell\w*|swollen|puff\w*)\b.{0,25}\b(?:throat|tongue|lips?|face|airway)\b",
            requires: SituationalOrReport),
        RoutingRule.Create("emergency:chest-pain",
            @"\bchest (?:pain|pains|tightness|pressure|hurts?|is tight|feels tight)\b|" +
            @"\b(?:having|is having|am having|i'm having|think i'm having|think he's having|think she's having)\s+(?:an?\s+)?(?:heart attack|stroke)\b",
            requires: SituationalOrReport),
        RoutingRule.Create("emergency:stroke-suspected",
            @"\b(?:think|maybe|might be|could be|is having|am having|i'm having|having|just had|signs of)\b.{0,25}\b(?:heart attack|stroke)\b|" +
            @"\b(?:slurred|slurring|slurs) (?:speech|words)|\bface (?:is |looks )?droop\w*|\bdroop\w* (?:face|mouth)\b",
            requires: Situational),
        RoutingRule.Create("emergency:suicide",
            @"\b(?:suicid\w*|kill(?:ing)? (?:myself|me|himself|herself|themselves|themself|him|her|someone|my ?self)|" +
            @"end(?:ing|ed)? (?:my|his|her|their) (?:own )?life|(?:take|taking|took|taken) (?:my|his|her|their) (?:own )?life|end(?:ing)? it all|" +
            @"want(?:ed)? to die|wanna die|better off dead|don't want to (?:live|be alive|be here|wake up)|hurt(?:ing)? (?:myself|my ?self)|" +
            @"self[- ]harm\w*|harm (?:myself|my ?self)|(?:lethal|fatal|deadly|toxic) (?:dose|amount)|" +
            @"how (?:much|many)\b.{0,40}\b(?:to|would|will|does it take to) (?:kill|die|be fatal|be lethal|end it)|" +
            @"enough\b.{0,30}\b(?:to die|to kill|to not wake up))"),
        RoutingRule.Create("emergency:unresponsive",
            @"\b(?:unconscious|unresponsive|passed out|passing out|won't wake(?: up)?|can't (?:wake|be woken)|not waking(?: up)?|" +
            @"not responding|collapsed|fainted|blacked out|turning blue|turned blue|(?:lips|face|skin) (?:are |is |look |looks |turned |turning )?" +
            @"(?:blue|grey|gray)|blue lips|pinpoint pupils)\b"),
        // SAFETY: intrathecal (pump) withdrawal: high fever, altered mental status, rebound spasticity, pump alarms.
        RoutingRule.Create("emergency:intrathecal-withdrawal",
            @"\b(?:intrathecal|pump)\b.{0,80}\b(?:fever|confus\w*|spastic\w*|stiff\w*|itch\w*|alarm\w*|beep\w*|stopped|empty|ran out|" +
            @"running out|not working|broke|broken|malfunction\w*)|\b(?:fever|confus\w*|spastic\w*|alarm\w*|beep\w*)\b.{0,80}\b" +
            @"(?:intrathecal|pump)\b|\b(?:rebound|returning|return of|sudden)\s+spastic\w*"),
        // SAFETY: fever with confusion or rigid muscles (withdrawal, neuroleptic malignant or serotonin syndrome).
        RoutingRule.Create("emergency:fever-confusion",
            @"\b(?:high fever|fever|very hot|burning up|high temperature)\b.{0,60}\b(?:confus\w*|rigid|stiff\w*|delirious|disoriented)\b|" +
            @"\b(?:confus\w*|rigid|stiff\w*|delirious|disoriented)\b.{0,60}\b(?:high fever|fever|very hot|burning up|high temperature)\b",
            requires: SituationalOrReport),
        RoutingRule.Create("emergency:poisoning", @"\bpoison(?:ed|ing)\b"),
        // SAFETY: the sildenafil label's own instruction: erections over 4 hours need immediate medical help.
        RoutingRule.Create("emergency:priapism",
            @"\b(?:erection|priapism)\b.{0,40}\b(?:(?:[4-9]|\d{2,}|four|five|six|seven|eight|nine|ten|several|many) (?:hours|hrs)|" +
            @"won't go (?:away|down)|hasn't gone|for hours|all night)"),
        RoutingRule.Create("emergency:bleeding",
            @"\b(?:vomit\w* blood|throwing up blood|cough\w* (?:up )?blood|black (?:tarry )?(?:stools?|poop|poo|bowel movements?)|" +
            @"(?:stools?|poop) (?:is |are |was |looks? )?(?:black|tarry|bloody)|bloody (?:stool|vomit)|" +
            @"bleeding (?:that )?won't stop|can't stop (?:the )?bleeding|heavy bleeding)\b",
            requires: SituationalOrReport),
        RoutingRule.Create("emergency:anaphylaxis",
            @"\b(?:having|is having|am having|i'm having|going into)\s+(?:an?\s+)?(?:severe\s+|bad\s+|serious\s+)?(?:allergic reaction|anaphyla\w*)|" +
            @"\banaphyla\w*",
            requires: Situational),
        RoutingRule.Create("emergency:dying",
            @"\b(?:call 911|911|ambulance|emergency room|go to the er|life or death|dying|am i going to die)\b",
            requires: Situational),
    ];
}
