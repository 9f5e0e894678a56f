namespace LabelBot.Core.Answering.Routing;

/// <summary>
/// The words and phrasings the <see cref="QuestionRouter"/> recognises, as data: the shared fragments here, and one rule
/// list per kind in its own file (RoutingLexicon.Emergency.cs, .Escalation.cs, .AdverseEvent.cs, .Dosing.cs,
/// .OutOfScope.cs, .Personal.cs). Patterns run on <see cref="QuestionText.Normalize"/> output (lower case,
/// plain apostrophes, chat spellings fixed). A new routing bug gets a case in tests/…/Data/routing.jsonl first.
/// </summary>
internal static partial class RoutingLexicon
{
    // ---- shared fragments ------------------------------------------------------------------------------------------

    /// <summary>The asker speaking about themself.</summary>
    internal const string Self = @"(?:i|i'm|i've|i'd|i'll|me|my|myself|we|we're|we've|us|our)";

    /// <summary>People (and pets) someone cares for.</summary>
    internal const string Relation =
        @"(?:mom|mum|mommy|mother|dad|daddy|father|son|daughter|kid|kids|child|children|baby|toddler|husband|wife|partner|" +
        @"boyfriend|girlfriend|brother|sister|grandma|grandmother|nana|grandpa|grandfather|grandson|granddaughter|grandchild|" +
        @"friend|roommate|patient|aunt|uncle|nephew|niece|spouse|parent|parents|teen|teenager|infant|newborn|fiance|fiancee|" +
        @"client|resident|neighbor|neighbour|cousin|boy|girl|dog|cat|puppy)";

    internal const string Carer = @"(?:my|our|his|her)\s+(?:\w+\s+)?" + Relation;

    internal const string ThirdPerson = @"(?:he|she|he's|she's|his|her|him|they|them|their|someone|somebody)";

    /// <summary>Something is happening to a real person, not a general question ("can cipro cause seizures").</summary>
    internal const string Situational = @"\b(?:" + Self + "|" + ThirdPerson + @"|friend|right now|currently|just)\b";

    /// <summary>
    /// A statement rather than a question ("lips swelling after ibuprofen"): a report of something happening,
    /// which counts as situational for symptoms that are emergencies.
    /// </summary>
    internal const string ReportStyle =
        @"^(?!\W*(?:what|what's|how|can|does|do|is|are|which|why|when|who|whom|should|could|will|would|may|might|tell|list|" +
        @"explain|describe|define|please|any|according)\b)";

    internal const string SituationalOrReport = Situational + "|" + ReportStyle;

    /// <summary>A young child ("toddler", "my 2yo", "3 year old").</summary>
    internal const string YoungChild =
        @"(?:" + Relation + @"|little one|\d+\s*(?:yo|y/o|yrs?|years?|months?|mos?)(?:[- ]?old)?|\d+[- ]?(?:year|yr|month)s?[- ]?old)";

    internal const string Number =
        @"(?:\d+(?:[.,/]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|" +
        @"hundred|half|a half|a couple(?: of)?|couple(?: of)?|several|a few|few|another|extra|an extra|more|a second|double|less|fewer)";

    internal const string Unit =
        @"(?:mg|milligrams?|mcg|micrograms?|µg|ug|g|gm|grams?|ml|mls|milliliters?|millilitres?|cc|units?|iu|meq|tablets?|tabs?|" +
        @"pills?|caps?|capsules?|caplets?|gelcaps?|softgels?|puffs?|sprays?|squirts?|drops?|doses?|teaspoons?|tsp|tablespoons?|" +
        @"tbsp|spoonfuls?|patch(?:es)?|shots?|injections?|sachets?|packets?|gummies|chewables?|lozenges?|pens?)";

    /// <summary>Verbs of taking or giving a medicine.</summary>
    internal const string TakeVerb =
        @"(?:take|takes|taking|took|give|gives|giving|use|uses|using|have|swallow|chew|inject|injecting|spray|apply|" +
        @"administer|drink|pop|put)";

    internal const string Symptom =
        @"(?:dizz\w*|lightheaded|light-headed|faint\w*|rash\w*|hives|itch\w*|red|redness|flush\w*|nause\w*|vomit\w*|" +
        @"throwing up|threw up|sick|ill|diarrh\w*|constipat\w*|headaches?|migraines?|pain\w*|aches?|aching|achy|hurts?|" +
        @"hurting|sore\w*|swell\w*|swollen|tired\w*|fatigue\w*|exhaust\w*|sleepy|drows\w*|insomnia|" +
        @"(?:can't|cannot|trouble|unable to) (?:sleep|pee|urinate|focus|concentrate|think)|nightmares?|blurr\w*|vision|" +
        @"bleed\w*|bruis\w*|cough\w*|cramp\w*|weak\w*|numb\w*|tingl\w*|palpitations?|racing|pounding|anxi\w*|depress\w*|" +
        @"mood\w*|irritab\w*|hair (?:loss|falling|thinning|is falling)|losing (?:my |his |her )?hair|weight gain|" +
        @"gained weight|gaining weight|erections?|ringing|tendons?|joints?|fever\w*|chills?|cold|sweat\w*|confus\w*|" +
        @"hallucinat\w*|shak\w*|tremors?|trembl\w*|twitch\w*|stiff\w*|jaundice|yellow\w*|dark urine|spasms?|restless\w*|" +
        @"agitat\w*|drool\w*|stomach\w*|heartburn|reflux|bloat\w*|gas|dry mouth|thirst\w*|appetite|taste|memory|forgetful|" +
        @"pee|peeing|urinat\w*|sleep|sleeping|eat|eating|focus|concentrat\w*|peel\w*|gain\w*|lost (?:\w+ )?(?:weight|pounds|lbs|kg|hair)|" +
        @"stuffy|congest\w*|runny|hair growth|growing hair|tint\w*|blister\w*|acne|sunburn\w*|weird|strange|off|funny|awful|terrible|horrible|bad|worse|unwell|groggy|foggy|" +
        @"jittery|burning|stinging|irritat\w*|infect\w*|colds?|side effects?|reactions?|wetting|wet (?:myself|himself|herself|the bed|pants)|" +
        @"incontinen\w*|bedwetting)";

