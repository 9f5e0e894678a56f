namespace LabelBot.Core.Answering.Routing;

/// <summary>Requests for advice about the asker's own situation.</summary>
internal static partial class RoutingLexicon
{
    // ---- personal advice ---------------------------------------------------------------------------------------------

    internal const string Situation =
        @"\b(?:i'm|i am|i was|i've been|i have|i've|i had|i got|we're|we are|my \w+(?: \w+)? (?:is|has|was|had|have)|he is|she is|" +
        @"he's|she's|he has|she has)\b.{0,60}\b(?:pregnant|breastfeeding|nursing|trying to (?:conceive|get pregnant)|diabetic|" +
        @"diabetes|allergic|allergy|kidney|renal|liver|heart|asthma|blood pressure|hypertension|surgery|\d+\s*(?:years|yrs|year|yr)\b|" +
        @"years old|elderly|old|drinking|drink|alcohol|epilep\w*|seizures|bleeding|ulcer|depress\w*|cancer|hiv|hepatitis|" +
        @"infection|psoriasis|arthritis|on \w+|taking \w+|prescribed|\d+\b|low|high|elevated|weak|poor|abnormal|borderline|sick|" +
        @"unwell|sensitive|intolerant|expecting|(?:going to |about to )?ha(?:ve|ving) a baby|trying for a baby|due (?:in|next))";

    private const string AdviceWord =
        @"\b(?:can|could|should|safe|ok|okay|alright|fine|good|bad|right|risk\w*|harm\w*|hurt|affect|dangerous|allowed|worry|" +
        @"problem|issue|recommend|advice|advise|or not|better|will it|would it|is it|is that|able to|will|would|might|mess|" +
        @"interfere|interact)\b|\bor\b.{0,25}\?|\?";

