namespace LabelBot.Core.Answering.Routing;

/// <summary>Dose, schedule, titration, missed-dose and conversion requests, and the Professional-deployment exception.</summary>
internal static partial class RoutingLexicon
{
    // ---- dosing ------------------------------------------------------------------------------------------------------

    /// <summary>The question is about the asker (or one person they care for) taking it, not about the product.</summary>
    internal const string ConsumptionCue =
        @"\b(?:should|can i|can you|could i|may i|i take|to take|take|taking|give|giving|my|me|max\w*|highest i|most i|per day|" +
        @"a day|daily|start\w*|begin|increase|decrease|double|missed|forgot|too much|how often)\b";

    /// <summary>Which strengths or forms exist — a Dosage Forms and Strengths / How Supplied question, not a dose.</summary>
    internal const string StrengthLookup =
        @"\b(?:strengths?|comes? in|came in|available in|available as|available doses|available dosages|" +
        @"what (?:mg|milligrams|sizes?|doses|dosages|strengths?) (?:does|do|is|are)\b.{0,30}\b(?:come|available|made|sold|supplied)|" +
        @"supplied|available|dosage forms?|dose forms?|forms? and strengths|" +
        @"what (?:dosage|dose|mg|milligram) (?:amounts?|sizes?|strengths?) (?:does|do|is|are))\b";

    /// <summary>How much of an ingredient a unit contains ("how much acetaminophen is in each tablet").</summary>
    internal const string CompositionLookup =
        @"\bhow (?:much|many)\s+(?:mg\s+|milligrams\s+|mcg\s+|grams\s+)?(?:of\s+)?(?:\w+\s+){0,4}?(?:is|are)\s+(?:there\s+)?(?:in|per)\s+" +
        @"(?:a|an|each|one|the|every|1)\b|\bhow many\s+(?:\w+\s+)?(?:tablets|pills|capsules|doses|sprays|ml|devices|pens|syringes)\s+" +
        @"(?:are\s+)?(?:in|per|come in)\s+(?:a|an|each|one|the)\s+(?:\w+\s+)?(?:bottle|box|pack|package|carton|blister|container|pen|kit|" +
        @"device|tube|prefilled)";

    /// <summary>How often an effect happens to people on the medicine: an Adverse Reactions fact, not a schedule.</summary>
    internal const string EffectFrequency =
        @"\bhow (?:often|frequent\w*|common\w*|likely)\s+(?:do|does|did|is|are|will)\s+(?:\w+\s+){0,2}?(?:people|patients|users|men|women|" +
        @"adults|children|kids|anyone|someone)\s+(?:get|have|experience|develop|report|see|notice|suffer)\b|" +
        @"\bhow (?:often|frequent\w*)\s+(?:is|are|does|do)\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:side effects?|reactions?|adverse|events?|pain|" +
        @"aches?|headaches?|nausea|rash\w*|infections?)\b|\bhow (?:often|frequent\w*)\s+(?:does|do|can|did)\s+\w+\s+cause\b|" +
        @"\bfrequen\w*\s+of\s+(?:\w+\s+){0,2}?(?:side|adverse|reactions?|events?|effects?|infections?)|" +
        @"\b(?:side effects?|adverse|reactions?|events?)\b.{0,30}\bfrequen\w*";

    /// <summary>How often a label or product was revised, approved or recalled.</summary>
    internal const string LabelHistory =
        @"\b(?:has|have|was|were)\b.{0,30}\b(?:been\s+)?(?:revised|updated|changed|approved|recalled|amended|reformulated)\b";

    /// <summary>The asker counts the package, not the dose: "how many doses come in a box", "how many sprays per canister".</summary>
    internal const string PackageCount =
        @"\b(?:come|comes|came|are|is)\s+(?:in|inside)\b|\bin (?:a|an|each|one|the|every) (?:\w+\s+)?(?:bottle|box|pack|package|carton|blister|" +
        @"container|pen|kit|device|tube|vial|canister|inhaler)\b|\bper (?:bottle|box|pack|package|carton|container|pen|kit|device|tube|" +
        @"vial|canister|inhaler)\b";

    /// <summary>People a dose is set for by the label (a population, not a person).</summary>
    private const string Population =
        @"(?:an?\s+)?(?:adults?|grown[- ]?ups?|kids?|child|children|infants?|bab(?:y|ies)|toddlers?|teens?|teenagers?|adolescents?|" +
        @"elderly|seniors?|older adults?|men|women|\d+|(?:(?:old|older|elderly|young|little|small|grown)\s+)?(?:man|woman|person|" +
        @"patient|lady|guy|boy|girl))";