    internal const string BodyPart =
        @"(?:legs?|arms?|back|head|stomach|belly|tummy|muscles?|joints?|knees?|feet|foot|hands?|fingers?|toes?|skin|" +
        @"scalp|eyes?|vision|face|lips?|mouth|tongue|heart|tendons?|achilles|ankles?|neck|shoulders?|hair|nose|ears?|" +
        @"urine|pee|stool|poop|liver|kidneys?|penis|erection|blood pressure|blood sugar|sugar|bp|heart rate|pulse|hips?|" +
        @"wrists?|body)";

    /// <summary>
    /// A real person is named or something has happened: the asker, someone they care for, he/she, or a past-tense
    /// intake. "Someone", "a person" and "you" alone are the generic subject of a label question.
    /// </summary>
    internal const string SomeoneInvolved =
        @"\b(?:" + Self + @"|he|she|he's|she's|him|his|her|friend|right now|currently|just|took|taken|swallowed|ate|eaten|drank|" +
        @"ingested|overdosed|injected|gave|given)\b|\b" + Carer + @"\b";

    /// <summary>
    /// The question asks what the label says about overdose or taking too much, or what the signs, symptoms or treatment
    /// of an overdose are, about nobody in particular ("what are the signs of an acetaminophen overdose" is the label's
    /// Overdosage section; "I took too many" stays an emergency).
    /// </summary>
    internal const string OverdoseInformation =
        @"^(?!.*(?:" + SomeoneInvolved + @"))(?=.*\b(?:overdos\w*|too (?:much|many))\b)" +
        @"(?=.*\b(?:label|labeling|labelling|section|prescribing information|package insert|insert|leaflet|medication guide|" +
        @"signs?|symptoms?|what happens (?:in|during|with) (?:an? )?overdos\w*|treat\w*|manag\w*|antidote|reverse\w*)\b)";

    /// <summary>
    /// How the product is kept ("do I need to keep atorvastatin in the fridge", "can I leave Kloxxado in my car", "what if
    /// my naloxone froze"): a fact of the product's label (How Supplied/Storage), the same for everyone, not personal advice.
    /// </summary>
    internal const string StorageQuestion =
        @"\b(?:fridge|refrigerat\w*|freez\w*|froze|frozen|room temperature|stor(?:e|ed|es|ing|age)|hot car|in (?:my|the|a) (?:car|glove box)|" +
        @"(?:summer|the) heat|direct sunlight|out of the (?:fridge|refrigerator))\b";

    /// <summary>
    /// The user asks what the label itself says ("what does the label say about …", "according to the insert …"): a
    /// label question about the text, never a request for personal advice.
    /// </summary>
    internal const string LabelSays =
        @"\b(?:what|where|how|does|do|is|which)\b.{0,30}\b(?:label|labeling|labelling|package insert|insert|leaflet|prescribing information|" +
        @"medication guide|drug facts)\b.{0,15}\b(?:says?|said|states?|mentions?|lists?|warns?|tells?|recommends?|covers?|reports?)\b|" +
        @"\baccording to (?:the )?(?:label|labeling|package insert|insert|leaflet|prescribing information|medication guide|drug facts)\b";

    /// <summary>
    /// A factual question about what a medicine does or is linked to, asked about nobody in particular ("does haloperidol
    /// prolong the QT interval", "can atorvastatin raise liver enzymes at high doses"): an Adverse Reactions / Warnings
    /// fact, not a dose, even when it mentions doses.
    /// </summary>
    internal const string FactualEffect =
        @"^\W*(?:does|do|can|could|will|would|is|are|may|might|has|have)\s+(?:\w+\s+){1,5}?(?:cause\w*|prolong\w*|affect\w*|" +
        @"damage\w*|lead to|result in|show up|elevat\w*|associated with|linked to|known to|risk of|interfere\w*|interact\w*)\b|" +
        @"\b(?:qtc?|qt interval|qt prolongation|torsade\w*|liver (?:tests?|enzymes?|function tests?)|transaminase\w*|lfts?)\b";
}