    internal static readonly RoutingRule[] Personal =
    [
        RoutingRule.Create("personal:can-i",
            @"(?<!\b(?:how|where|when|why|what|which|what time)\s)\b(?:can|could|may|should|shall|must)\s+(?:i|we|he|she|they|me|my \w+(?: \w+)?|" +
            @"our \w+)\b"),
        RoutingRule.Create("personal:safe-for-me",
            @"\b(?:is|are|would|will|was)\s+(?:it|this|that|they|these|\w+)\s+(?:\w+\s+)?(?:safe|ok|okay|alright|all right|fine|bad|" +
            @"dangerous|harmful|risky|good|right|appropriate|a good idea|suitable|better|best|worse|wise|smart|advisable|a bad idea|" +
            @"a problem|an issue|a risk|a concern|too risky|necessary|needed|possible)\s+(?:for|with|to give to|" +
            @"to use for)\s+(?:me|my|him|her|us|them|someone like me|a person like me|mine)\b|" +
            @"\b(?:right|good|best|safe|ok|okay|suitable|better|appropriate|wise|smart|advisable)\s+(?:\w+\s+){0,2}for\s+(?:me|my|him|her|us)\b"),
        // A question that ends on the person it is for ("will humira be a problem for me", "… interact with them for me").
        RoutingRule.Create("personal:for-me",
            @"\bfor\s+(?:me|myself|us|him|her|my \w+(?: \w+)?|" + Carer + @")\W*$",
            unless: @"\b(?:explain|summari[sz]e|list|tell|show|describe|find|look up|check|read|translate|simplify|break|clarify|define|" +
                    @"spell|print|quote|cite|paraphrase|outline|highlight)\b"),
        // The asker's own modal statement inside a question ("any reason I shouldn't use naloxone on my brother").
        RoutingRule.Create("personal:i-should",
            @"\b(?:i|we)\s+(?:should|shouldn't|should not|can|can't|cannot|could|couldn't|may|must|mustn't|need to|have to|ought to)\s+" +
            @"(?:not\s+|still\s+|also\s+|just\s+|safely\s+|really\s+)?(?:take|use|give|have|drink|keep|stop|continue|start|try|mix|" +
            @"combine|skip|quit|eat|get|be on|go on|come off)\b",
            requires: @"\?|\b(?:any reason|wondering|whether|not sure|or not|is that|correct|true|right)\b|^\W*(?:what|why|when|how|is|are|do|does|any|so)\b",
            unless: @"\b(?:label|labeling|insert|leaflet|prescribing information)\b"),
        // Taking or drinking something together with one's own medicine or condition ("coffee with my cipro").
        RoutingRule.Create("personal:with-my-anything",
            @"\b(?:drink|drinking|eat|eating|mix|mixing|combine|combining|take|taking|have|having|use|using)\b.{0,40}\bwith (?:my|his|her|our)\b" +
            @"(?!\s+(?:doctor|dr|gp|physician|pharmacist|nurse|provider|prescriber))"),
        RoutingRule.Create("personal:my-situation", Situation, requires: AdviceWord),
        // A habit the asker states, then a worry about the medicine ("I drink socially on weekends, any problem with naproxen?").
        RoutingRule.Create("personal:i-habit-and-ask",
            @"\b(?:i|we)\s+(?:\w+\s+)?(?:drink|smoke|vape|use|take|work|exercise|run|train|fly|travel|drive|eat|fast|live|breastfeed|nurse|" +
            @"play|lift|dive|climb)\b",
            requires: @"\b(?:any|a)\s+(?:problem|issue|risk|concern|harm|danger)\w*|\b(?:ok|okay|safe|alright|all right|fine|risky|dangerous|bad|" +
                      @"allowed|a good idea|a problem|should i|can i)\b"),
        // Any condition the asker states about themself, then asks if the medicine is all right ("I've got gout, is naproxen ok").
        RoutingRule.Create("personal:i-have-and-ask",
            @"\b(?:i've got|i have got|i got|i have|i've|i suffer from|i was diagnosed with|diagnosed with|my \w+ has|he has|she has)\s+" +
            @"(?!(?:a question|questions|a quick question|read|heard|seen|looked|been told|no idea|a few|to know|a doubt)\b)\w+",
            requires: @"\b(?:ok|okay|safe|alright|all right|fine|should|risky|dangerous|bad|allowed|a good idea|a problem)\b"),
        RoutingRule.Create("personal:with-my",
            @"\bwith (?:my|his|her|our) (?:\w+\s+)?(?:alcohol|beer|wine|drinks?|liquor|vodka|coffee|meds|medicines?|medications?|" +
            @"pills|tablets|supplements?|vitamins?|birth control|antacids?|insulin|blood thinners?|inhaler|condition|diabetes|heart|" +
            @"kidneys?|liver|pregnancy)\b"),
        RoutingRule.Create("personal:need-something",
            @"\b(?:need|needs|want|wants|looking for)\s+(?:something|anything|a (?:medicine|medication|drug|pill|painkiller|pain reliever)|" +
            @"some(?:thing)? to take)\s+(?:for|to|that)\b"),
        RoutingRule.Create("personal:what-should-i-take",
            @"\b(?:what|which)\s+(?:\w+\s+)?(?:should|can|could|do|would)\s+(?:i|we|he|she|my \w+)\s+(?:\w+\s+)?(?:take|use|give|try|do|buy|get)\b"),
        RoutingRule.Create("personal:recommend",
            @"\b(?:do|would|could|can|will)\s+you\s+(?:recommend|suggest|advise|prescribe)\b|\bwhat (?:do|would) you (?:recommend|suggest|" +
            @"advise)\b|\b(?:which|what) (?:one |medicine |medication |drug |painkiller |pill )?(?:is|would be|works) (?:better|best|safer|" +
            @"safest)\b"),
        RoutingRule.Create("personal:harm-me",
            @"\b(?:will|would|could|can|might|does|is)\s+(?:it|this|that|\w+)\s+(?:\w+\s+)?(?:hurt|harm|affect|damage|kill|be bad for|" +
            @"be dangerous for|be safe for|interfere with)\s+(?:me|my|him|her|us|the baby|our baby)\b|\bdo to (?:me|my|him|her|us)\b"),
        RoutingRule.Create("personal:what-if-i",
            @"\bwhat (?:happens|will happen|would happen|could happen)\s+(?:to (?:me|my \w+)\s+)?if\s+(?:i|we|he|she|my \w+)\b|" +
            @"\bwhat if\s+(?:i|we|he|she|my \w+)\b"),
        RoutingRule.Create("personal:is-it-ok-if-i",
            @"\bis it (?:ok|okay|safe|alright|all right|fine|bad|dangerous|a problem|normal)\s+(?:if|that|when|for)\s+(?:i|we|he|she|me|my \w+)\b"),
        RoutingRule.Create("personal:am-i-allowed",
            @"\b(?:am i|is my \w+|are we)\s+(?:allowed|able|ok|okay|safe|at risk|going to be ok|supposed to)\b"),
        RoutingRule.Create("personal:do-you-think",
            @"\b(?:do you think|you think|would you say|whether|wondering if|not sure if)\b.{0,20}\b(?:i|we|he|she|my \w+)\s+" +
            @"(?:should|can|could|need to|must|ought to)\b"),
        // SAFETY: "someone like me" asks about the asker, however general it sounds.
        RoutingRule.Create("personal:like-me",
            @"\b(?:like me|like myself|someone like me|people like me|in my (?:case|situation|condition|state))\b"),
        RoutingRule.Create("personal:do-i-need-to",
            @"\b(?:do|does)\s+(?:i|we|he|she|my \w+)\s+(?:really\s+)?(?:need|have)\s+to\s+(?:stop|keep|continue|see|worry|avoid|go|call|" +
            @"take it|be on|quit)\b"),
        // What to use instead of a medicine is a recommendation ("what can take the place of tramadol").
        RoutingRule.Create("personal:alternative",
            @"\b(?:what|which|anything|something|any)\b.{0,40}\b(?:in place of|instead of|take the place of|substitute (?:for|of)|replace|" +
            @"replacement for|alternatives? (?:to|for)|(?:close|similar) to the)\b"),
        // A medicine that is not working for someone ("what if meclizine does not work").
        RoutingRule.Create("personal:not-working",
            @"\b(?:does|do|did|is|are|has|have)(?:n't| not)\s+(?:\w+\s+)?(?:work|working|worked|help|helping|helped)\b|\bnot (?:working|helping)\b"),
        // Whether it is all right to take, mix or stop something ("is it ok to take a probiotic when taking an antibiotic",
        // "ok to use expired lidocaine patches", "is it safe for a 72 year old to stop premarin").
        RoutingRule.Create("personal:ok-to-act",
            @"\b(?:ok|okay|safe|alright|all right|fine|wise|advisable|a good idea)\s+(?:for\s+(?:\w+\s+){1,4}?)?to\s+" +
            @"(?:take|use|give|drink|mix|combine|stop|quit|discontinue|have|eat|start|continue|keep|get|come off|go off|apply|inject|double)\b",
            // "Is it safe to combine Viagra with alpha blockers" asks for the label's interaction warning.
            unless: @"\b(?:label|labeling|insert|leaflet|prescribing information|medication guide)\b|\bwith\b|\bcombin\w*"),
        // Should two medicines be taken together: advice ("should metoprolol and lexapro be taken together").
        RoutingRule.Create("personal:should-combine",
            @"^\W*should\b.{0,60}\b(?:be\s+)?(?:taken|used|given|mixed|combined)\s+(?:together|at the same time|with)\b",
            unless: @"\b(?:food|meals?|milk|water|juice|empty stomach)\b"),
        // "Do I take calcium with alendronate": the asker's own regimen (with or without food is a label fact).
        RoutingRule.Create("personal:do-i-take",
            @"\bdo (?:i|we)\s+(?:\w+\s+)?(?:take|use|give)\b",
            // "How do I use the nasal spray?" asks for the label's instructions for use, not for advice.
            unless: @"\bwith(?:out)?\s+(?:or without\s+)?(?:food|meals?|milk|water|juice)\b|\bempty stomach\b|\bor without food\b|" +
                @"^\s*how (?:do|should|can|would) (?:i|we) (?:use|apply|inject|spray|administer|insert)\b(?!.*\b(?:my|our) (?:baby|child|son|daughter|kid|infant|toddler)\b)"),
        // The asker's own condition as the object of a worry ("will anti viral drugs activate my angio edema condition").
        RoutingRule.Create("personal:my-condition",
            @"\b(?:my|his|her|our)\s+(?:\w+\s+){0,2}?(?:condition|disease|illness|disorder|allergy|allergies|problem|diagnosis|symptoms)\b",
            requires: AdviceWord + @"|\b(?:activate|trigger|worsen|aggravate|flare|make worse)\b"),
        // "What should/will I do" after something happened.
        RoutingRule.Create("personal:what-do-i-do",
            @"\bwhat (?:will|should|do|can|shall|must) (?:i|we|he|she) do\b"),
        // A question conditioned on someone's condition ("are you able to take guaifenesin if you have a heart transplant").
        RoutingRule.Create("personal:if-someone-has",
            @"\b(?:can|could|should|able to|safe|ok|okay|allowed)\b.{0,60}\bif\s+(?:you|i|he|she|we|my \w+)\s+" +
            @"(?:have|has|had|are|am|is|suffer|were|was|get)\b"),
        // Whether someone may stop a medicine ("can a patient stop using enalapril if the condition stabilizes").
        RoutingRule.Create("personal:can-stop",
            @"\b(?:can|could|should|may|must)\s+(?:\w+\s+){0,3}?(?:stop|discontinue|quit|come off|go off|get off)\b",
            // "When should I stop using Rogaine" asks for the OTC label's "Stop use and ask a doctor" section.
            unless: @"\b(?:ask|see|call|contact|tell)\s+(?:a|my|your|the)\s+(?:doctor|physician|pharmacist|dentist)\b|\bstop us(?:e|ing)\b"),
        // How to combine two medicines is a regimen for someone ("how to combine dapagliflozin with metformin").
        RoutingRule.Create("personal:how-to-combine",
            @"\bhow (?:to|do (?:i|you|we)|can (?:i|you|we)|should (?:i|you|we))\s+(?:combine|mix|add|pair|use)\b.{0,40}\b(?:with|and|together|to)\b",
            unless: @"\b(?:label|labeling|insert|leaflet|prescribing information|medication guide)\b|\b(?:food|water|juice|milk|applesauce|pudding)\b"),
        // What helps someone through withdrawal or side effects is advice ("what help withdrawal from hydrocodone").
        RoutingRule.Create("personal:what-helps",
            @"\bwhat (?:helps?|can help|will help|would help|is good|works|to do)\s+(?:with\s+|for\s+|about\s+)?(?:the\s+)?(?:withdrawals?|side effects?|symptoms|" +
            @"pain|sleep|nausea|itch\w*|cravings?)\b"),
        // The best or safest medicine for a kind of person ("what antidepressants are best for someone with a heart arrhythmia").
        RoutingRule.Create("personal:best-for",
            @"\b(?:best|safest|better|safer|right|good)\s+(?:\w+\s+)?for\s+(?:someone|somebody|a person|people|patients?|a patient|me|my|him|her|us|" +
            @"an? (?:elderly|older|young|pregnant|diabetic)\b)"),
        RoutingRule.Create("personal:second-opinion",
            @"\bmy (?:doctor|dr|gp|physician|prescriber|pharmacist|cardiologist|dermatologist|psychiatrist)\s+(?:\w+\s+)?(?:prescribed|" +
            @"told|said|gave|wants|put|switched|recommended|suggested|increased|changed)\b.{0,80}\b(?:should|can|is (?:it|that|this)|" +
            @"safe|ok|okay|right|really|need|correct|wrong|too)\b"),
    ];
}