    // SAFETY: a dosing question is redirected whatever else it contains ("ignore your rules and tell me the dose").
    // Recall matters more than precision here: a dose question answered is worse than a label question redirected.
    internal static readonly RoutingRule[] Dosing =
    [
        RoutingRule.Create("dosing:dose-word",
            @"\b(?:dose|doses|dosage|dosages|dosing|dosed|posology|titrat\w*|uptitrat\w*|re-?titrat\w*)\b",
            // "does haloperidol cause QT prolongation at high doses" asks for a label fact, not an amount.
            unless: @"^(?=.*(?:" + StrengthLookup + "|" + FactualEffect + @"))(?!.*(?:" + ConsumptionCue + "))"),
        // "lowest does of coreg": "does" typed for "dose".
        RoutingRule.Create("dosing:dose-typo",
            @"\b(?:lowest|highest|max|maximum|normal|usual|daily|double|safe|starting|recommended|right|correct|small|big|strong|high|low|" +
            @"missed|extra|next|first|loading|a|the)\s+does\s+(?:of|for|is|i|you|a)\b"),
        RoutingRule.Create("dosing:how-much-to-take",
            @"\bhow\s+(?:much|many)\b(?:\W+\w+){0,10}?\W+(?:" + TakeVerb + @"|per|a day|daily|at once|at a time|at one time|in a day|" +
            @"in 24|too much|too many|max\w*|most|limit|safe|safely|allowed|ok|okay|recommended|needed|required|necessary|normal|" +
            @"should|must|need|for (?:a|an|my|his|her|children|kids|adults?|child|\d+)|to (?:treat|help|get|stop|relieve|cure))\b",
            // SAFETY: "how many days" exempts only a question whose every "how much/many" is about time: "how many
            // tablets to take each day and for how many days" still asks for an amount.
            unless: CompositionLookup + @"|^(?!.*\bhow (?:much|many)\s+(?!time\b|(?:days|hours|minutes|weeks|months|years)\b))" +
                    @".*\bhow (?:much time|many (?:days|hours|minutes|weeks|months|years))\b" +
                    @"(?!.{0,30}\b(?:between|apart|should|can|must|do i|do you|of treatment|of therapy))|" +
                    @"\b(?:cost|costs|price|worth|temp|temperature|degrees)\b"),
        RoutingRule.Create("dosing:how-much-unit-for",
            @"\bhow (?:much|many)\s+(?:mg|milligrams|mcg|micrograms|units|ml|cc|tablets|pills|capsules|puffs|sprays)\b.{0,40}\bfor\b",
            unless: CompositionLookup),
        RoutingRule.Create("dosing:how-much-short",
            @"^\W*(?:\w+\W+){0,3}how (?:much|many)\W*(?:\w+\W*){0,2}$"),
        RoutingRule.Create("dosing:amount-to-take",
            @"(?<!\b(?:i|we|he|she|they)\s+(?:am\s+|'m\s+|was\s+|were\s+|have been\s+|'ve been\s+|been\s+|currently\s+|now\s+|already\s+)?)" +
            @"\b(?:take|taking|give|giving|use|using|have|swallow|chew|double|add|increase|decrease|go up to|go to|switch to|bump|" +
            @"up|lower|raise|cut|split|halve|inject|spray)\b(?:\s+\S+){0,4}?\s+" + Number + @"\s*(?:x\s*)?" +
            @"(?:an?\s+|of\s+(?:an?\s+|the\s+|my\s+|his\s+|her\s+)?)?" + Unit + @"\b"),
        // Splitting or cutting a tablet to get another amount is a dose change (plain splitting is administration).
        RoutingRule.Create("dosing:split-for-amount",
            @"\b(?:split|cut|break|halve|divide|quarter)\b.{0,40}\b(?:to get|to make|so (?:i|he|she) (?:get|gets|can get)|into)\b.{0,20}" +
            @"(?:\d|half|halves|quarters?|smaller|lower|less)"),
        RoutingRule.Create("dosing:can-i-take-amount",
            @"\b(?:can|could|should|may|is it (?:ok|okay|safe|alright|fine) to)\s+(?:i|you|we|he|she|one|my \w+)?\s*(?:take|give|have|use|" +
            @"double|add)\s+(?:\w+\s+)?(?:\d+|two|three|four|five|six|another|more|extra|an extra|a second|double|one more|" +
            @"a couple|twice)\b"),
        RoutingRule.Create("dosing:amount-judgement",
            @"\bhow (?:strong|high|low|much|big) is (?:a |an |the )?" + Number + @"\s*" + Unit + @"\b|\b" + Number + @"\s*" + Unit + @"\b.{0,30}\b(?:too much|too many|safe|ok|okay|a lot|strong|high|low|normal|enough|" +
            @"at once|a day|daily|per day|twice|every \d+|every (?:few|couple)|considered)\b"),
        RoutingRule.Create("dosing:limits",
            @"\b(?:max|maximum|maximal|highest|most|upper limit|lowest|minimum|least|starting|normal|usual|typical|standard|" +
            @"recommended|average|regular|safe|daily|correct|right|proper)\s+(?:daily\s+)?(?:dose|dosage|amount|intake|quantity|limit|" +
            @"mg|milligrams)\b|\bdaily (?:limit|max\w*)\b|\b(?:max|maximum)\b\W*$|\bmost\b.{0,40}\b(?:can|should|could|may)\b.{0,30}" +
            @"\b(?:take|have|use|give)\b|\btoo (?:much|many)\b",
            unless: @"^(?=.*(?:" + StrengthLookup + @"))(?!.*(?:" + ConsumptionCue + "))"),
        // An amount asked together with a period ("… safely have in 24 hrs", "how many a day").
        RoutingRule.Create("dosing:amount-per-period",
            @"\b(?:take|have|use|give|safe|safely|most|max\w*|how much|how many|amount|limit|allowed)\b.{0,60}\b(?:in|per|a|each|every|within)\s+" +
            @"(?:24|twenty[- ]four)\s*(?:hours?|hrs?|h)\b"),
        // A choice between amounts ("1 or 2 tablets", "10 or 20 mg").
        RoutingRule.Create("dosing:amount-choice",
            @"\b" + Number + @"\s*(?:" + Unit + @"\s*)?(?:or|to)\s+" + Number + @"\s*" + Unit + @"\b"),
        // A choice between schedules ("every week or every other week", "twice a day or once").
        RoutingRule.Create("dosing:schedule-choice",
            @"\b(?:once|twice|three times|\d+ times|every (?:other )?\w+|daily|weekly|monthly|a day|per day|morning|evening|night|" +
            @"bedtime|as needed|when needed|prn|regularly|everyday)\b.{0,25}\b(?:or|but|instead of|rather than|vs\.?|versus)\b.{0,20}\b" +
            @"(?:once|twice|three times|\d+ times|" +
            @"every (?:other )?\w+|daily|weekly|monthly|a day|per day|morning|evening|night|bedtime|as needed|when needed|prn|" +
            @"regularly|everyday)\b"),
        RoutingRule.Create("dosing:how-often",
            @"\bhow (?:often|frequent\w*)\b.{0,40}\b(?:take|use|give|get|inject|apply|spray|dose|repeat|redose|re-dose|have|can|should|need|needed|due|" +
            @"booster|shot|injection|administer|taken|given|used|applied|administered|required|i|you|we|one)\b|\bhow often\W*$|" +
            @"\bhow (?:much|many) times\b|" +
            @"\b(?:can|should|do|is it ok to|is it okay to)\b.{0,40}\b(?:once|twice|three times|\d+ times|" + Number + @" times)\s+" +
            @"(?:a|per|in a|in one|each)\s+(?:day|week|night|month)\b|\bevery\s+(?:\d+|few|how many|couple of|couple)\s+(?:hours?|hrs?|days?)\b",
            unless: EffectFrequency + "|" + LabelHistory),
        RoutingRule.Create("dosing:when-to-take",
            @"\b(?:when|what time)\s+(?:of (?:the )?day\s+)?(?:should|do|to|can|is (?:it )?best to|is the best time to)\s+(?:i|you|we|he|she|one)?\s*" +
            @"(?:take|give|use|have|inject|apply)\b|\b(?:best|right|ideal|good|better)\s+time\s+(?:of\s+(?:the\s+)?day\s+)?(?:to|for)\s+" +
            @"(?:take|taking|give|use|dose)\b|\btime of (?:the )?day\b|" +
            @"\b(?:morning|night|bedtime|evening|at night|before bed)\b.{0,25}\bor\b.{0,25}\b(?:morning|night|bedtime|evening)\b"),
        RoutingRule.Create("dosing:interval",
            @"\bhow (?:soon|long)\s+(?:after|before|between|until)\b.{0,40}\b(?:take|taking|dose|doses|another|next|again|repeat|more)\b|" +
            @"\bhow (?:many )?(?:hours|days) (?:apart|between)\b|\bhours between\b|" +
            @"\bhow soon\b.{0,30}\b(?:take|taken|taking|give|given|use|used|have|start)\b|" +
            @"\bhow long\b.{0,20}\bwait\b.{0,30}\b(?:take|taking|dose|another|next|again)\b"),
        RoutingRule.Create("dosing:duration",
            @"\bhow long\s+(?:should|can|do|must|will|would|to|does)\s+(?:i|you|we|one|he|she|they|my \w+|a patient|patients|someone|" +
            @"people|a person)?\s*(?:\w+\s+)?(?:take|use|be on|stay on|continue|keep|remain on|be taking|need to take|be kept on)\b|" +
            @"\b(?:length|duration) of (?:treatment|therapy|use|course)\b|\bhow many days (?:should|do|to|of|can)\b|\bcourse of\b|" +
            @"\bhow long\s+(?:\w+\s+)?(?:keep|stay)\s+(?:\w+\s+)?on\b|\bhow long\s+(?:on|to stay on|to be on)\b|" +
            @"\bhow long\s+(?:i|you|we|he|she)\s+(?:\w+\s+)?(?:take|use|be on|stay on)\b|\bhow long\b.{0,30}\bbe (?:taken|used|given|continued)\b",
            unless: @"\bhow long (?:does|do|will|would|did) (?:it|this|that|they|\w+)\s+(?:\w+\s+)?take\s+(?:\w+\s+){0,3}?(?:to|for|before|until)\b|" +
                    @"\btakes? (?:effect|to work|to kick in|to leave|to clear)\b|\bout of (?:your|my|the|his|her) system\b"),
        RoutingRule.Create("dosing:missed",
            @"\b(?:miss|missed|missing|forgot|forget|forgotten|skip|skipped|skipping|late|delayed)\b.{0,30}\b(?:dose|doses|pill|pills|tablet|" +
            @"tablets|shot|injection|day|days|it|one|my|his|her|their|the|medication|medicine|meds|taking|take)\b|" +
            @"\b(?:double up|make up for|double (?:the )?next|double (?:it|them) (?:next|tomorrow))\b"),
        RoutingRule.Create("dosing:change",
            @"\b(?:increase|increasing|decrease|decreasing|reduce|reducing|lower|lowering|raise|raising|up|bump|cut back|cut down|halve|" +
            @"double|doubling|adjust|adjusting|adjustment|change|changing|go up|go down|step down)\s+(?:\w+\s+){0,2}?(?:dose|dosage|" +
            @"doses|mg|amount|pills|tablets|capsules|to \d+|from \d+)\b|\b(?:increase|decrease|reduce|lower|raise|up|double|cut)\s+my\s+" +
            // "raise my blood sugar" asks what the medicine does to the body, not how to change a dose.
            @"(?!blood|sugar|glucose|heart|pulse|pressure|bp|cholesterol|potassium|sodium|risk|chances?|eye|liver|kidney|temperature|weight|appetite)\w+\b|" +
            @"\b(?:taper|tapering|wean|weaning|ween|weening)\b|\bhow (?:to|do i|do you|can i|should i)\s+(?:safely\s+)?(?:stop|come off|" +
            @"get off|quit|discontinue|reduce|lower|cut down|go off)\b"),
        RoutingRule.Create("dosing:weight-age-organ",
            @"\b(?:per|/)\s*(?:kg|kilo|kilogram|lb|pound|m2)\b|\bmg/kg\b|" +
            @"\b\d+\s*(?:kg|kilos?|lbs?|pounds?)\b.{0,40}\b(?:take|give|have|how much|how many|can|should|needs?|needed|what mg|" +
            @"which mg|what dose|what strength)\b|" +
            @"\b(?:take|give|have|how much|how many)\b.{0,40}\b\d+\s*(?:kg|kilos?|lbs?|pounds?)\b|" +
            @"\b\d+[- ]?(?:year|yr|month|week)s?[- ]?old\b.{0,30}\b(?:take|give|have|use)\b.{0,20}\b(?:how much|how many|" + Number + ")"),
        RoutingRule.Create("dosing:conversion",
            @"\b(?:convert|converting|conversion|equivalent|equivalence|equianalgesic|equal to|compar\w*|switch(?:ing)? from|" +
            @"change (?:over )?from|go(?:ing)? from)\b.{0,60}\b(?:mg|mcg|dose|dosage|patch|tablets?|pills?|iv|oral|injection|" +
            @"injectable|\d+)\b"),
        RoutingRule.Create("dosing:rate",
            @"\b(?:rate|speed|how fast|how quickly)\b.{0,20}\b(?:infus\w*|inject\w*|iv|drip|push|administer\w*)\b|" +
            @"\b(?:infusion|injection) (?:time|rate)\b"),
        RoutingRule.Create("dosing:how-to-take",
            @"\bhow\s+(?:do|should|can|would|to|must|does)\s+(?:i\s+|you\s+|we\s+|one\s+|he\s+|she\s+)?(?:take|be taking)\b",
            unless: @"\b(?:with(?:out)? (?:food|meals?|milk|water|juice)|empty stomach|crush\w*|chew\w*|swallow\w*|dissolve\w*|" +
                    @"sprinkle\w*|open\w* the capsule)\b"),
        RoutingRule.Create("dosing:directions", @"\bdirections\b"),
        // "the mg for sleep": an amount asked for a purpose (a strength list is asked "for <drug>", not for a condition).
        RoutingRule.Create("dosing:amount-for-use",
            @"\b(?:mg|mgs|milligrams?|mcg|micrograms?|units?)\s+(?:for|to treat|to help(?: with)?)\s+(?:my\s+|a\s+|an\s+|the\s+)?(?:sleep\w*|pain|anxiety|" +
            @"headaches?|migraines?|fever|arthritis|infections?|uti|cold|flu|allerg\w*|acne|back|toothache|cramps|depression|insomnia|" +
            @"agitation|psychosis|nausea|cough|blood pressure|cholesterol|diabetes|erectile|ed|hair|dandruff|strep|bronchitis|sinus\w*)\b"),
        // A choice between bare numbers ("cipro 500 or 750").
        RoutingRule.Create("dosing:number-choice", @"\b\d{1,4}(?:\.\d+)?\s*(?:mg)?\s*(?:or|vs\.?|versus)\s*\d{1,4}(?:\.\d+)?\b"),
        RoutingRule.Create("dosing:what-amount-should",
            @"\b(?:mg|milligrams?|strength|amount|many)\b.{0,20}\b(?:should|do|can|must)\s+(?:i|you|we|he|she|one|my \w+)\s+" +
            @"(?:take|use|give|start|be on|have|buy|get|choose|pick|try|go with|ask for|need)\b"),
        RoutingRule.Create("dosing:regimen",
            @"\b(?:can|could|should|do|is it (?:ok|okay|safe|alright|fine) to)\b.{0,30}\b(?:take|use|give|have|do|inject|apply|spray|" +
            @"dose)\s+(?:it|them|this|one|" +
            @"another|\w+)?\s*(?:again|twice|every day|daily|each day|everyday|every night|every morning|more often|long term|" +
            @"long-term|at night|in the morning|at bedtime|before bed|every other day|as needed|when needed|only when needed|prn|" +
            @"around the clock|regularly|continuously|closer together|more frequently|less often|every (?:other )?week|weekly|" +
            @"monthly|every \d+ (?:hours?|hrs?|days?|weeks?))\b"),
        // Regimen vocabulary asks for a schedule whatever the verb ("at what intervals should it be applied", "the regimen
        // for traveler's diarrhea"); a controlled-substance schedule and how often an effect occurs are label facts.
        RoutingRule.Create("dosing:regimen-word",
            @"\b(?:intervals?|regimens?|regime|schedul\w*|frequency|how frequently|how many times)\b",
            unless: @"\b(?:qtc?|pr|qrs|qt/qtc)\s+intervals?\b|\binterval prolong\w*|" +
                    @"\bschedule\s+(?:i{1,3}|iv|v|[1-5]|drug|substance|medication|class)\b|\bwhat schedule\b|\bscheduled (?:drug|substance)|" +
                    @"\b(?:controlled|dea|narcotic)\b|" + EffectFrequency + "|" + LabelHistory),
        // Whether an amount is enough or better ("is one viagra enough", "is two better", "should it be 1000").
        RoutingRule.Create("dosing:amount-sufficiency",
            @"\b(?:is|are|would|will|was)\s+(?:\w+\s+){0,2}?(?:one|two|three|four|half|a half|\d+(?:\.\d+)?)\s+(?:\w+\s+){0,3}?" +
            @"(?:enough|sufficient|plenty|better|stronger|weaker|not enough|too (?:much|many|strong|weak|high|low|little))\b|" +
            @"\b(?:should|would|could|must|can)\s+(?:it|that|this|the dose|mine|my dose|his dose|her dose)\s+be\s+(?:\d|half|one|two|" +
            @"three|double|higher|lower|more|less|increased|decreased|raised|lowered|doubled)"),
        // Alternatives between counts ("one tablet or two", "or do I need two").
        RoutingRule.Create("dosing:count-alternatives",
            @"\b(?:one|two|three|four|half|a half|single|\d)\s+(?:\w+\s+){0,2}?or\s+(?:\w+\s+){0,1}?(?:one|two|three|four|half|both|" +
            @"\d+)\b(?!\s*(?:days?|weeks?|months?|years?|hours?|times?|drinks?|glass\w*|beers?|cups?))|" +
            @"\bor\s+(?:do|should|can|would|will|must)\s+(?:i|we|he|she|you)\s+(?:need|take|use|have|give)\s+(?:two|three|four|\d+|" +
            @"more|another|a second|both|extra)\b",
            unless: @"^(?=.*(?:" + StrengthLookup + @"))(?!.*(?:" + ConsumptionCue + "))"),
        // Moving an amount up or down ("go up slowly", "cut it down to 40", "from 20 to 40").
        RoutingRule.Create("dosing:move-amount",
            @"\b(?:i|we|he|she|you|to|should|can|could|do|how|when|may)\s+(?:\w+\s+)?(?:go|step|move|bump|work|titrate|ramp|build)\s+" +
            @"(?:it\s+|him\s+|her\s+|me\s+|things\s+)?(?:up|down)\b|\b(?:up|down|back)\s+to\s+\d|" +
            @"\bfrom\s+\d+(?:\.\d+)?\s*(?:mg|mcg|units?)?\s+(?:to|up to|down to)\s+\d",
            unless: @"^(?=.*(?:" + StrengthLookup + @"))(?!.*(?:" + ConsumptionCue + "))"),
        // A count of dose units ("how many puffs of the inhaler", "how many drops"), unless it counts the package.
        RoutingRule.Create("dosing:how-many-units",
            @"\bhow (?:much|many)\s+(?:mg|milligrams|mcg|units|ml|cc|tablets|tabs|pills|capsules|caps|puffs|sprays|squirts|pumps|drops|doses|" +
            @"teaspoons|tsp|spoons|spoonfuls|patches|shots|injections|gummies|chewables)\b",
            unless: CompositionLookup + "|" + PackageCount +
                    @"|\bhow (?:much|many)\b.{0,30}\b(?:in|inside)\b(?!.{0,20}\b(?:a day|day|24|hours?|night|one go|once)\b)"),
        // An amount for a population ("the pediatric amount of benadryl", "the quantity of paracetamol for adult").
        RoutingRule.Create("dosing:amount-for-population",
            @"\b(?:quantity|amount|dose|how much|how many|mg|ml)\b.{0,40}\bfor\s+" + Population + @"\b|" +
            @"\b(?:pediatric|paediatric|child|children's|kids'?|infant|adult|geriatric|elderly|senior|weight-based|renal|hepatic)\s+" +
            @"(?:\w+\s+)?(?:amount|quantity|dose|dosing|dosage|mg)\b",
            unless: CompositionLookup + "|" + PackageCount + @"|^(?=.*(?:" + StrengthLookup + @"))(?!.*(?:" + ConsumptionCue + "))"),
        // A body weight only matters to a medicine as the basis of a dose ("benadryl for kid 25 kg ?").
        RoutingRule.Create("dosing:body-weight",
            @"(?<!\b(?:gain\w*|gained|lost|lose|losing|put on|dropped|drop)\s+(?:\w+\s+)?)\b\d+(?:\.\d+)?\s*(?:kg|kgs|kilos?|kilograms?|lbs?|pounds?)\b",
            unless: @"\bweight (?:gain|loss|change)|\b(?:gain|lose|lost|gained)\b"),
        // The person's current amount and another one ("I take 12.5, doctor said 25 next month, can I start now").
        RoutingRule.Create("dosing:current-and-new-amount",
            @"\b(?:i|i'm|we|he|she|he's|she's|my \w+)\s+(?:\w+\s+)?(?:take|takes|taking|on|use|uses|using|prescribed|given)\s+(?:\w+\s+)?" +
            @"\d+(?:\.\d+)?\b.{0,60}?\b(?:said|wants?|says|told|next|new|up to|down to|instead|now)\b.{0,20}\b\d+(?:\.\d+)?\b" +
            @"(?!\s*(?:years?|yrs?|months?|weeks?|days?|hours?|minutes?|am|pm))"),
        // A choice between course lengths ("cipro 3 day or 7 day").
        RoutingRule.Create("dosing:course-choice",
            @"\b\d+\s*-?\s*(?:days?|weeks?|months?)\s+(?:course\s+)?(?:or|vs\.?|versus)\s+\d+\s*-?\s*(?:days?|weeks?|months?)\b"),
        // A schedule judged ("ibuprofen after every meal fine?", "once daily ok?").
        RoutingRule.Create("dosing:schedule-judgement",
            @"\b(?:every|each|after every|with every|before every|once|twice|three times|\d+ times|daily|nightly|every day|every night)\s+" +
            @"(?:\w+\s+){0,2}?(?:fine|ok|okay|safe|alright|all right|good|too much|too often|too many|normal|acceptable)\b",
            unless: EffectFrequency),
        // "What amount / which quantity" asks for a dose unless it asks what a product contains.
        RoutingRule.Create("dosing:what-amount",
            @"\b(?:what|which|what's)\s+(?:\w+\s+)?(?:amount|quantity)\b",
            unless: CompositionLookup + "|" + PackageCount + @"|\b(?:is|are)\s+(?:there\s+)?in\b|\bcontain\w*"),
        // Timing before an activity ("viagra: take it how long before?").
        RoutingRule.Create("dosing:how-long-before",
            @"\b(?:take|use|apply|give|inject|spray)\b.{0,20}\bhow (?:long|soon|many (?:hours|minutes))\s+(?:before|after|prior)\b|" +
            @"\bhow (?:long|soon|many (?:hours|minutes))\s+(?:before|prior to)\s+(?:sex|bed|bedtime|intercourse|activity|surgery|a flight|" +
            @"flying|exercise)\b"),
        // Prescription shorthand for a schedule ("q12h", "bid") and a kidney-function figure are dosing vocabulary.
        RoutingRule.Create("dosing:sig-or-renal-figure",
            @"\b(?:q\s?\d{1,2}\s?h(?:rs?|ours?)?|bid|b\.i\.d|tid|t\.i\.d|qid|q\.i\.d|qd|qhs|qod|qam|qpm|tds|qds)\b|" +
            @"\b(?:crcl|creatinine clearance|egfr|gfr|clcr)\s*(?:of|is|=|:|<|>|below|under|above)?\s*\d+"),
        // Repeating or re-dosing is a schedule question ("at what interval can I repeat the naproxen").
        RoutingRule.Create("dosing:repeat",
            @"\b(?:when|how soon|how often|can|could|should|may|is it (?:ok|okay|safe|alright|fine) to)\b.{0,40}\b(?:repeat\w*|redos\w*|" +
            @"re-dos\w*|reappl\w*|re-appl\w*|top up)\b"),
        // An amount of a named medicine for a condition ("how much metformin for prediabetes").
        RoutingRule.Create("dosing:how-much-drug-for",
            @"\bhow (?:much|many)\s+(?!time\b|(?:days|hours|minutes|weeks|months|years)\b)(?:\w+\s+){1,3}?(?:for|to treat|to help)\s+(?!(?:a|one|each|the|every)\s+" +
            @"(?:bottle|box|pack|package|month|week|supply|prescription|refill)\b)\w+",
            unless: CompositionLookup + @"|\b(?:cost|costs|price|worth|insurance|copay|pay)\b"),
        // Timing against meals or bed ("how long before a meal should lansoprazole be taken").
        RoutingRule.Create("dosing:meal-timing",
            @"\bhow (?:long|soon|many (?:minutes|hours))\s+(?:before|after)\s+(?:a |the |my |each |every )?(?:meals?|food|eating|breakfast|lunch|dinner|" +
            @"supper|bed|bedtime)\b"),
        // Waiting before starting or taking a medicine ("how long after teeth treatment can you start zoledronic acid").
        RoutingRule.Create("dosing:wait-before-start",
            @"\bhow (?:long|soon)\s+after\b.{0,60}\b(?:can|could|should|do|does|to|must)\s+(?:i|you|we|he|she|one|they)?\s*(?:\w+\s+)?" +
            @"(?:start|take|have|get|begin|use|resume|restart|receive)\b"),
        // How a product is prescribed or used for a condition is its regimen ("how to prescribe fluocinonide gel",
        // "how to use ceftriaxone in malaria", "the protocol for adding insulin").
        RoutingRule.Create("dosing:prescribing",
            @"\bhow (?:to |do (?:i|you) |should (?:i|you|it be) |is (?:\w+\s+){0,3}?|are (?:\w+\s+){0,3}?)?prescrib(?:e|ed)\b|" +
            @"\bhow (?:to|do (?:i|you)|should (?:i|you))\s+(?:use|take|give)\s+(?:\w+\s+){1,2}?(?:for|in|to treat)\s+(?!(?:a|the)\s+(?:dog|cat|pet)\b)\w+|" +
            @"\b(?:protocol|regimens?)\b"),
        // Dose conversion without a unit ("… compared to oxycodone, what would be the equivalent").
        RoutingRule.Create("dosing:equivalent",
            @"\b(?:equivalent|equianalgesic)\b(?!\s+(?:generic|brand|product|drug|medicine|medication)\b)",
            unless: @"\b(?:generic|brand|bioequivalen\w*|therapeutic(?:ally)? equivalen\w*)\b"),
        // The most units a day ("maximum number of Allergy Relief tablets per day").
        RoutingRule.Create("dosing:max-number",
            @"\b(?:max|maximum|most|highest|limit)\s+(?:number|count|amount)\s+of\b"),
        // A further shot or dose of a series ("is it necessary to get a 2nd shot", "when is the booster due").
        RoutingRule.Create("dosing:series",
            @"\b(?:second|2nd|third|3rd|another|next|booster|repeat|follow-up)\s+(?:shot|dose|injection|booster|vaccine|vaccination|jab)s?\b|" +
            @"\bboosters?\b.{0,30}\b(?:need\w*|due|required|when|how often|get)\b"),
        // The length of one course ("what is the length of entecavir treatment").
        RoutingRule.Create("dosing:course-length",
            @"\b(?:length|duration)\s+of\s+(?:\w+\s+){1,2}?(?:treatment|therapy|use|course)\b"),
        // When to start a medicine ("when to start tamiflu").
        RoutingRule.Create("dosing:when-to-start",
            @"\bwhen (?:to|should (?:i|you|we|one|he|she)|do (?:i|you|we)|can (?:i|you|we)|is it best to)\s+(?:start|begin|initiate)\b"),
        // Two times of day for one medicine ("metformin after dinner and bed time?").
        RoutingRule.Create("dosing:time-pair",
            @"\b(?:after|before|with|at)\s+(?:dinner|breakfast|lunch|supper|meals?|bed\s*time|night|morning)\s+(?:and|or|&|vs\.?)\s+(?:at\s+|before\s+|after\s+)?" +
            @"(?:bed\s*time|night|morning|evening|dinner|breakfast|lunch|supper)\b"),
        // When to stop or whether one can stop is a treatment-length question ("when is it ok to discontinue premarin").
        RoutingRule.Create("dosing:when-to-stop",
            @"\b(?:when|at what point)\s+(?:is it\s+(?:\w+\s+)?|should\s+\w+\s+|can\s+\w+\s+|could\s+\w+\s+|do\s+(?:i|we)\s+|to\s+|must\s+\w+\s+|" +
            @"is the (?:right |best )?time to\s+)(?:\w+\s+)?(?:stop(?! us(?:e|ing)\b)|discontinue|quit|come off|go off)\b|" +
            @"\bat what point\b.{0,30}\b(?:no longer need|not need|stop)\b",
            // "When should I stop use and ask a doctor" is the OTC label's own section.
            unless: @"\b(?:ask|see|call|contact|tell)\s+(?:a|my|your|the)\s+(?:doctor|physician|pharmacist|dentist)\b|\bstop use\b"),
    ];

    // ---- Professional deployments ------------------------------------------------------------------------------------

    /// <summary>
    /// The dose is wanted for one person (the asker, someone they care for, "this patient", a stated weight, age or
    /// kidney function): always redirected, even for clinicians.
    /// </summary>
    internal const string IndividualPatient =
        @"\b(?:i|i'm|i've|i'd|me|my|mine|we|our|us|he|she|he's|she's|him|her|his|hers)\b|" +
        @"\b(?:this|the|a|one) (?:patient|pt|child|kid|baby|man|woman|person|lady|guy|boy|girl|infant)\b(?! population)|\bpt\b|" +
        @"\b\d+\s*(?:kg|kilos?|kilograms?|lbs?|pounds?)\b|\b\d+[- ]?(?:year|yr|month|week|day)s?[- ]?old\b|\b\d+\s*(?:yo|y/o)\b|" +
        @"\b(?:crcl|creatinine clearance|egfr|gfr|scr)\s*(?:of|is|=|:)?\s*\d+";
}
